//! Config value types written as text in TOML: sizes (`"1G"`) and durations (`"2s"`, `"14d"`).

use std::fmt;
use std::time::Duration;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::units::parse_size;

/// A byte size written like `"512M"`, `"1G"`, `"1.5GiB"` or a bare integer of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(pub u64);

impl Size {
    pub(crate) const fn gib(n: u64) -> Size {
        Size(n << 30)
    }
    pub(crate) const fn mib(n: u64) -> Size {
        Size(n << 20)
    }
    pub(crate) fn bytes(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.0;
        for (shift, unit) in [(40, "T"), (30, "G"), (20, "M"), (10, "K")] {
            let scale = 1u64 << shift;
            if bytes >= scale && bytes.is_multiple_of(scale) {
                return write!(f, "{}{unit}", bytes / scale);
            }
        }
        write!(f, "{bytes}")
    }
}

impl Serialize for Size {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Size, D::Error> {
        struct SizeVisitor;
        impl Visitor<'_> for SizeVisitor {
            type Value = Size;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size such as \"512M\", \"1G\" or a whole number of bytes")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Size, E> {
                parse_size(text).map(Size).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, bytes: i64) -> Result<Size, E> {
                u64::try_from(bytes).map(Size).map_err(|_| E::custom("a size cannot be negative"))
            }
            fn visit_u64<E: de::Error>(self, bytes: u64) -> Result<Size, E> {
                Ok(Size(bytes))
            }
        }
        deserializer.deserialize_any(SizeVisitor)
    }
}

/// A duration written like `"500ms"`, `"2s"`, `"10m"`, `"6h"` or `"14d"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span(pub Duration);

impl Span {
    pub const fn secs(n: u64) -> Span {
        Span(Duration::from_secs(n))
    }
    pub const fn minutes(n: u64) -> Span {
        Span(Duration::from_secs(n * 60))
    }
    pub const fn hours(n: u64) -> Span {
        Span(Duration::from_secs(n * 3600))
    }
    pub const fn days(n: u64) -> Span {
        Span(Duration::from_secs(n * 86_400))
    }
    pub fn duration(self) -> Duration {
        self.0
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d.subsec_nanos() != 0 {
            return write!(f, "{}ms", d.as_millis());
        }
        let secs = d.as_secs();
        for (unit_secs, unit) in [(86_400, "d"), (3600, "h"), (60, "m")] {
            if secs >= unit_secs && secs.is_multiple_of(unit_secs) {
                return write!(f, "{}{unit}", secs / unit_secs);
            }
        }
        write!(f, "{secs}s")
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        struct SpanVisitor;
        impl Visitor<'_> for SpanVisitor {
            type Value = Span;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as \"2s\", \"10m\", \"6h\" or \"14d\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Span, E> {
                humantime::parse_duration(text.trim()).map(Span).map_err(|error| {
                    E::custom(format!("`{text}` is not a duration ({error}); try \"2s\", \"10m\" or \"14d\""))
                })
            }
        }
        deserializer.deserialize_str(SpanVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_print_in_the_largest_exact_unit() {
        assert_eq!(Size::gib(1).to_string(), "1G");
        assert_eq!(Size::mib(256).to_string(), "256M");
        assert_eq!(Size(1536 << 20).to_string(), "1536M");
        assert_eq!(Size(1000).to_string(), "1000");
    }

    #[test]
    fn spans_print_in_the_largest_exact_unit_and_parse_back() {
        for (span, text) in [
            (Span::secs(2), "2s"),
            (Span::minutes(10), "10m"),
            (Span::hours(6), "6h"),
            (Span::days(14), "14d"),
            (Span(Duration::from_millis(500)), "500ms"),
        ] {
            assert_eq!(span.to_string(), text);
            assert_eq!(humantime::parse_duration(text).map(Span), Ok(span));
        }
    }
}
