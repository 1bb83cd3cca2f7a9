//! The well-known types the API uses: `Timestamp`, `Duration`, `FieldMask` and `Any`.
//!
//! Each has a JSON form of its own rather than the object form of a message, so each is a
//! codec; `FieldMask` and `Any` are also the Rust types of their fields.

mod any;
mod duration;
mod field_mask;
mod timestamp;

use std::fmt;

pub use self::any::Any;
pub use self::duration::Duration;
pub use self::field_mask::FieldMask;
pub use self::timestamp::Timestamp;

/// Writes the fraction of a second the way protobuf does, for timestamps and durations
/// alike: no digits for a whole second, else 3, 6 or 9 digits.
pub(super) fn write_fraction(f: &mut fmt::Formatter, nanos: u32) -> fmt::Result {
    match (nanos, nanos % 1_000_000, nanos % 1_000) {
        (0, _, _) => Ok(()),
        (_, 0, _) => write!(f, ".{:03}", nanos / 1_000_000),
        (_, _, 0) => write!(f, ".{:06}", nanos / 1_000),
        _ => write!(f, ".{nanos:09}"),
    }
}
