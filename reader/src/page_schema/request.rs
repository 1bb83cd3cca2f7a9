//! The page's HTTP request: its verb and URL (host placeholders and path template), from the
//! code block under `## HTTP request` or the front matter's `apiPlayground`.

use super::*;

pub(super) fn http_request(
    ctx: &Ctx<'_>,
    text: &str,
    line: u32,
    method: &mut schema::Method,
    diags: &mut Vec<Diagnostic>,
) {
    // The block's first non-blank line, and its line on the page (the fence is `line`).
    let (at, first) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (line + 1 + i as u32, l))
        .unwrap_or((line + 1, ""));
    let indent = first.chars().take_while(|c| c.is_whitespace()).count() as u32;
    let Some((verb, url)) = first.trim().split_once(' ') else {
        diags.push(Diagnostic::error(
            ctx.file,
            at,
            1 + indent,
            format!("expected `VERB URL` in the HTTP request block, found `{first}`"),
        ));
        return;
    };
    // Columns are characters: a verb is not always ASCII on a broken page.
    let url_col = 1 + indent + verb.chars().count() as u32 + 1;
    let Some(verb) = schema::Verb::parse(verb) else {
        diags.push(Diagnostic::error(
            ctx.file,
            at,
            1 + indent,
            format!("`{verb}` is not an HTTP verb (GET, POST, PUT, PATCH or DELETE)"),
        ));
        return;
    };
    match split_url(url.trim()) {
        Some((host, path)) => match read_url(&host, &path) {
            Ok((host, path)) => {
                for part in host.parts() {
                    if let schema::HostPart::Placeholder(name) = part {
                        if yandex_cloud_runtime::public_endpoint(name).is_none() {
                            diags.push(Diagnostic::warning(
                                ctx.file,
                                at,
                                url_col,
                                format!(
                                    "host placeholder `{{{{ {name} }}}}` is not among the public \
                                     endpoints the generator knows (`PUBLIC_ENDPOINTS`, runtime/src/request/hosts.rs): the \
                                     method is generated, and a call to it needs \
                                     `Hosts::new().set(\"{name}\", …)`"
                                ),
                            ));
                        }
                    }
                }
                method.http_method = verb;
                method.host = host;
                method.path = path;
            }
            Err(problem) => diags.push(Diagnostic::error(ctx.file, at, url_col, problem)),
        },
        None => diags.push(Diagnostic::error(
            ctx.file,
            at,
            url_col,
            format!("cannot read the URL `{url}` (expected `https://host/path`)"),
        )),
    }
}

/// The host and path templates of a URL, read once here so that nothing after the page
/// reader parses them again.
pub fn read_url(
    host: &str,
    path: &str,
) -> Result<(schema::HostTemplate, schema::PathTemplate), String> {
    Ok((
        schema::HostTemplate::parse(host)?,
        schema::PathTemplate::parse(path)?,
    ))
}

/// `https://{{ api-host-mdb }}/a/{b}` → (`api-host-mdb`, `/a/{b}`): a `{{ … }}` host is a
/// placeholder for the endpoint, kept by its name.
pub fn split_url(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = if let Some(inner) = rest.strip_prefix("{{") {
        let end = inner.find("}}")?;
        (inner[..end].trim().to_string(), &inner[end + 2..])
    } else {
        let end = rest.find('/').unwrap_or(rest.len());
        (rest[..end].to_string(), &rest[end..])
    };
    if host.is_empty() || !path.starts_with('/') {
        return None;
    }
    Some((host, path.to_string()))
}
