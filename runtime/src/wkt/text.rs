//! The texts of timestamps and durations, built on the stack.
//!
//! They were written with `write!` and zero-padded `{:02}` fields, and the `core::fmt`
//! padding machinery (`core::fmt::write`, `pad_integral`, `<u8 as Display>::fmt`) cost
//! about a tenth of a typed encode of the wire fixtures; digits put into a buffer cost a
//! few instructions each, and the serializer is handed one `&str`.

/// A short ASCII text: at most `N` bytes.
pub(super) struct Text<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Text<N> {
    pub(super) fn new() -> Self {
        Text {
            buf: [0; N],
            len: 0,
        }
    }

    pub(super) fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    pub(super) fn push_str(&mut self, s: &str) {
        self.buf[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
        self.len += s.len();
    }

    /// `v` in exactly `width` digits, zero-padded (`v` must fit).
    pub(super) fn push_digits(&mut self, mut v: u32, width: usize) {
        for slot in self.buf[self.len..self.len + width].iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        self.len += width;
    }

    /// The fraction of a second the way protobuf writes it, for timestamps and durations
    /// alike: no digits for a whole second, else 3, 6 or 9 digits.
    pub(super) fn push_fraction(&mut self, nanos: u32) {
        match (nanos, nanos % 1_000_000, nanos % 1_000) {
            (0, _, _) => {}
            (_, 0, _) => {
                self.push(b'.');
                self.push_digits(nanos / 1_000_000, 3);
            }
            (_, _, 0) => {
                self.push(b'.');
                self.push_digits(nanos / 1_000, 6);
            }
            _ => {
                self.push(b'.');
                self.push_digits(nanos, 9);
            }
        }
    }

    pub(super) fn as_str(&self) -> &str {
        // Only ASCII is ever pushed.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_fractions() {
        let mut t = Text::<40>::new();
        t.push_digits(7, 4);
        t.push(b'-');
        t.push_digits(12, 2);
        t.push_str("T");
        t.push_digits(999_999_999, 9);
        assert_eq!(t.as_str(), "0007-12T999999999");
        for (nanos, text) in [
            (0, ""),
            (1, ".000000001"),
            (1_000, ".000001"),
            (1_000_000, ".001"),
            (500_000_000, ".500"),
            (123_456_000, ".123456"),
            (999_999_999, ".999999999"),
        ] {
            let mut t = Text::<10>::new();
            t.push_fraction(nanos);
            assert_eq!(t.as_str(), text, "{nanos}");
        }
    }
}
