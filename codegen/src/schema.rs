//! The intermediate schema: what the pages say about messages, enums and methods, with
//! the markdown and YAML gone. `xtask` builds it from pages; the emitters read it.
//!
//! Everything is keyed by full proto name (`yandex.cloud.mdb.spqr.v1.Cluster`) and kept in
//! `BTreeMap`s or sorted vectors, so that serializing it (`cargo xtask schema`) and emitting
//! code from it are deterministic.
//!
//! Enums are keyed by the full name of the message they are declared in plus their own
//! name (`yandex.cloud.mdb.spqr.v1.Cluster.Health`): the pages write `**enum** (Health)`
//! inside `Cluster`, and a `Health` inside `Host` is a different enum.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where something was read: a page (path relative to the specs directory) and a
/// 1-based line. Kept out of the JSON form so snapshots do not churn on line moves.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Messages by full proto name.
    pub messages: BTreeMap<String, Message>,
    /// Enums by full name (declaring message's full name, a dot, the enum's name).
    pub enums: BTreeMap<String, Enum>,
    /// Methods, sorted by `(service package, resource, name)`.
    pub methods: Vec<Method>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub full_name: String,
    /// Markdown prose from the page (links already made absolute or anchor-only).
    pub docs: String,
    /// Fields in page order; a field's oneof membership is [`Field::oneof`].
    pub fields: Vec<Field>,
    /// Oneof groups, in order of their first member.
    pub oneofs: Vec<Oneof>,
    #[serde(skip)]
    pub origins: Vec<Origin>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The name on the wire (camelCase, as the pages write it). Never changes.
    pub json_name: String,
    pub ty: Type,
    pub label: Label,
    /// "Required field." in the table, or listed in the front matter's `required`.
    pub required: bool,
    pub deprecated: bool,
    pub docs: String,
    /// Index into [`Message::oneofs`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub oneof: Option<usize>,
    #[serde(skip_serializing_if = "Constraints::is_empty", default)]
    pub constraints: Constraints,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Singular,
    Repeated,
    /// `map<string, T>`: the key is always a string on the wire.
    Map,
}

/// What one value of a field is. For repeated and map fields, the element or map value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum Type {
    Scalar(Scalar),
    /// A message, by full proto name.
    Message(String),
    /// An enum, by full name (see the module docs).
    Enum(String),
    /// `google.protobuf.Any`: a JSON object with `@type` and the packed message's fields.
    Any,
    /// Free-form JSON (`google.protobuf.Struct`/`Value`, or an `**object**` the pages do not
    /// describe further).
    Json,
}

impl Type {
    /// The JSON kind of one value on the wire, in the words of JSON schemas and of the
    /// pages' samples: `string` (int64 and enums included), `integer`, `number`, `boolean`,
    /// `object`.
    pub fn json_kind(&self) -> &'static str {
        match self {
            Type::Scalar(Scalar::Bool) => "boolean",
            Type::Scalar(Scalar::Int32 | Scalar::Uint32) => "integer",
            Type::Scalar(Scalar::Double | Scalar::Float) => "number",
            Type::Scalar(_) | Type::Enum(_) => "string",
            Type::Message(_) | Type::Any | Type::Json => "object",
        }
    }
}

impl Message {
    /// The second key the field printed as `json_name` is read under: its proto name
    /// (`cluster_id` for `clusterId`, [`crate::naming::proto_field_name`]), which proto3
    /// JSON parsers accept too, unless another field of the message is printed under it.
    pub fn proto_key(&self, json_name: &str) -> Option<String> {
        crate::naming::proto_field_name(json_name)
            .filter(|p| !self.fields.iter().any(|f| f.json_name == *p))
    }
}

impl Field {
    /// The field's type and label in words, for messages: `int64`, `repeated string`,
    /// `map<string, a.b.C>`, `enum a.b.C.Kind`.
    pub fn shape(&self) -> String {
        let ty = match &self.ty {
            Type::Scalar(s) => format!("{s:?}").to_lowercase(),
            Type::Message(m) => m.clone(),
            Type::Enum(e) => format!("enum {e}"),
            Type::Any => "Any".into(),
            Type::Json => "free-form JSON".into(),
        };
        match self.label {
            Label::Singular => ty,
            Label::Repeated => format!("repeated {ty}"),
            Label::Map => format!("map<string, {ty}>"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scalar {
    String,
    Bool,
    Int32,
    Int64,
    Uint32,
    Uint64,
    Float,
    Double,
    Bytes,
    /// `google.protobuf.Timestamp`, RFC 3339 on the wire.
    Timestamp,
    /// `google.protobuf.Duration`, `"1.5s"` on the wire.
    Duration,
    /// `google.protobuf.FieldMask`, comma-separated camelCase paths on the wire.
    FieldMask,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Oneof {
    /// Derived name (the pages give none), by `naming::oneof_name`: snake_case.
    pub name: String,
    /// JSON names of the members, in page order.
    pub members: Vec<String>,
}

/// Constraints the pages state, from the front matter or from the newer generator's
/// prose ("The maximum string length in characters is 50.").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_properties: Option<u64>,
    /// `uniqueItems`: no two elements of a list may be equal.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub unique_items: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub minimum: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub maximum: Option<i64>,
    /// Enum names the front matter lists for a string (`enum:`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub allowed: Vec<String>,
    /// `default:` from the front matter, as text. Documented, never sent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default: Option<String>,
    /// Map-key constraints (`propertyNames`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key: Option<Box<Constraints>>,
    /// Element or map-value constraints (`items`, `additionalProperties`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    pub full_name: String,
    pub docs: String,
    pub values: Vec<EnumValue>,
    #[serde(skip)]
    pub origins: Vec<Origin>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The name on the wire (`HEALTH_UNKNOWN`).
    pub name: String,
    pub docs: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Method {
    /// Proto package of the service (`yandex.cloud.mdb.spqr.v1`).
    pub package: String,
    /// Resource as the heading names it (`Cluster`).
    pub resource: String,
    /// Method as the heading names it (`ListHosts`).
    pub name: String,
    pub docs: String,
    /// The HTTP verb.
    pub http_method: Verb,
    /// The host, read from the page's URL: a placeholder (`api-host-mdb`), literal text, or
    /// both (`vpc.{{ api-host }}`).
    pub host: HostTemplate,
    /// The path template with `{param}` holes (`/managed-spqr/v1/clusters/{clusterId}:backup`).
    pub path: PathTemplate,
    pub path_params: Vec<Field>,
    pub query_params: Vec<Field>,
    /// The request message the page names in its body or query heading, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_message: Option<String>,
    /// The type a user sends, when it is not the request message itself: a request message
    /// that several methods share, or that lives in another package than the method's
    /// (`yandex.cloud.access.SetAccessBindingsRequest`, sent by every resource's
    /// `SetAccessBindings`), is carried by a type of the method's own,
    /// `yandex.cloud.resourcemanager.v1.SetFolderAccessBindingsRequest` (set by lowering).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_type: Option<String>,
    /// The body message's top-level fields (the request minus path parameters).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub body_fields: Vec<String>,
    pub response: Response,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Response {
    /// A message. `packed` names, for fields of the message that are `google.protobuf.Any`
    /// on the wire (long-running operations' `metadata` and `response`), the message type
    /// this method's page says they hold. A packed field the page shows as plain
    /// `**object**` is absent here and stays free-form.
    Message {
        name: String,
        #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
        packed: BTreeMap<String, String>,
    },
    /// No response body documented.
    Empty,
}

/// An HTTP verb, as the pages name them; upper-case in the schema's JSON form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Verb {
    /// Also what a method holds until its page's request block is read.
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    /// `get`, `GET`, … → the verb; `None` for anything else.
    pub fn parse(text: &str) -> Option<Verb> {
        Some(match text.to_ascii_uppercase().as_str() {
            "GET" => Verb::Get,
            "POST" => Verb::Post,
            "PUT" => Verb::Put,
            "PATCH" => Verb::Patch,
            "DELETE" => Verb::Delete,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Verb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPart {
    Literal(String),
    /// A `{{ name }}` placeholder for an endpoint (`api-host-mdb`).
    Placeholder(String),
}

/// A host as the page writes it, read once: literal text and placeholders. Its JSON form is
/// the text as read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct HostTemplate {
    raw: String,
    parts: Vec<HostPart>,
}

impl HostTemplate {
    /// Reads a host: a bare name without dots or a port is a whole-host placeholder (the
    /// page reader keeps `{{ api-host-mdb }}` as `api-host-mdb`); `{{ … }}` inside text are
    /// placeholders; the rest is literal.
    pub fn parse(text: &str) -> Result<Self, String> {
        let host = text.trim();
        let mut parts = Vec::new();
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() && !host.contains("{{")) {
            return Err(format!("cannot read host `{host}`"));
        }
        if !host.contains("{{") {
            if host.contains('/') {
                return Err(format!("cannot read host `{host}`"));
            }
            if host.contains(['.', ':']) {
                parts.push(HostPart::Literal(host.to_string()));
            } else {
                parts.push(HostPart::Placeholder(host.to_string()));
            }
        } else {
            let mut rest = host;
            while let Some(open) = rest.find("{{") {
                if open > 0 {
                    parts.push(HostPart::Literal(rest[..open].to_string()));
                }
                let Some(len) = rest[open..].find("}}") else {
                    return Err(format!("unclosed `{{{{` in host `{host}`"));
                };
                let name = rest[open + 2..open + len].trim();
                if name.is_empty() || name.contains(char::is_whitespace) {
                    return Err(format!("cannot read placeholder `{name}` in host `{host}`"));
                }
                parts.push(HostPart::Placeholder(name.to_string()));
                rest = &rest[open + len + 2..];
            }
            if !rest.is_empty() {
                parts.push(HostPart::Literal(rest.to_string()));
            }
        }
        Ok(HostTemplate {
            raw: text.to_string(),
            parts,
        })
    }

    pub fn parts(&self) -> &[HostPart] {
        &self.parts
    }

    /// The text as the page writes it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The host as a URL on a page shows it, each placeholder in braces (`{{ api-host-mdb }}`,
    /// `vpc.{{ api-host }}`), whichever way the page wrote a whole-host placeholder.
    pub fn braced(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                HostPart::Literal(text) => text.clone(),
                HostPart::Placeholder(name) => format!("{{{{ {name} }}}}"),
            })
            .collect()
    }
}

impl From<HostTemplate> for String {
    fn from(h: HostTemplate) -> String {
        h.raw
    }
}

impl TryFrom<String> for HostTemplate {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        HostTemplate::parse(&s)
    }
}

/// One piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Text that stands in a URL as it is.
    Literal(String),
    /// A `{jsonName}` hole for a path parameter.
    Param(String),
}

/// A path template as the page writes it, read once and checked: it starts with `/`, its text
/// is URL-safe as it stands (RFC 3986 `pchar` and `/`), and its holes are `{jsonName}`. Its
/// JSON form is the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct PathTemplate {
    raw: String,
    segments: Vec<PathSegment>,
}

impl PathTemplate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = |why: String| format!("path `{text}` {why}");
        if !text.starts_with('/') {
            return Err(bad("does not start with `/`".into()));
        }
        let mut segments = Vec::new();
        let mut rest = text;
        loop {
            let (literal, next) = match rest.find('{') {
                Some(open) => (&rest[..open], Some(open)),
                None => (rest, None),
            };
            if let Some(c) = literal
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(*c)))
            {
                return Err(bad(format!("has `{c}` outside a parameter")));
            }
            if !literal.is_empty() {
                segments.push(PathSegment::Literal(literal.to_string()));
            }
            let Some(open) = next else { break };
            let Some(len) = rest[open..].find('}') else {
                return Err(bad("has an unclosed `{`".into()));
            };
            let name = &rest[open + 1..open + len];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(bad(format!(
                    "has parameter `{{{name}}}`; only `{{jsonName}}` holes are supported"
                )));
            }
            segments.push(PathSegment::Param(name.to_string()));
            rest = &rest[open + len + 1..];
        }
        Ok(PathTemplate {
            raw: text.to_string(),
            segments,
        })
    }

    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// The names of the holes, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(p) => Some(p.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// The text as the page writes it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// No path read yet.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

impl From<PathTemplate> for String {
    fn from(p: PathTemplate) -> String {
        p.raw
    }
}

impl TryFrom<String> for PathTemplate {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        PathTemplate::parse(&s)
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

impl std::fmt::Display for HostTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_placeholders_literals_or_templates() {
        let h = HostTemplate::parse("api-host-mdb").unwrap();
        assert_eq!(h.parts(), [HostPart::Placeholder("api-host-mdb".into())]);
        assert_eq!(h.braced(), "{{ api-host-mdb }}");
        let h = HostTemplate::parse("vpc.{{ api-host }}").unwrap();
        assert_eq!(
            h.parts(),
            [
                HostPart::Literal("vpc.".into()),
                HostPart::Placeholder("api-host".into())
            ]
        );
        assert_eq!(h.as_str(), "vpc.{{ api-host }}");
        let h = HostTemplate::parse("example.com:8443").unwrap();
        assert_eq!(h.parts(), [HostPart::Literal("example.com:8443".into())]);
        assert!(HostTemplate::parse("x.{{ api-host")
            .unwrap_err()
            .contains("unclosed"));
        assert!(HostTemplate::parse("a/b").is_err());
        assert!(HostTemplate::parse("").is_err());
    }

    #[test]
    fn path_templates_are_checked() {
        let p = PathTemplate::parse("/v1/things/{thingId}/parts/{partId}:do").unwrap();
        assert_eq!(p.params().collect::<Vec<_>>(), ["thingId", "partId"]);
        assert_eq!(
            p.segments().last(),
            Some(&PathSegment::Literal(":do".into()))
        );
        for (path, want) in [
            ("v1/things", "does not start with `/`"),
            ("/v1/{a", "unclosed"),
            ("/v1/{a=b/*}", "only `{jsonName}` holes"),
            ("/v1/a b", "has ` ` outside a parameter"),
            ("/v1/a?x=1", "has `?` outside a parameter"),
        ] {
            let err = PathTemplate::parse(path).unwrap_err();
            assert!(err.contains(want), "{path}: {err}");
        }
    }

    #[test]
    fn verbs_read_in_any_case_and_print_upper_case() {
        assert_eq!(Verb::parse("patch"), Some(Verb::Patch));
        assert_eq!(Verb::parse("FETCH"), None);
        assert_eq!(serde_json::to_string(&Verb::Delete).unwrap(), "\"DELETE\"");
    }
}
