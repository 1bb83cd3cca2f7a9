//! Reading an operation's packed `metadata` or `response` as the type its page names.

use serde::de::DeserializeOwned;

use super::UnpackError;
use crate::Any;

/// Decodes `any` (field `field` of an operation) as `T`; `None` when the field is absent.
/// `expected` is the full name of the message the page says it holds: an `@type` naming
/// another is an error; an absent `@type` is taken on trust.
pub fn unpack<T: DeserializeOwned>(
    any: Option<&Any>,
    field: &'static str,
    expected: Option<&'static str>,
) -> Result<Option<T>, UnpackError> {
    let Some(any) = any else {
        return Ok(None);
    };
    if let Some(expected) = expected {
        if !any.type_url.is_empty() && any.type_name() != expected {
            return Err(UnpackError::PackedType {
                field,
                expected,
                found: any.type_name().to_string(),
            });
        }
    }
    any.unpack_unchecked()
        .map(Some)
        .map_err(|source| UnpackError::Decode { field, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Value};

    fn any(v: Value) -> Any {
        crate::wire::from_value(v).unwrap()
    }

    #[test]
    fn unpack_decodes_a_packed_field_and_checks_its_type() {
        let meta = any(json!({"@type": "type.googleapis.com/p.v1.Meta", "id": "c1"}));
        let got: Option<Map<String, Value>> =
            unpack(Some(&meta), "metadata", Some("p.v1.Meta")).unwrap();
        assert_eq!(Value::Object(got.unwrap()), json!({"id": "c1"}));
        let err =
            unpack::<Map<String, Value>>(Some(&meta), "metadata", Some("p.v1.Other")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "metadata: holds `p.v1.Meta`, the page says `p.v1.Other`"
        );
        let untyped = any(json!({"id": "no type"}));
        let got: Option<Map<String, Value>> =
            unpack(Some(&untyped), "response", Some("p.v1.X")).unwrap();
        assert_eq!(Value::Object(got.unwrap()), json!({"id": "no type"}));
        assert!(unpack::<Map<String, Value>>(None, "error", None)
            .unwrap()
            .is_none());
        let err = unpack::<Vec<String>>(Some(&meta), "metadata", None).unwrap_err();
        assert!(err.to_string().starts_with("metadata: "), "{err}");
        // The message shows the decode error; nothing is left under it to show again.
        assert!(err.to_string().contains("invalid type: map"), "{err}");
        assert!(std::error::Error::source(&err).is_none());
    }
}
