//! Changes to methods: verb, URL, parameters, request and response (and what an operation
//! packs).

use super::*;

fn method_name(m: &Method) -> String {
    format!("{}.{}.{}", m.package, m.resource, m.name)
}

pub(super) fn methods(out: &mut Out, old: &[Method], new: &[Method]) {
    let old_by: BTreeMap<String, &Method> = old.iter().map(|m| (method_name(m), m)).collect();
    let new_by: BTreeMap<String, &Method> = new.iter().map(|m| (method_name(m), m)).collect();
    for (name, m) in &old_by {
        if !new_by.contains_key(name) {
            out.push(
                &m.origin,
                Class::Breaking,
                format!("method {name} removed (was {} {})", m.http_method, m.path),
            );
        }
    }
    for (name, n) in &new_by {
        let at = &n.origin;
        let Some(o) = old_by.get(name) else {
            out.push(
                at,
                Class::Additive,
                format!("method {name} added ({} {})", n.http_method, n.path),
            );
            continue;
        };
        let mut breaking = |what: String| {
            out.changes.push(Change {
                place: at.clone(),
                class: Class::Breaking,
                what: format!("method {name}: {what}"),
            })
        };
        if o.http_method != n.http_method {
            breaking(format!("verb {} → {}", o.http_method, n.http_method));
        }
        if o.path != n.path {
            breaking(format!("path {} → {}", o.path, n.path));
        }
        if o.host != n.host {
            breaking(format!("host {} → {}", o.host, n.host));
        }
        if o.request_message != n.request_message {
            let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "(its own)".into());
            breaking(format!(
                "request {} → {}",
                show(&o.request_message),
                show(&n.request_message)
            ));
        }
        if o.request_type != n.request_type {
            let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "the message".into());
            breaking(format!(
                "request type {} → {}",
                show(&o.request_type),
                show(&n.request_type)
            ));
        }
        response(&mut breaking, &o.response, &n.response);
        // A named request message is compared as a message; a method without one gets its
        // request type from its parameters, which are compared here.
        if o.request_message.is_none() && n.request_message.is_none() {
            for (kind, a, b) in [
                ("path parameter", &o.path_params, &n.path_params),
                ("query parameter", &o.query_params, &n.query_params),
            ] {
                let a: Vec<_> = a.iter().map(|f| (f, None)).collect();
                let b: Vec<_> = b.iter().map(|f| (f, None)).collect();
                fields(out, &format!("method {name} {kind} "), at, &a, &b);
            }
        }
        if o.docs != n.docs {
            out.push(
                at,
                Class::Documentation,
                format!("method {name}: docs changed"),
            );
        }
    }
}

fn response(breaking: &mut impl FnMut(String), o: &Response, n: &Response) {
    match (o, n) {
        (
            Response::Message {
                name: a,
                packed: pa,
            },
            Response::Message {
                name: b,
                packed: pb,
            },
        ) => {
            if a != b {
                breaking(format!("response {a} → {b}"));
            }
            let keys: BTreeSet<&String> = pa.keys().chain(pb.keys()).collect();
            for k in keys {
                let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "free-form".into());
                let (x, y) = (pa.get(k), pb.get(k));
                if x != y {
                    breaking(format!("`{k}` holds {} → {}", show(x), show(y)));
                }
            }
        }
        (Response::Empty, Response::Empty) => {}
        (Response::Empty, Response::Message { name, .. }) => {
            breaking(format!("response none → {name}"))
        }
        (Response::Message { name, .. }, Response::Empty) => {
            breaking(format!("response {name} → none"))
        }
    }
}
