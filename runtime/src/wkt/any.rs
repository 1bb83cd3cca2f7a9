//! `google.protobuf.Any`.
//!
//! In JSON an `Any` is the packed message's own fields with an `@type` key beside them,
//! not a type URL and bytes; the runtime has no registry of message types to read them by,
//! so the fields are kept and decoded into a type only when asked ([`Any::unpack`]). They are
//! kept as the JSON text they arrived as, not as a `serde_json::Value` tree: an operation's
//! `metadata` and `response` are often the largest part of a response, and building a tree
//! for them only to decode it again when unpacked cost more than the rest of the decoding
//! (BENCHMARKS.md, "Decode and encode"). Unpacking reads the text once, into its type.

use std::fmt::Write as _;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::Value as JsonValue;

use crate::codec::Codec;
use crate::error::{Error, ErrorKind};
use crate::message::{decode_message, field, Message};
use crate::wire::{from_str, to_value};

/// `google.protobuf.Any` in JSON form: `@type` plus the packed message's fields, each kept as
/// the JSON text it arrived as.
#[derive(Clone, Debug, Default)]
pub struct Any {
    /// The type URL, e.g. `type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster`;
    /// empty when `@type` was absent.
    pub type_url: String,
    /// The packed message's fields, without `@type`, in the order they came.
    fields: Vec<(String, Box<RawValue>)>,
}

/// Equal when the type URLs are equal and the fields are the same keys holding the same JSON
/// text (a field written with other spacing is another text).
impl PartialEq for Any {
    fn eq(&self, other: &Any) -> bool {
        self.type_url == other.type_url
            && self.fields.len() == other.fields.len()
            && self
                .fields
                .iter()
                .zip(&other.fields)
                .all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

impl Any {
    /// The full message name: the part of the type URL after the last `/`.
    pub fn type_name(&self) -> &str {
        match self.type_url.rfind('/') {
            Some(i) => &self.type_url[i + 1..],
            None => &self.type_url,
        }
    }

    /// Whether the packed message is a `T`, judging by the type URL.
    pub fn is<T: Message>(&self) -> bool {
        self.type_name() == T::NAME
    }

    /// The packed message's fields (without `@type`), each as its JSON text.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), &**v))
    }

    /// The packed message's fields (without `@type`) as a JSON object.
    pub fn to_json(&self) -> serde_json::Map<String, JsonValue> {
        self.fields
            .iter()
            .map(|(k, v)| (k.clone(), crate::wire::value_of(v)))
            .collect()
    }

    /// The packed message as JSON text, without `@type`.
    fn object_text(&self) -> String {
        let mut out = String::with_capacity(
            2 + self
                .fields
                .iter()
                .map(|(k, v)| k.len() + v.get().len() + 4)
                .sum::<usize>(),
        );
        out.push('{');
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // A key as JSON writes it (escaped); writing to a String cannot fail.
            let _ = write!(out, "{}:{}", JsonValue::from(k.as_str()), v.get());
        }
        out.push('}');
        out
    }

    /// Decodes the packed fields (without `@type`) into `T`; errors name the field path.
    pub fn unpack<T: DeserializeOwned>(&self) -> Result<T, Error> {
        from_str(&self.object_text())
    }

    /// Packs a message; the type URL is `type.googleapis.com/` followed by `T::NAME`.
    pub fn pack<T: Message + Serialize>(msg: &T) -> Result<Self, Error> {
        match to_value(msg)? {
            JsonValue::Object(object) => {
                let mut fields = Vec::with_capacity(object.len());
                for (k, v) in object {
                    let raw = serde_json::value::to_raw_value(&v)
                        .map_err(|e| Error::new(ErrorKind::Encode, k.as_str(), e.to_string()))?;
                    fields.push((k, raw));
                }
                Ok(Any {
                    type_url: format!("type.googleapis.com/{}", T::NAME),
                    fields,
                })
            }
            other => Err(Error::new(
                ErrorKind::Encode,
                ".",
                format!(
                    "{} does not encode as a JSON object but as {other}",
                    T::NAME
                ),
            )),
        }
    }

    /// Sets field `key` of the packed message to `value` (replacing it), for tests and for
    /// building an `Any` by hand.
    pub fn insert(&mut self, key: impl Into<String>, value: &JsonValue) {
        let key = key.into();
        // A `Value` always has a JSON form.
        let Ok(raw) = serde_json::value::to_raw_value(value) else {
            return;
        };
        match self.fields.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = raw,
            None => self.fields.push((key, raw)),
        }
    }
}

impl Message for Any {
    const NAME: &'static str = "google.protobuf.Any";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if key == "@type" {
            self.type_url = field::<String, A>(map)?.unwrap_or_default();
        } else {
            let value: Box<RawValue> = map.next_value()?;
            self.fields.push((key.to_owned(), value));
        }
        Ok(())
    }
}

impl Serialize for Any {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if !self.type_url.is_empty() {
            m.serialize_entry("@type", &self.type_url)?;
        }
        for (k, v) in &self.fields {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> de::Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decode_message(d)
    }
}

impl Codec for Any {
    type Value = Any;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Any, D::Error> {
        decode_message(d)
    }

    fn encode<S: Serializer>(v: &Any, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn any_with_type() {
        let input = json!({"@type": "type.googleapis.com/test.v1.Host", "name": "h", "port": 5});
        let any: Any = from_value(input.clone()).unwrap();
        assert_eq!(any.type_url, "type.googleapis.com/test.v1.Host");
        assert_eq!(any.type_name(), "test.v1.Host");
        assert!(any.is::<Host>());
        assert!(!any.is::<Cluster>());
        assert!(any.fields().all(|(k, _)| k != "@type"));
        let host: Host = any.unpack().unwrap();
        assert_eq!((host.name.as_deref(), host.port), (Some("h"), Some(5)));
        assert_eq!(to_value(&any).unwrap(), input);
        assert_eq!(Any::pack(&host).unwrap(), any);
    }

    #[test]
    fn any_without_type_and_errors() {
        let any: Any = from_str(r#"{"name": "h"}"#).unwrap();
        assert_eq!(any.type_url, "");
        assert_eq!(any.type_name(), "");
        assert_eq!(to_value(&any).unwrap(), json!({"name": "h"}));
        assert_eq!(
            from_value::<Any>(json!("x")).unwrap_err().to_string(),
            ".: invalid type: string \"x\", expected a JSON object (google.protobuf.Any)"
        );
        assert_eq!(
            from_value::<Any>(json!({"@type": 1}))
                .unwrap_err()
                .to_string(),
            "@type: invalid type: integer `1`, expected a JSON string"
        );
        let mut bad = Any {
            type_url: "x/test.v1.Host".into(),
            ..Any::default()
        };
        bad.insert("port", &json!("x"));
        assert_eq!(bad.type_name(), "test.v1.Host");
        assert_eq!(bad.unpack::<Host>().unwrap_err().path(), "port");
        assert!(Any::pack(&Health::Alive).is_err());
    }
}
