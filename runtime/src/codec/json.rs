//! Free-form JSON objects.
//!
//! `google.protobuf.Struct`, empty messages and objects the pages do not describe
//! (`**object**`) have no schema to read them by, so they are kept as JSON; they are still
//! messages, so anything but an object is an error, and `null` is absent.

use serde::de::{self, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::Value as JsonValue;

use super::Codec;

/// Free-form JSON object: `google.protobuf.Struct`, an empty message, or an object the
/// documentation does not describe further (`**object**` on the pages). Passed through as
/// is; anything but a JSON object (or `null`, which is absent) is an error, as it is for
/// every message.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json;

impl Codec for Json {
    type Value = serde_json::Map<String, JsonValue>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        match <JsonValue as de::Deserialize>::deserialize(d)? {
            JsonValue::Object(map) => Ok(map),
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"a JSON object",
            )),
        }
    }

    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// How a JSON value is named in "invalid type" errors.
fn unexpected(v: &JsonValue) -> de::Unexpected<'_> {
    match v {
        JsonValue::Null => de::Unexpected::Unit,
        JsonValue::Bool(b) => de::Unexpected::Bool(*b),
        JsonValue::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => de::Unexpected::Signed(i),
            (_, Some(u), _) => de::Unexpected::Unsigned(u),
            (_, _, Some(f)) => de::Unexpected::Float(f),
            _ => de::Unexpected::Other("number"),
        },
        JsonValue::String(s) => de::Unexpected::Str(s),
        JsonValue::Array(_) => de::Unexpected::Seq,
        JsonValue::Object(_) => de::Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn json_passes_objects_through_and_rejects_the_rest() {
        let v = json!({"a": [1, "x", null, {"b": 1.5}], "c": true});
        let obj = v.as_object().unwrap().clone();
        assert_eq!(decv::<Json>(v.clone()), Ok(obj.clone()));
        assert_eq!(to_value(&Encode::<Json>(&obj)).unwrap(), v);
        assert!(decv::<Json>(json!("not an object"))
            .unwrap_err()
            .contains("expected a JSON object"));
        assert!(decv::<Json>(json!([1])).is_err());
    }
}
