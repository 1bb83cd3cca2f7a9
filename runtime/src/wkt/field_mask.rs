//! `google.protobuf.FieldMask`.
//!
//! On the wire a mask is one string of comma-separated paths, so a path containing a comma
//! cannot be written: it would read back as two paths, and encoding it is an error. Paths
//! are kept as the wire has them (camelCase) because the API compares them as written.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serialize, Serializer};

use crate::codec::Codec;

/// `google.protobuf.FieldMask`: a set of field paths.
///
/// The paths are kept exactly as they appear on the wire, which for the JSON mapping is
/// camelCase (`"config.spqrConfig"`); no case conversion is done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldMask {
    /// The field paths, e.g. `["name", "config.spqrConfig"]`.
    pub paths: Vec<String>,
}

impl FieldMask {
    /// Builds a mask from paths.
    pub fn new<I: IntoIterator<Item = P>, P: Into<String>>(paths: I) -> Self {
        FieldMask {
            paths: paths.into_iter().map(Into::into).collect(),
        }
    }

    /// Parses the wire form: comma-separated paths; the empty string has no paths.
    pub fn from_wire(s: &str) -> Self {
        if s.is_empty() {
            FieldMask::default()
        } else {
            FieldMask::new(s.split(','))
        }
    }
}

/// Writes the wire form: the paths joined with commas.
impl fmt::Display for FieldMask {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, path) in self.paths.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(path)?;
        }
        Ok(())
    }
}

struct FieldMaskVisitor;

impl Visitor<'_> for FieldMaskVisitor {
    type Value = FieldMask;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field mask as a JSON string of comma-separated paths")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldMask, E> {
        Ok(FieldMask::from_wire(v))
    }
}

impl Codec for FieldMask {
    type Value = FieldMask;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<FieldMask, D::Error> {
        d.deserialize_str(FieldMaskVisitor)
    }

    fn encode<S: Serializer>(v: &FieldMask, s: S) -> Result<S::Ok, S::Error> {
        if let Some(bad) = v.paths.iter().find(|p| p.contains(',')) {
            return Err(ser::Error::custom(format_args!(
                "field mask path {bad:?} contains a comma"
            )));
        }
        // One path (the usual update mask) is its own text: no `core::fmt` on the way.
        match v.paths.as_slice() {
            [] => s.serialize_str(""),
            [path] => s.serialize_str(path),
            _ => s.collect_str(v),
        }
    }
}

impl Serialize for FieldMask {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <FieldMask as Codec>::encode(self, s)
    }
}

impl<'de> de::Deserialize<'de> for FieldMask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <FieldMask as Codec>::decode(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn field_mask_split_and_join() {
        let m = dec::<FieldMask>("\"a.b,cD\"").unwrap();
        assert_eq!(m.paths, vec!["a.b".to_owned(), "cD".to_owned()]);
        assert_eq!(enc::<FieldMask>(&m), "\"a.b,cD\"");
        assert_eq!(dec::<FieldMask>("\"\""), Ok(FieldMask::default()));
        assert_eq!(enc::<FieldMask>(&FieldMask::default()), "\"\"");
        assert_eq!(enc::<FieldMask>(&FieldMask::new(["a.b"])), "\"a.b\"");
        assert_eq!(
            to_value(&Encode::<FieldMask>(&FieldMask::new(["x", "y\"z"]))).unwrap(),
            json!("x,y\"z")
        );
        assert_eq!(FieldMask::new(["x", "y.z"]).to_string(), "x,y.z");
        assert_eq!(
            enc_err::<FieldMask>(&FieldMask::new(["a,b"])),
            ".: field mask path \"a,b\" contains a comma"
        );
        assert!(dec::<FieldMask>("[\"a\"]")
            .unwrap_err()
            .contains("expected a field mask"));
        let direct: FieldMask = from_str("\"p,q\"").unwrap();
        assert_eq!(direct, FieldMask::new(["p", "q"]));
    }
}
