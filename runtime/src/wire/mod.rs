//! Decoding and encoding in the proto3 JSON mapping.
//!
//! Every failure names the JSON path of the bad value, and text with anything after the
//! value (`{} x`) is refused rather than read up to the value's end. Text is read and
//! compact JSON written by a reader and a writer of the crate's own (`wire/read/`,
//! `wire/write.rs`), which hand `serde_json` whatever they do not do themselves; values,
//! bytes and errors are `serde_json`'s.

mod read;
mod write;

use serde::de::{DeserializeOwned, DeserializeSeed};
use serde::ser::Serialize;
use serde_json::Value as JsonValue;

pub(crate) use self::read::{by_serde_json, plain_run_end, LENT_TEXT};
pub(crate) use self::write::JsonText;
pub use crate::error::{Error, ErrorKind};

// Decoding runs on the reader's fast path ([`read`]), without path tracking, which costs on
// every field. When the reader refuses the text (it is not JSON, or a value does not fit its
// type, or the reader leaves it to serde_json), serde_json decodes it again with the path
// tracked: it either reads it or names the bad value.

fn with_path<'de, R: serde_json::de::Read<'de>, T: DeserializeOwned>(
    mut de: serde_json::Deserializer<R>,
) -> Result<T, Error> {
    let value = serde_path_to_error::deserialize(&mut de).map_err(Error::decoding)?;
    de.end().map_err(|e| Error::from_json(".", e))?;
    Ok(value)
}

/// Decodes `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(s: &str) -> Result<T, Error> {
    match read::from_str(s) {
        Ok(value) => Ok(value),
        Err(read::Bail) => with_path(serde_json::Deserializer::from_str(s)),
    }
}

/// Decodes what `S` reads from `text`, one JSON value (a map entry's value, lent by the
/// reader under [`LENT_TEXT`]): through the reader, else through serde_json; `None` when
/// neither reads it.
pub(crate) fn from_str_seed<'de, S: DeserializeSeed<'de> + Default>(
    text: &'de str,
) -> Option<S::Value> {
    if let Ok(value) = read::from_str_seed(text, S::default()) {
        return Some(value);
    }
    by_serde_json(text, |d| S::default().deserialize(d)).ok()
}

/// Decodes `T` from JSON bytes.
pub fn from_slice<T: DeserializeOwned>(b: &[u8]) -> Result<T, Error> {
    // Text that is not UTF-8 is not JSON; serde_json says where.
    if let Ok(Ok(value)) = std::str::from_utf8(b).map(read::from_str) {
        return Ok(value);
    }
    with_path(serde_json::Deserializer::from_slice(b))
}

/// Decodes `T` from a JSON value.
pub fn from_value<T: DeserializeOwned>(v: JsonValue) -> Result<T, Error> {
    if let Ok(value) = T::deserialize(&v) {
        return Ok(value);
    }
    serde_path_to_error::deserialize(v).map_err(Error::decoding)
}

// Encoding likewise runs without path tracking (which copied every key it passed); only a
// failed encoding runs again, into a throwaway buffer, to name the value at fault.

/// The error of encoding `v`, with its path: encodes again, tracking the path.
fn encode_error<T: Serialize + ?Sized>(v: &T) -> Error {
    let mut sink = Vec::new();
    match serde_path_to_error::serialize(v, &mut serde_json::Serializer::new(&mut sink)) {
        Err(e) => Error::encoding(e),
        // The same value through the same code failed the first time.
        Ok(()) => Error::new(ErrorKind::Encode, ".", "the value did not encode"),
    }
}

/// The JSON value of a text kept as it arrived (an `Any`'s fields, unknown fields): it was
/// read as JSON once already, so it reads again.
pub(crate) fn value_of(raw: &serde_json::value::RawValue) -> JsonValue {
    serde_json::from_str(raw.get()).unwrap_or(JsonValue::Null)
}

/// Encodes `v` as a JSON value.
pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<JsonValue, Error> {
    v.serialize(serde_json::value::Serializer)
        .map_err(|_| encode_error(v))
}

/// Encodes `v` as JSON bytes: the bytes `serde_json::to_vec` writes for it.
pub fn to_vec<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, Error> {
    if let Ok(out) = write::to_vec(v) {
        return Ok(out);
    }
    // What the writer refuses (or what fails) is encoded again by `serde_json`, so that the
    // output, or the error, is what it always was.
    let mut out = Vec::with_capacity(128);
    match v.serialize(&mut serde_json::Serializer::new(&mut out)) {
        Ok(()) => Ok(out),
        Err(_) => Err(encode_error(v)),
    }
}

/// Encodes `v` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    String::from_utf8(to_vec(v)?)
        .map_err(|e| Error::new(ErrorKind::Encode, ".", e.to_string()).with_source(e))
}

/// Encodes `v` as indented JSON text.
pub fn to_string_pretty<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    let mut out = Vec::with_capacity(128);
    if v.serialize(&mut serde_json::Serializer::pretty(&mut out))
        .is_err()
    {
        return Err(encode_error(v));
    }
    String::from_utf8(out)
        .map_err(|e| Error::new(ErrorKind::Encode, ".", e.to_string()).with_source(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn error_paths_name_the_bad_value() {
        let err = from_value::<Cluster>(json!({"hosts": [{}, {"port": "x"}]})).unwrap_err();
        assert_eq!(err.path(), "hosts[1].port");
        assert_eq!(
            err.to_string(),
            "hosts[1].port: invalid value: string \"x\", expected an int32 as a JSON number or \
             numeric string"
        );

        let err =
            from_value::<Cluster>(json!({"parent": {"parent": {"hosts": [{"health": true}]}}}))
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "parent.parent.hosts[0].health: invalid type: boolean `true`, expected an enum name \
             (string) or number"
        );

        let err = from_str::<Cluster>("{\"labels\": [5]}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "labels: invalid type: sequence, expected a JSON object at line 1 column 11"
        );

        let err = from_str::<Cluster>(r#"{"hosts": {"name": "h"}}"#).unwrap_err();
        assert_eq!(err.path(), "hosts");
        assert!(err
            .message()
            .starts_with("invalid type: map, expected a JSON array"));

        let err = from_str::<Cluster>(r#"{"hosts": ["h"]}"#).unwrap_err();
        assert_eq!(err.path(), "hosts[0]");
        assert!(err
            .message()
            .starts_with("invalid type: string \"h\", expected a JSON object (test.v1.Host)"));

        let err = from_value::<Cluster>(json!(5)).unwrap_err();
        assert_eq!(
            err.to_string(),
            ".: invalid type: integer `5`, expected a JSON object (test.v1.Cluster)"
        );

        let err = from_value::<Cluster>(json!({"createdAt": "2024-01-02"})).unwrap_err();
        assert_eq!(err.path(), "createdAt");
        assert!(err.message().starts_with("expected an RFC 3339 timestamp"));

        let err = from_str::<Cluster>("{} x").unwrap_err();
        assert_eq!(err.path(), ".");
        assert!(err.message().contains("trailing characters"));

        let err = from_str::<Cluster>("{\"name\": ").unwrap_err();
        assert_eq!(err.path(), "name");
        assert!(err.message().contains("EOF"));
    }

    #[test]
    fn encode_errors_name_the_path_too() {
        let c = Cluster {
            parent: Some(Box::new(Cluster {
                created_at: Some(datetime!(0000-01-01 0:00 UTC)),
                ..Cluster::default()
            })),
            ..Cluster::default()
        };
        let err = to_value(&c).unwrap_err();
        assert_eq!(err.path(), "parent.createdAt");
        assert!(err.message().starts_with("timestamp out of range"));
        assert_eq!(to_string(&c).unwrap_err().path(), "parent.createdAt");
    }
}
