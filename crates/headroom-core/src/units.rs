//! Byte sizes: parsing what users type (`16G`, `16GiB`, `17179869184`) and printing GB the way Activity Monitor does.

use thiserror::Error;

/// One gigabyte as Activity Monitor counts it: 2^30 bytes, so a 16 GiB Mac shows "16.0 GB".
pub const GB: u64 = 1 << 30;
/// One megabyte in the same convention.
pub(crate) const MB: u64 = 1 << 20;

/// Why a size the user typed was not understood.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SizeError {
    #[error("empty size")]
    Empty,
    #[error(
        "`{0}` is not a size: expected a number of bytes or a number with K, M, G or T (e.g. 16G, 16GiB, 17179869184)"
    )]
    Malformed(String),
    #[error("`{0}` is too large")]
    Overflow(String),
}

/// Parses a memory size. Units are binary, as RAM is sold: `16G`, `16GB` and `16GiB` all mean 16 × 2^30 bytes.
/// A bare number is bytes. A decimal fraction is allowed with a unit (`1.5G`).
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SizeError::Empty);
    }
    let split = trimmed.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(SizeError::Malformed(trimmed.to_owned())),
    };
    let malformed = || SizeError::Malformed(trimmed.to_owned());
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return Err(malformed());
    }
    if (shift == 0 && !fraction.is_empty()) || fraction.contains('.') {
        return Err(malformed());
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| malformed())? };
    let scaled_whole = whole.checked_mul(1u64 << shift).ok_or_else(|| SizeError::Overflow(trimmed.to_owned()))?;
    // The fraction is applied in integer arithmetic so `1.5G` is exact: digits × 2^shift / 10^len.
    let fraction_bytes = if fraction.is_empty() {
        0
    } else {
        let digits: u128 = fraction.parse().map_err(|_| malformed())?;
        let scale =
            10u128.checked_pow(u32::try_from(fraction.len()).map_err(|_| malformed())?).ok_or_else(malformed)?;
        u64::try_from((digits << shift) / scale).map_err(|_| SizeError::Overflow(trimmed.to_owned()))?
    };
    scaled_whole.checked_add(fraction_bytes).ok_or_else(|| SizeError::Overflow(trimmed.to_owned()))
}

/// `bytes` in GB with one decimal, without the unit (for columns).
pub(crate) fn gb_number(bytes: u64) -> String {
    Gb(bytes).to_string()
}

/// `bytes` in GB with one decimal as a `Display` that honours width and alignment, in integer
/// arithmetic and without allocating.
/// Rounds half up; no whole number of bytes falls exactly on a tie (GB × 0.05 is not an integer).
pub struct Gb(pub u64);

impl std::fmt::Display for Gb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(gb_digits(self.0, &mut [0; GB_DIGITS_MAX]))
    }
}

/// The longest text [`gb_digits`] writes: "123.4" for u64::MAX bytes needs 11 digits, a point and
/// one more; room for 20 digits keeps the bound obvious.
pub const GB_DIGITS_MAX: usize = 24;

/// `bytes` in GB with one decimal ("12.3"), written into `buffer` and borrowed from it: the digits
/// of [`Gb`] for callers that lay out bytes themselves (the history table).
pub fn gb_digits(bytes: u64, buffer: &mut [u8; GB_DIGITS_MAX]) -> &str {
    // Tenths of a GB fit a u64 for any u64 of bytes (at most 1.8e11).
    let tenths = u64::try_from((u128::from(bytes) * 10 + u128::from(GB / 2)) / u128::from(GB)).unwrap_or(u64::MAX);
    // Digits written right to left.
    let mut at = buffer.len() - 1;
    buffer[at] = b'0' + (tenths % 10) as u8;
    at -= 1;
    buffer[at] = b'.';
    let mut whole = tenths / 10;
    loop {
        at -= 1;
        buffer[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    // Only ASCII digits and a point were written.
    std::str::from_utf8(&buffer[at..]).unwrap_or("?")
}

/// `bytes` as "12.3 GB".
pub fn format_gb(bytes: u64) -> String {
    format_gb_as(bytes, "GB")
}

/// `bytes` in gigabytes (2^30) with one decimal and the given label ("GB" or "GiB").
pub fn format_gb_as(bytes: u64, label: &str) -> String {
    format!("{} {label}", gb_number(bytes))
}

/// A size in the unit that reads best: "812 MB" under a gigabyte, "1.4 GB" above.
pub fn format_adaptive(bytes: u64) -> String {
    if bytes >= GB { format_gb(bytes) } else { format!("{} MB", (bytes + MB / 2) / MB) }
}

/// A span the user typed ("24h", "7d", "90m"), for `--since` and the like. A clap value parser
/// (`value_parser = parse_since`): its error stays a `String`, which clap shows as it is (clap asks
/// only for an error it can display), so the text carries what was typed and an example.
pub fn parse_since(text: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 24h or 7d)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb_columns_in_integers_match_the_float_rounding() {
        for bytes in [0, 1, GB / 20 - 1, GB / 20, GB / 20 + 1, GB - 1, GB, 3 * GB / 2, 123_456_789_012, u64::MAX] {
            assert_eq!(gb_number(bytes), format!("{:.1}", bytes as f64 / GB as f64), "{bytes}");
        }
        assert_eq!(format!("{:>6}|{:<6}|", Gb(GB), Gb(25 * GB / 10)), "   1.0|2.5   |");
    }

    #[test]
    fn parses_the_forms_users_type() {
        let cases: &[(&str, u64)] = &[
            ("17179869184", 17_179_869_184),
            ("16G", 16 * GB),
            ("16g", 16 * GB),
            ("16GB", 16 * GB),
            ("16GiB", 16 * GB),
            ("16 GiB", 16 * GB),
            ("512M", 512 * MB),
            ("1.5G", 3 * GB / 2),
            ("0.5T", 512 * GB),
            ("4096", 4096),
            ("8k", 8192),
        ];
        for (text, want) in cases {
            assert_eq!(parse_size(text), Ok(*want), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_size() {
        for text in ["", "  ", "G", "16X", "sixteen", "1.5", "1..5G", "-1G", "16 G B"] {
            assert!(parse_size(text).is_err(), "{text:?} should be rejected");
        }
        assert!(matches!(parse_size("99999999999T"), Err(SizeError::Overflow(_))));
    }

    #[test]
    fn formats_like_activity_monitor() {
        assert_eq!(format_gb(17_179_869_184), "16.0 GB");
        assert_eq!(format_gb(2_607_000_000), "2.4 GB");
        assert_eq!(format_gb(0), "0.0 GB");
        assert_eq!(format_adaptive(20_304 * 1024), "20 MB");
        assert_eq!(format_adaptive(3 * GB / 2), "1.5 GB");
    }
}
