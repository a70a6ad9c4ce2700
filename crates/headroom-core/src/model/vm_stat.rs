//! Parses the text `vm_stat` prints into page counters, naming any line it needs and cannot find.

use thiserror::Error;

use crate::model::macos::MacCounters;

/// The header line that carries the page size.
pub const HEADER: &str = "Mach Virtual Memory Statistics:";

/// Why a `vm_stat` text could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum VmStatError {
    #[error("missing line `{HEADER} (page size of N bytes)`; it gives the page size")]
    MissingHeader,
    /// Every needed line that is absent, in one message, so a cut-off paste is fixed in one go.
    #[error("{}", describe_missing(.0))]
    MissingLines(Vec<Missing>),
    #[error("line {line}: `{label}` has the value `{value}`, which is not a page count")]
    BadValue { line: usize, label: String, value: String },
    #[error("line {line}: cannot read the page size from `{text}`")]
    BadHeader { line: usize, text: String },
}

/// A needed line that is absent, and what it is needed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub label: &'static str,
    pub needed_for: &'static str,
}

/// "missing line `Pages free`; it is needed for …", or "missing 3 lines: `A` (for …), `B` (…)".
fn describe_missing(missing: &[Missing]) -> String {
    match missing {
        [one] => format!("missing line `{}`; it is needed for {}", one.label, one.needed_for),
        many => format!(
            "missing {} lines: {}",
            many.len(),
            many.iter().map(|m| format!("`{}` (for {})", m.label, m.needed_for)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The labels this parser reads, with what each is needed for. Everything else is skipped, so
/// lines added by newer releases (e.g. macOS 27's "Pages tag-storage non-tag wired:") do no harm.
const REQUIRED: &[(&str, &str)] = &[
    ("Pages free", "Free and the pressure level"),
    ("Pages active", "the pressure level"),
    ("Pages inactive", "the pressure level"),
    ("Pages speculative", "the pressure level"),
    ("Pages wired down", "Wired Memory"),
    ("Pages purgeable", "App Memory and Cached Files"),
    ("File-backed pages", "Cached Files"),
    ("Anonymous pages", "App Memory"),
    ("Pages occupied by compressor", "Compressed"),
];

/// Lines that older or smaller systems may lack; read when present.
const OPTIONAL: &[&str] = &["Pages throttled", FAULTS];

/// The cumulative fault count (quoted in `vm_stat`'s output); it tells a fresh read from a cached copy.
const FAULTS: &str = "Translation faults";

/// True when `text` looks like `vm_stat` output.
pub(crate) fn looks_like_vm_stat(text: &str) -> bool {
    text.contains(HEADER) || text.lines().any(|line| line.trim_start().starts_with("Pages wired down:"))
}

/// Reads the counters out of `vm_stat` output. Lines are matched by their exact label, not by a
/// word inside them; unknown lines and surrounding noise (a shell prompt, a blank line) are skipped.
pub(crate) fn parse(text: &str) -> Result<MacCounters, VmStatError> {
    let mut page_size = None;
    let mut found: [Option<u64>; 9] = [None; 9];
    let mut throttled = None;
    let mut faults = None;

    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.trim();
        if let Some(rest) = line.strip_prefix(HEADER) {
            page_size = Some(
                parse_page_size(rest).ok_or_else(|| VmStatError::BadHeader { line: line_no, text: line.to_owned() })?,
            );
            continue;
        }
        let Some((label, value)) = line.split_once(':') else { continue };
        let label = label.trim().trim_matches('"');
        let slot = REQUIRED.iter().position(|(name, _)| *name == label);
        let is_optional = OPTIONAL.contains(&label);
        if slot.is_none() && !is_optional {
            continue;
        }
        let pages = parse_pages(value).ok_or_else(|| VmStatError::BadValue {
            line: line_no,
            label: label.to_owned(),
            value: value.trim().to_owned(),
        })?;
        match slot {
            Some(i) => found[i] = Some(pages),
            None if label == FAULTS => faults = Some(pages),
            None => throttled = Some(pages),
        }
    }

    let mut missing: Vec<Missing> = Vec::new();
    if page_size.is_none() {
        missing.push(Missing {
            label: "Mach Virtual Memory Statistics: (page size of N bytes)",
            needed_for: "the page size",
        });
    }
    let mut values = [0u64; 9];
    for (i, (label, needed_for)) in REQUIRED.iter().enumerate() {
        match found[i] {
            Some(pages) => values[i] = pages,
            None => missing.push(Missing { label, needed_for }),
        }
    }
    // Only the header gone keeps its own message; anything more is named all at once.
    let page_size = match (page_size, missing.len()) {
        (Some(size), 0) => size,
        (None, 1) => return Err(VmStatError::MissingHeader),
        _ => return Err(VmStatError::MissingLines(missing)),
    };
    let [free, active, inactive, speculative, wired, purgeable, external, internal, compressor] = values;
    Ok(MacCounters {
        page_size,
        free,
        speculative,
        active,
        inactive,
        throttled: throttled.unwrap_or(0),
        wired,
        purgeable,
        external,
        internal,
        compressor,
        faults: faults.unwrap_or(0),
    })
}

/// "(page size of 16384 bytes)" → 16384.
fn parse_page_size(rest: &str) -> Option<u64> {
    let inner = rest.trim().strip_prefix("(page size of")?.strip_suffix("bytes)")?;
    inner.trim().parse().ok().filter(|size| *size > 0)
}

/// "      159117." → 159117.
fn parse_pages(value: &str) -> Option<u64> {
    value.trim().trim_end_matches('.').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "Mach Virtual Memory Statistics: (page size of 4096 bytes)
Pages free:                               10.
Pages active:                             20.
Pages inactive:                           30.
Pages speculative:                         4.
Pages throttled:                           0.
Pages wired down:                         50.
Pages purgeable:                           6.
\"Translation faults\":                  999.
File-backed pages:                        70.
Anonymous pages:                          80.
Pages stored in compressor:              900.
Pages occupied by compressor:             90.
";

    #[test]
    fn reads_every_needed_line() {
        let c = parse(SMALL).expect("parses");
        assert_eq!(
            c,
            MacCounters {
                page_size: 4096,
                free: 10,
                active: 20,
                inactive: 30,
                speculative: 4,
                throttled: 0,
                wired: 50,
                purgeable: 6,
                external: 70,
                internal: 80,
                compressor: 90,
                faults: 999,
            }
        );
    }

    #[test]
    fn names_the_missing_line() {
        for (label, _) in REQUIRED {
            let text: String = SMALL
                .lines()
                .filter(|line| !line.starts_with(&format!("{label}:")))
                .map(|line| format!("{line}\n"))
                .collect();
            match parse(&text) {
                Err(VmStatError::MissingLines(missing)) => assert_eq!(missing[0].label, *label),
                other => panic!("removing {label}: got {other:?}"),
            }
        }
        let headerless: String = SMALL.lines().skip(1).map(|l| format!("{l}\n")).collect();
        assert_eq!(parse(&headerless), Err(VmStatError::MissingHeader));
    }

    #[test]
    fn several_missing_lines_are_named_in_one_message() {
        // A paste cut off after "Pages speculative": the header is there, five needed lines are not.
        let cut: String = SMALL.lines().take(5).map(|l| format!("{l}\n")).collect();
        let error = parse(&cut).expect_err("cut off");
        let message = error.to_string();
        assert!(message.starts_with("missing 5 lines: "), "{message}");
        for label in [
            "Pages wired down",
            "Pages purgeable",
            "File-backed pages",
            "Anonymous pages",
            "Pages occupied by compressor",
        ] {
            assert!(message.contains(&format!("`{label}`")), "{label} in {message}");
        }
        // Without the header either, the header is named with the rest.
        let both: String = cut.lines().skip(1).map(|l| format!("{l}\n")).collect();
        let message = parse(&both).expect_err("cut").to_string();
        assert!(message.starts_with("missing 6 lines: `Mach Virtual Memory Statistics:"), "{message}");
    }

    #[test]
    fn a_similar_label_is_not_mistaken_for_a_needed_one() {
        // "Pages stored in compressor" must not stand in for "Pages occupied by compressor",
        // nor a second line containing "wired" for "Pages wired down".
        let text = SMALL
            .replace("Pages occupied by compressor:             90.\n", "")
            .replace("Pages wired down:                         50.\n", "Pages tag-storage non-tag wired: 11.\n");
        assert!(matches!(parse(&text), Err(VmStatError::MissingLines(_))));
    }

    #[test]
    fn bad_values_name_the_line() {
        let text = SMALL.replace("Pages wired down:                         50.", "Pages wired down: lots.");
        assert_eq!(
            parse(&text),
            Err(VmStatError::BadValue { line: 7, label: "Pages wired down".into(), value: "lots.".into() })
        );
        let text = SMALL.replace("(page size of 4096 bytes)", "(page size of zero bytes)");
        assert!(matches!(parse(&text), Err(VmStatError::BadHeader { line: 1, .. })));
    }

    #[test]
    fn throttled_is_optional() {
        let text = SMALL.replace("Pages throttled:                           0.\n", "");
        assert_eq!(parse(&text).expect("parses").throttled, 0);
    }

    #[test]
    fn detection() {
        assert!(looks_like_vm_stat(SMALL));
        assert!(!looks_like_vm_stat("MemTotal: 1 kB\n"));
    }
}
