//! The well-known types the API uses: `Timestamp`, `Duration`, `FieldMask` and `Any`.
//!
//! Each has a JSON form of its own rather than the object form of a message, so each is a
//! codec; `FieldMask` and `Any` are also the Rust types of their fields.

mod any;
mod duration;
mod field_mask;
mod text;
mod timestamp;

pub use self::any::Any;
pub use self::duration::Duration;
pub use self::field_mask::FieldMask;
pub use self::timestamp::Timestamp;
