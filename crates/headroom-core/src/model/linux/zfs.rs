//! The ZFS ARC (`/proc/spl/kstat/zfs/arcstats`): a cache that meminfo counts nowhere, so without it
//! the ARC reads as wired memory (htop-dev/htop#1559, btop #150, bottom #688).

use thiserror::Error;

/// The ARC's size and the floor below which ZFS will not shrink it, bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ZfsArc {
    pub size: u64,
    pub c_min: u64,
}

impl ZfsArc {
    /// What the ARC gives back under pressure: everything above `c_min` (btop's rule).
    pub fn reclaimable(&self) -> u64 {
        self.size.saturating_sub(self.c_min)
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ZfsError {
    #[error("arcstats: no `{0}` line")]
    Missing(&'static str),
    #[error("arcstats line {line}: `{value}` is not a number")]
    BadValue { line: usize, value: String },
}

/// True when `text` holds an arcstats dump (its `c_min` row: `c_min 4 <bytes>`).
pub fn looks_like_arcstats(text: &str) -> bool {
    text.lines().any(|line| {
        let mut fields = line.split_ascii_whitespace();
        fields.next() == Some("c_min") && fields.next() == Some("4")
    })
}

/// Parses arcstats (`name type data` rows after a kstat header; type 4 is a 64-bit unsigned).
pub fn parse_arcstats(text: &str) -> Result<ZfsArc, ZfsError> {
    let (mut size, mut c_min) = (None, None);
    for (index, line) in text.lines().enumerate() {
        let mut fields = line.split_ascii_whitespace();
        let slot = match fields.next() {
            Some("size") => &mut size,
            Some("c_min") => &mut c_min,
            _ => continue,
        };
        let value = fields.nth(1).unwrap_or("");
        *slot = Some(value.parse().map_err(|_| ZfsError::BadValue { line: index + 1, value: value.to_owned() })?);
    }
    Ok(ZfsArc { size: size.ok_or(ZfsError::Missing("size"))?, c_min: c_min.ok_or(ZfsError::Missing("c_min"))? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_and_floor_are_read_and_the_rest_skipped() {
        let text = "13 1 0x01 123 33456 3325927346 2310569658155\nname                            type data\n\
                    hits                            4    1000\nc_min                           4    1073741824\n\
                    size                            4    8589934592\n";
        assert!(looks_like_arcstats(text));
        let arc = parse_arcstats(text).expect("parses");
        assert_eq!(arc, ZfsArc { size: 8_589_934_592, c_min: 1_073_741_824 });
        assert_eq!(arc.reclaimable(), 7_516_192_768);
        assert_eq!(parse_arcstats("c_min 4 1\n"), Err(ZfsError::Missing("size")));
        assert_eq!(parse_arcstats("size 4 big\nc_min 4 1\n"), Err(ZfsError::BadValue { line: 1, value: "big".into() }));
        assert!(!looks_like_arcstats("MemTotal: 1 kB\n"));
    }
}
