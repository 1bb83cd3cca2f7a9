//! The error of the [`wire`](crate::wire) entry points.
//!
//! The API's messages nest deeply (`config.spqrConfig.balancer.cpuThreshold`), and a
//! message alone ("invalid type: boolean") does not say which of a response's many values
//! was bad, so every error carries the JSON path of the value at fault. Callers act on
//! failures differently (a cut-off response body is worth retrying, a value the schema does
//! not allow is not, a request that cannot be encoded is the caller's own), so the error
//! also says which of those it is, as an [`ErrorKind`].

use std::fmt;

/// A decode or encode error. `Display` is "path: message", e.g.
///
/// ```text
/// config.spqrConfig.balancer.cpuThreshold: invalid type: boolean `true`, expected a double ...
/// hosts[1].port: invalid value: string "x", expected an int32 as a JSON number or numeric string
/// .: invalid type: integer `5`, expected a JSON object (yandex.cloud.mdb.spqr.v1.Cluster)
/// ```
///
/// Object keys are joined with `.`, array elements render as `[i]`, and the path is `.` at
/// the top level. Errors from [`from_str`](crate::wire::from_str) and
/// [`from_slice`](crate::wire::from_slice) end with the line and column.
///
/// [`kind`](Error::kind) says what kind of failure it is. When `serde_json` found the fault,
/// the message is that error's text, and [`source`](std::error::Error::source) is what
/// `serde_json`'s error has underneath (if anything): each cause is printed once by a
/// report that walks the chain of sources.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: String,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// What kind of failure an [`Error`] is, to match on.
///
/// The first fault found decides: `[1,]` read as a message is [`Data`](ErrorKind::Data),
/// because the array is refused before its trailing comma is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not JSON: malformed text, text that ends inside a value, or anything
    /// but whitespace after the value.
    Syntax,
    /// Well-formed JSON that does not fit the type it is read as: a value of the wrong JSON
    /// type or out of range, a malformed timestamp, duration or base64 string, two members
    /// of one oneof.
    Data,
    /// A value that has no JSON form: a timestamp outside the years 0001 to 9999, a
    /// duration beyond ±315,576,000,000 seconds, a field mask path with a comma, a message
    /// packed into an [`Any`](crate::Any) that does not encode as a JSON object.
    Encode,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            path: path.into(),
            message: message.into(),
            source: None,
        }
    }

    /// `serde_json`'s error at `path`, of the kind `serde_json` reports it as.
    pub(crate) fn from_json(path: impl Into<String>, e: serde_json::Error) -> Self {
        let kind = match e.classify() {
            serde_json::error::Category::Data => ErrorKind::Data,
            serde_json::error::Category::Syntax
            | serde_json::error::Category::Eof
            | serde_json::error::Category::Io => ErrorKind::Syntax,
        };
        Error::new(kind, path, e.to_string()).with_source(e)
    }

    /// A decode failure, at the path where the deserializer failed.
    pub(crate) fn decoding(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = e.path().to_string();
        Error::from_json(path, e.into_inner())
    }

    /// An encode failure, at the path where the serializer failed. Whatever `serde_json`
    /// calls it, a value that cannot be written is [`ErrorKind::Encode`].
    pub(crate) fn encoding(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = e.path().to_string();
        let e = e.into_inner();
        Error::new(ErrorKind::Encode, path, e.to_string()).with_source(e)
    }

    pub(crate) fn with_source(mut self, e: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(e));
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The JSON path of the value at fault, such as `hosts[0].port`, or `.` at the top.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error the message was taken from (`serde_json`'s), when there is one.
    pub(crate) fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The message is the text of the error the runtime was given (`serde_json`'s, say); the
/// source is what that error has underneath, so that no cause is printed twice.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause().and_then(|e| e.source())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn error_display_and_accessors() {
        let e = Error::new(ErrorKind::Data, "a.b[0].c", "boom");
        assert_eq!(e.to_string(), "a.b[0].c: boom");
        assert_eq!((e.path(), e.message()), ("a.b[0].c", "boom"));
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().ends_with("boom"));
        assert!(to_string_pretty(&json!({"a": 1})).unwrap().contains("\n"));
        assert_eq!(to_vec(&json!([1])).unwrap(), b"[1]");
    }

    /// The `serde_json` error behind `e`, which must have one.
    fn json_source(e: &Error) -> &serde_json::Error {
        e.cause()
            .expect("a cause")
            .downcast_ref::<serde_json::Error>()
            .expect("a serde_json error")
    }

    #[test]
    fn malformed_text_is_a_syntax_error() {
        for (text, path) in [
            ("{\"name\": ", "name"),
            ("{\"name\": tru}", "name"),
            ("{} x", "."),
            ("", "."),
        ] {
            let e = from_str::<Cluster>(text).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Syntax, "{text:?}: {e}");
            assert_eq!(e.path(), path, "{text:?}");
            assert_eq!(json_source(&e).to_string(), e.message());
        }
        let e = from_slice::<Cluster>(br#"{"name": "a",}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
    }

    #[test]
    fn values_that_do_not_fit_are_data_errors() {
        let e = from_str::<Cluster>(r#"{"hosts": [{"port": "x"}]}"#).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Data, "hosts[0].port"));
        assert!(json_source(&e).is_data());
        assert_eq!(json_source(&e).to_string(), e.message());

        let e = from_value::<Cluster>(json!({"createdAt": "yesterday"})).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Data);
        assert!(json_source(&e).is_data());

        let e =
            from_str::<Cluster>(r#"{"anytime": {}, "weeklyMaintenanceWindow": {}}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Data);

        let mut any = Any::default();
        any.type_url = "type.googleapis.com/test.v1.Host".into();
        any.insert("port", &json!(true));
        let e = any.unpack::<Host>().unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Data, "port"));
    }

    #[test]
    fn values_without_a_json_form_are_encode_errors() {
        let c = Cluster {
            created_at: Some(datetime!(0000-01-01 0:00 UTC)),
            ..Cluster::default()
        };
        for e in [
            to_value(&c).unwrap_err(),
            to_vec(&c).unwrap_err(),
            to_string(&c).unwrap_err(),
            to_string_pretty(&c).unwrap_err(),
        ] {
            assert_eq!((e.kind(), e.path()), (ErrorKind::Encode, "createdAt"));
            assert_eq!(json_source(&e).to_string(), e.message());
        }

        let mask = FieldMask::new(["a,b"]);
        let e = to_string(&Encode::<FieldMask>(&mask)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encode);

        // Nothing underneath: the runtime itself found the fault.
        let e = Any::pack(&Health::Alive).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Encode, "."));
        assert!(e.cause().is_none());
    }

    #[test]
    fn display_is_path_and_message_whatever_the_source() {
        let e = from_value::<Cluster>(json!({"size": true})).unwrap_err();
        assert_eq!(e.to_string(), format!("{}: {}", e.path(), e.message()));
        assert!(std::error::Error::source(&Error::new(ErrorKind::Data, ".", "x")).is_none());
    }

    /// Each cause once: an error shows its cause in its message or returns it from
    /// `source()`, so a report walking the chain never shows a text twice.
    #[test]
    fn every_runtime_error_shows_each_cause_once() {
        use crate::request::{RequestError, UnpackError};
        let decode = from_str::<Cluster>(r#"{"hosts": [{"port": "x"}]}"#).unwrap_err();
        let bad = Cluster {
            created_at: Some(datetime!(0000-01-01 0:00 UTC)),
            ..Cluster::default()
        };
        let encode = RequestError::Encode(to_vec(&bad).unwrap_err());
        let unpack = UnpackError::Decode {
            field: "response",
            source: from_str::<Cluster>("[1]").unwrap_err(),
        };
        let errors: [&dyn std::error::Error; 3] = [&decode, &encode, &unpack];
        for e in errors {
            let mut texts = vec![e.to_string()];
            let mut next = e.source();
            while let Some(cause) = next {
                texts.push(cause.to_string());
                next = cause.source();
            }
            for (i, outer) in texts.iter().enumerate() {
                for inner in &texts[i + 1..] {
                    assert!(!outer.contains(inner.as_str()), "{texts:#?}");
                }
            }
        }
        // What the runtime found is still said, once.
        assert!(encode.to_string().contains("createdAt"), "{encode}");
        assert!(
            unpack.to_string().contains("invalid type: sequence"),
            "{unpack}"
        );
    }

    #[test]
    fn errors_cross_threads() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<Error>();
        let boxed: Box<dyn std::error::Error + Send + Sync> =
            from_str::<Cluster>("x").unwrap_err().into();
        assert!(boxed.to_string().contains("expected value"));
    }
}
