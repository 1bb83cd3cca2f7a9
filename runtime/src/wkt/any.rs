//! `google.protobuf.Any`.
//!
//! In JSON an `Any` is the packed message's own fields with an `@type` key beside them,
//! not a type URL and bytes; the runtime has no registry of message types to read them by,
//! so the fields are kept and decoded into a type only when asked ([`Any::unpack`]). They are
//! kept as the JSON text they arrived as, one object's text for all of them: an operation's
//! `metadata` and `response` are often the largest part of a response, and building a
//! `serde_json::Value` tree for them only to decode it again when unpacked cost more than
//! the rest of the decoding, and keeping each field as a key and a text of its own cost two
//! allocations a field (BENCHMARKS.md, "Decode and encode"). Unpacking reads the text once,
//! into its type.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value as JsonValue;

use crate::codec::Codec;
use crate::error::{Error, ErrorKind};
use crate::message::{expecting_message, field, KeySeed, Message};
use crate::wire::{self, from_str, JsonText};

const NAME: &str = "google.protobuf.Any";

/// `google.protobuf.Any` in JSON form: `@type` plus the packed message's fields, kept as the
/// JSON text they arrived as.
#[derive(Clone, Debug, Default)]
pub struct Any {
    /// The type URL, e.g. `type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster`;
    /// empty when `@type` was absent.
    pub type_url: String,
    /// The packed message's fields without `@type`, as the text of one JSON object: as it
    /// arrived, or as [`Any::pack`] or [`Any::insert`] wrote it; empty for no fields.
    body: String,
}

/// Equal when the type URLs are equal and the fields are the same JSON text (fields written
/// with other spacing or in another order are another text).
impl PartialEq for Any {
    fn eq(&self, other: &Any) -> bool {
        self.type_url == other.type_url && self.body() == other.body()
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

    /// The packed message's fields (without `@type`), in the order they came, each as its
    /// JSON text.
    pub fn fields(&self) -> impl Iterator<Item = (Cow<'_, str>, &RawValue)> {
        members(self.body()).into_iter()
    }

    /// The packed message's fields (without `@type`) as a JSON object.
    pub fn to_json(&self) -> serde_json::Map<String, JsonValue> {
        // The text is one JSON object, so it reads as one.
        serde_json::from_str(self.body()).unwrap_or_default()
    }

    /// The packed message as the text of a JSON object, without `@type`.
    fn body(&self) -> &str {
        if self.body.is_empty() {
            "{}"
        } else {
            &self.body
        }
    }

    /// Decodes the packed message as a `T`, after checking that the type URL names `T`: an
    /// `Any` holding another message, or with no `@type`, is an error naming both (every
    /// field of a message is optional and unknown fields are kept, so decoding the wrong type
    /// would succeed with nothing in it). Errors of the fields name their path.
    pub fn unpack<T: Message + DeserializeOwned>(&self) -> Result<T, Error> {
        if !self.is::<T>() {
            let holds = match self.type_name() {
                "" => "no `@type`".to_string(),
                name => format!("`{name}`"),
            };
            return Err(Error::new(
                ErrorKind::Data,
                "@type",
                format!("the Any holds {holds}, not `{}`", T::NAME),
            ));
        }
        self.unpack_unchecked()
    }

    /// Decodes the packed fields (without `@type`) into `T` whatever the type URL says: for
    /// a caller that checked it already, or that reads the fields as free-form JSON.
    pub fn unpack_unchecked<T: DeserializeOwned>(&self) -> Result<T, Error> {
        from_str(self.body())
    }

    /// Packs a message; the type URL is `type.googleapis.com/` followed by `T::NAME`.
    pub fn pack<T: Message + Serialize>(msg: &T) -> Result<Self, Error> {
        let body = wire::to_string(msg)?;
        if !body.starts_with('{') {
            return Err(Error::new(
                ErrorKind::Encode,
                ".",
                format!("{} does not encode as a JSON object but as {body}", T::NAME),
            ));
        }
        Ok(Any {
            type_url: format!("type.googleapis.com/{}", T::NAME),
            body,
        })
    }

    /// Sets field `key` of the packed message to `value` (replacing it), for tests and for
    /// building an `Any` by hand.
    pub fn insert(&mut self, key: impl Into<String>, value: &JsonValue) {
        let key = key.into();
        let value = value.to_string();
        let mut replaced = false;
        let mut body = Body::default();
        for (k, v) in members(self.body()) {
            if k == key {
                replaced = true;
                body.push(&key, &value);
            } else {
                body.push(&k, v.get());
            }
        }
        if !replaced {
            body.push(&key, &value);
        }
        self.body = body.finish();
    }
}

/// The members of the JSON object `text`, in order (none if it is not one).
fn members(text: &str) -> Vec<(Cow<'_, str>, &RawValue)> {
    struct Members;

    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(Cow<'de, str>, &'de RawValue)>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(key) = map.next_key_seed(KeySeed)? {
                out.push((key, map.next_value()?));
            }
            Ok(out)
        }
    }

    wire::by_serde_json(text, |d| de::Deserializer::deserialize_map(d, Members)).unwrap_or_default()
}

/// The text of a JSON object being written member by member.
#[derive(Default)]
struct Body(String);

impl Body {
    /// Adds member `key` with `value`, a JSON text.
    fn push(&mut self, key: &str, value: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        push_quoted(&mut self.0, key);
        self.0.push(':');
        self.0.push_str(value);
    }

    /// The object's text; empty for no members.
    fn finish(mut self) -> String {
        if !self.0.is_empty() {
            self.0.push('}');
        }
        self.0
    }
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
fn push_quoted(out: &mut String, s: &str) {
    if wire::plain_run_end(s.as_bytes(), 0) == s.len() {
        // Nothing in it to escape (a quote, a backslash, a control character).
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&JsonValue::from(s).to_string());
    }
}

/// Splits the text of a JSON object that holds an `@type` into its type URL and the text of
/// the rest, when `@type` comes first with a plain string, as servers print it:
/// `{"@type":"type.googleapis.com/x.y.Z","a":1}` is `x.y.Z`'s URL and `{"a":1}`. `None`
/// for any other arrangement, which is read member by member.
fn split_printed(text: &str) -> Option<Any> {
    let rest = text.strip_prefix("{\"@type\":\"")?;
    let end = wire::plain_run_end(rest.as_bytes(), 0);
    let (type_url, after) = (rest.get(..end)?, rest.get(end..)?.strip_prefix('"')?);
    let body = match after.strip_prefix(',') {
        // Another `@type` further on is read member by member, as a message reads it.
        Some(fields) if !fields.contains("\"@type\"") => {
            let mut body = String::with_capacity(fields.len() + 1);
            body.push('{');
            body.push_str(fields);
            body
        }
        Some(_) => return None,
        None if after == "}" => String::new(),
        None => return None,
    };
    Some(Any {
        type_url: type_url.to_owned(),
        body,
    })
}

struct AnyVisitor;

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = Any;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting_message(f, NAME)
    }

    /// The object's text, lent by the runtime's reader (which checked it is JSON): kept
    /// whole when it has no `@type`, split when `@type` comes first, else read member by
    /// member. (A key that spells `@type` with escapes, `"\u0040type"`, which no server
    /// writes, is found only member by member, so here it stays one of the fields.)
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Any, E> {
        if text.starts_with('{') && !text.contains("\"@type\"") {
            return Ok(Any {
                type_url: String::new(),
                body: text.to_owned(),
            });
        }
        if let Some(any) = split_printed(text) {
            return Ok(any);
        }
        wire::by_serde_json(text, |d| de::Deserializer::deserialize_map(d, self)).map_err(E::custom)
    }

    /// Any other deserializer: the object member by member.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Any, D::Error> {
        d.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Any, A::Error> {
        let mut type_url = String::new();
        let mut body = Body::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "@type" {
                type_url = field::<String, A>(&mut map)?.unwrap_or_default();
            } else {
                let value: Box<RawValue> = map.next_value()?;
                body.push(&key, value.get());
            }
        }
        Ok(Any {
            type_url,
            body: body.finish(),
        })
    }
}

impl<'de> de::Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(wire::LENT_TEXT, AnyVisitor)
    }
}

/// `{"@type":…,` and the fields, written as one JSON text.
impl Serialize for Any {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let body = self.body();
        if self.type_url.is_empty() {
            return JsonText(body).serialize(s);
        }
        let mut text = String::with_capacity(self.type_url.len() + body.len() + 12);
        text.push_str("{\"@type\":");
        push_quoted(&mut text, &self.type_url);
        let fields = &body[1..];
        if !fields.trim_start().starts_with('}') {
            text.push(',');
        }
        text.push_str(fields);
        JsonText(&text).serialize(s)
    }
}

impl Codec for Any {
    type Value = Any;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Any, D::Error> {
        de::Deserialize::deserialize(d)
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
    fn unpacking_checks_the_type_url() {
        let any: Any =
            from_value(json!({"@type": "type.googleapis.com/test.v1.Host", "port": 5})).unwrap();
        // A `Cluster` would decode from these fields (nothing required, unknown fields kept).
        let e = any.unpack::<Cluster>().unwrap_err();
        assert_eq!(
            (e.kind(), e.to_string()),
            (
                ErrorKind::Data,
                "@type: the Any holds `test.v1.Host`, not `test.v1.Cluster`".to_string()
            )
        );
        let untyped: Any = from_value(json!({"port": 5})).unwrap();
        assert_eq!(
            untyped.unpack::<Host>().unwrap_err().to_string(),
            "@type: the Any holds no `@type`, not `test.v1.Host`"
        );
        // Unchecked, it reads what it is told to.
        let host: Host = untyped.unpack_unchecked().unwrap();
        assert_eq!(host.port, Some(5));
        assert!(any.unpack_unchecked::<Cluster>().is_ok());
    }

    #[test]
    fn the_reader_and_serde_json_read_an_any_alike() {
        for text in [
            // As servers print it (split), without `@type` (kept whole), only `@type`.
            r#"{"@type":"type.googleapis.com/test.v1.Host","name":"h","port":5}"#,
            r#"{"name":"h","port":5}"#,
            r#"{"@type":"type.googleapis.com/test.v1.Host"}"#,
            "{}",
            // Read member by member: `@type` later, escaped, twice (the last one wins, as
            // for any message field), spaced; and an `Any` inside a field.
            r#"{"name":"h","@type":"type.googleapis.com/test.v1.Host"}"#,
            r#"{"@type":"a\/b","name":"h"}"#,
            r#"{"@type":"x","@type":"y","name":"h"}"#,
            r#"{ "@type" : "x" , "name" : "h" }"#,
            r#"{"@type":"x","name":{"@type":"y","v":[1]}}"#,
        ] {
            let fast: Any = from_str(text).unwrap();
            let slow: Any = serde_json::from_str(text).unwrap();
            assert_eq!(fast.type_url, slow.type_url, "{text}");
            assert_eq!(fast.to_json(), slow.to_json(), "{text}");
            assert_eq!(to_value(&fast).unwrap(), to_value(&slow).unwrap(), "{text}");
            assert!(fast.fields().all(|(k, _)| k != "@type"), "{text}");
        }
        // The printed form is kept and written back as it came, its fields in order.
        let printed = r#"{"@type":"type.googleapis.com/test.v1.Host","name":"h","port":5}"#;
        let any: Any = from_str(printed).unwrap();
        assert_eq!(to_string(&any).unwrap(), printed);
        let fields: Vec<(String, String)> = any
            .fields()
            .map(|(k, v)| (k.into_owned(), v.get().to_owned()))
            .collect();
        assert_eq!(
            fields,
            [
                ("name".into(), r#""h""#.into()),
                ("port".into(), "5".into())
            ]
        );
        // A type URL that JSON escapes is written escaped.
        let odd = Any {
            type_url: "a\"b".into(),
            ..any
        };
        assert_eq!(
            to_string(&odd).unwrap(),
            r#"{"@type":"a\"b","name":"h","port":5}"#
        );
    }

    #[test]
    fn insert_replaces_or_adds_a_field_in_place() {
        let mut any: Any = from_str(r#"{"@type":"x","a":1,"b":2}"#).unwrap();
        any.insert("a", &json!([true]));
        any.insert("c\"", &json!(null));
        assert_eq!(
            to_string(&any).unwrap(),
            r#"{"@type":"x","a":[true],"b":2,"c\"":null}"#
        );
        let mut empty = Any::default();
        assert_eq!(to_string(&empty).unwrap(), "{}");
        empty.insert("k", &json!("v"));
        assert_eq!(
            empty.to_json(),
            json!({"k": "v"}).as_object().cloned().unwrap()
        );
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
