//! The runtime of the generated Yandex Cloud API crates (`yandex-cloud-models`).
//!
//! Generated messages speak the protobuf proto3 JSON mapping, which is what the Yandex Cloud
//! REST API sends and accepts; this crate holds what every generated crate shares:
//!
//! - [`wire`]: decoding and encoding entry points, with errors that name the JSON path of
//!   the bad value;
//! - the well-known types and the containers generated fields use: [`Any`], [`FieldMask`],
//!   [`MapField`], [`UnknownFields`], [`UnknownEnumValue`], and the [`time`] crate's
//!   `OffsetDateTime` and `Duration` for timestamps and durations;
//! - [`request`]: the [`ApiRequest`] trait every generated request type implements (the call
//!   it describes, its validation against the pages' constraints, its response type);
//! - [`validate`]: what [`ApiRequest::validate`] reports.
//!
//! The machinery the generated code calls (codecs, field writers, the validator) is in a
//! hidden module and is not part of the supported API.

#![forbid(unsafe_code)]

mod codecs;
pub mod request;
pub mod validate;

pub use codecs::{Any, FieldMask, MapField, Message, UnknownEnumValue, UnknownFields};
pub use request::{
    ApiRequest, HostPart, Hosts, HttpCall, MethodInfo, RequestError, UnpackError, Verb,
};
pub use time;
pub use validate::{Rule, Violation, Violations};

/// Decoding and encoding in the proto3 JSON mapping.
pub mod wire {
    pub use crate::codecs::{
        from_slice, from_str, from_value, to_string, to_string_pretty, to_value, to_vec, Error,
    };
}

/// What generated code calls; not part of the supported API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codecs::*;
    pub use crate::request::{
        unpack, ApiRequest, HostPart, HttpCall, MethodInfo, PathWriter, Query, RequestError,
        UnpackError, Verb,
    };
    pub use crate::validate::{Check, Constraints, Validator, Violations};
}
