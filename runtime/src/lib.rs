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
// docs.rs builds with `--cfg docsrs` on nightly, where `doc_cfg` marks what the `http`
// feature enables.
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The README's example, compiled and run as a doctest so that it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod codec;
mod enumeration;
mod error;
mod map_field;
mod message;
pub mod request;
#[cfg(test)]
mod test_support;
pub mod validate;
pub mod wire;
mod wkt;

pub use enumeration::UnknownEnumValue;
pub use map_field::MapField;
pub use message::{Message, UnknownFields};
pub use request::{
    public_endpoint, ApiRequest, CallBody, HostPart, Hosts, HttpCall, MethodInfo, OperationRequest,
    PagedRequest, RequestError, UnpackError, Verb, PUBLIC_ENDPOINTS,
};
pub use time;
pub use validate::{Rule, Violation, Violations};
pub use wkt::{Any, FieldMask};

/// What generated code calls; not part of the supported API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::{
        Bool, Boxed, Bytes, Codec, Decode, Double, Encode, Float, Int32, Int64, Json, Map,
        Repeated, Serde, Str, Uint32, Uint64, Value,
    };
    pub use crate::enumeration::{decode_enum, encode_enum, Enum, Enumeration, UnknownEnumValue};
    pub use crate::map_field::MapField;
    pub use crate::message::{
        decode_message, field, map, put, put_map, put_repeated, put_value, repeated, set_oneof,
        Message, MessageVisitor, Oneof, UnknownFields,
    };
    pub use crate::request::{
        unpack, ApiRequest, CallBody, HostPart, HttpCall, MethodInfo, OperationRequest,
        PagedRequest, PathWriter, Query, RequestError, UnpackError, Verb,
    };
    pub use crate::validate::{Check, Constraints, Validator, Violations};
    pub use crate::wire::{
        from_slice, from_str, from_value, to_string, to_string_pretty, to_value, to_vec, Error,
        ErrorKind,
    };
    pub use crate::wkt::{Any, Duration, FieldMask, Timestamp};
}
