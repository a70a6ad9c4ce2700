//! Byte sizes: parsing what users type (`16G`, `16GiB`, `17179869184`) and printing GB the way Activity Monitor does.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
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

/// "GB" is Activity Monitor's convention (1 GB = 2^30 bytes); "GiB" is the same size with the IEC name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Units {
    #[serde(rename = "GB")]
    #[default]
    Gb,
    #[serde(rename = "GiB")]
    Gib,
}

impl Units {
    pub fn label(self) -> &'static str {
        match self {
            Units::Gb => "GB",
            Units::Gib => "GiB",
        }
    }
}

/// Whether sizes carry the IEC names (GiB, MiB): `units` in config.toml, which every output follows.
static IEC_NAMES: AtomicBool = AtomicBool::new(false);

/// Sets the names every size in this process is shown with; a front end calls it once it has
/// read config.toml (the menu-bar app again when the setting changes). Until then: GB and MB.
pub fn show_sizes_in(units: Units) {
    IEC_NAMES.store(units == Units::Gib, Ordering::Relaxed);
}

/// The names sizes are shown with now (see [`show_sizes_in`]).
pub fn shown_units() -> Units {
    if IEC_NAMES.load(Ordering::Relaxed) { Units::Gib } else { Units::Gb }
}

/// `bytes` as "12.3 GB", or "812 MB" under a gigabyte, in the units set by [`show_sizes_in`]
/// (see [`format_gb_as`]).
pub fn format_gb(bytes: u64) -> String {
    format_gb_as(bytes, shown_units().label())
}

/// A size as every output says it, in one format: gigabytes (2^30) with one decimal and the given
/// label ("GB" or "GiB"), and under a gigabyte whole megabytes (2^20, "MB" or "MiB") — "0.0 GB"
/// for a 21 MB process, or "0.4 GB" beside a "410 MB" elsewhere, say less than the figure.
/// The menu, the commands, the notifications and the report all format through here.
pub fn format_gb_as(bytes: u64, label: &str) -> String {
    // Rounded to the megabyte first, so 1023.7 MB reads "1.0 GB", not "1024 MB".
    let megabytes = bytes.saturating_add(MB / 2) / MB;
    if megabytes >= GB / MB {
        // The app's language's decimal mark ("14,6 GB"); the commands never choose a language: "14.6 GB".
        format!("{} {label}", crate::i18n::localize_number(gb_number(bytes)))
    } else {
        let small = if label == "GiB" { "MiB" } else { "MB" };
        format!("{megabytes} {small}")
    }
}

/// Two sizes joined by `between` ("–", " → "), the unit said once when both share it:
/// "1.4–3.0 GB", "4.1 → 1.3 GB", but "819 MB–3.0 GB" and "867 MB → 1.3 GB".
pub fn format_pair(first: u64, second: u64, between: &str, label: &str) -> String {
    let (first, second) = (format_gb_as(first, label), format_gb_as(second, label));
    match (first.rsplit_once(' '), second.rsplit_once(' ')) {
        (Some((number, unit)), Some((_, other))) if unit == other => format!("{number}{between}{second}"),
        _ => format!("{first}{between}{second}"),
    }
}

/// The same as [`format_gb`]: kept for callers that name the adaptive format.
pub fn format_adaptive(bytes: u64) -> String {
    format_gb(bytes)
}

/// `part` as a whole percentage of `whole`, rounded half up: the one rule for "1 % used" in the
/// menu, the menu-bar title and `status` (0.70 % is "1 %" everywhere, not "0 %" in one place).
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    u64::try_from((u128::from(part) * 200 + u128::from(whole)) / (2 * u128::from(whole))).unwrap_or(u64::MAX)
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
    fn one_size_format_megabytes_under_a_gigabyte_in_the_chosen_units() {
        assert_eq!(format_gb(21 * MB), "21 MB");
        assert_eq!(format_gb_as(21 * MB, "GiB"), "21 MiB");
        assert_eq!(format_gb(410 * MB), "410 MB");
        assert_eq!(format_gb(GB - MB / 4), "1.0 GB", "rounded to the megabyte before choosing the unit");
        assert_eq!(format_gb(GB + GB / 2), "1.5 GB");
        assert_eq!(format_gb_as(3 * GB, "GiB"), "3.0 GiB");
        assert_eq!(format_gb(0), "0 MB");
        assert_eq!(format_gb(u64::MAX), "17179869184.0 GB", "no overflow at the top of the range");
    }

    #[test]
    fn a_pair_says_its_unit_once_only_when_both_share_it() {
        assert_eq!(format_pair(GB + 4 * GB / 10, 3 * GB, "–", "GB"), "1.4–3.0 GB");
        assert_eq!(format_pair(819 * MB, 3 * GB, "–", "GB"), "819 MB–3.0 GB");
        assert_eq!(format_pair(867 * MB, 67 * MB, " → ", "GiB"), "867 → 67 MiB");
    }

    #[test]
    fn percentages_round_half_up_everywhere() {
        assert_eq!(percent(70, 10_000), 1, "0.70 % is 1 %");
        assert_eq!(percent(49, 10_000), 0);
        assert_eq!(percent(50, 100), 50);
        assert_eq!(percent(1, 0), 0);
        assert_eq!(percent(u64::MAX, u64::MAX), 100);
    }

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
        assert_eq!(format_gb(0), "0 MB");
        assert_eq!(format_adaptive(20_304 * 1024), "20 MB");
        assert_eq!(format_adaptive(3 * GB / 2), "1.5 GB");
    }
}
