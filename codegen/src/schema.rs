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
    /// Upper-case HTTP verb.
    pub http_method: String,
    /// Host placeholder from the URL (`api-host-mdb`) or a literal host.
    pub host: String,
    /// Path template with `{param}` holes (`/managed-spqr/v1/clusters/{clusterId}:backup`).
    pub path: String,
    pub path_params: Vec<Field>,
    pub query_params: Vec<Field>,
    /// The request message the page names in its body or query heading, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_message: Option<String>,
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
