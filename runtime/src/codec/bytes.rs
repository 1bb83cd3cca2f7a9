//! `bytes`.
//!
//! The mapping lets writers choose the standard or the URL-safe base64 alphabet, with or
//! without padding, so all four are read; the standard padded form is written.

use std::fmt;

use base64::alphabet;
use base64::display::Base64Display;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

use super::Codec;

const BASE64_CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(true)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, BASE64_CONFIG);
const BASE64_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, BASE64_CONFIG);

/// `bytes`: base64 in a JSON string. Written with the standard alphabet and padding;
/// read in the standard or URL-safe alphabet, padded or not.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bytes;

struct BytesVisitor;

impl Visitor<'_> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("base64 data as a JSON string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        let engine = if v.bytes().any(|b| b == b'-' || b == b'_') {
            &BASE64_URL_SAFE
        } else {
            &BASE64_STANDARD
        };
        engine
            .decode(v)
            .map_err(|e| E::custom(format_args!("expected base64 data as a JSON string: {e}")))
    }
}

impl Codec for Bytes {
    type Value = Vec<u8>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_str(BytesVisitor)
    }

    fn encode<S: Serializer>(v: &Vec<u8>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&Base64Display::new(v, &BASE64_STANDARD))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn bytes_alphabets_and_padding() {
        let data = vec![0xfb, 0xff, 0xbf];
        assert_eq!(enc::<Bytes>(&data), "\"+/+/\"");
        assert_eq!(enc::<Bytes>(&vec![0xfb, 0xff]), "\"+/8=\"");
        for text in ["\"+/8=\"", "\"+/8\"", "\"-_8=\"", "\"-_8\""] {
            assert_eq!(dec::<Bytes>(text), Ok(vec![0xfb, 0xff]), "{text}");
        }
        assert_eq!(dec::<Bytes>("\"\""), Ok(vec![]));
        assert_eq!(dec::<Bytes>("\"aGVsbG8\""), Ok(b"hello".to_vec()));
        assert!(dec::<Bytes>("\"+_8=\"").is_err());
        assert!(dec::<Bytes>("\"!!\"")
            .unwrap_err()
            .contains("expected base64 data"));
        assert!(dec::<Bytes>("[1]").is_err());
    }
}
