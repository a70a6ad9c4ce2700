//! zram, compressed swap in RAM: its pool (`/sys/block/zram*/mm_stat`, or `zramctl` pasted) and
//! the swap that lives on it (`/proc/swaps`), so the pool is Compressed rather than wired.

use thiserror::Error;

/// What zram devices hold, summed over devices; zeros when there are none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Zram {
    /// RAM the compressed pools take (`mem_used_total`, `zramctl`'s TOTAL): Compressed.
    pub pool: u64,
    /// What the pools hold uncompressed (`orig_data_size`, `zramctl`'s DATA).
    pub original: u64,
    /// Swap in use on zram devices: the part of Swap Used that lives in RAM, not on disk.
    pub swap_used: u64,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ZramError {
    #[error("mm_stat: `{0}` is not the 7 to 9 numbers the kernel writes (Documentation/admin-guide/blockdev/zram.rst)")]
    MmStat(String),
    #[error("zramctl line {line}: `{value}` in column {column} is not a size")]
    Size { line: usize, column: &'static str, value: String },
    #[error("zramctl: the header has no {0} column (run `zramctl --bytes` for exact figures)")]
    Column(&'static str),
}

/// One device's `mm_stat`: (orig_data_size, mem_used_total), bytes. Its fields, in order
/// (Documentation/admin-guide/blockdev/zram.rst, "mm_stat"): orig_data_size, compr_data_size,
/// mem_used_total, mem_limit, mem_used_max, same_pages, pages_compacted[, huge_pages[, huge_pages_since]].
pub fn parse_mm_stat(text: &str) -> Result<(u64, u64), ZramError> {
    let numbers: Option<Vec<u64>> = text.split_ascii_whitespace().map(|n| n.parse().ok()).collect();
    match numbers {
        Some(n) if (7..=9).contains(&n.len()) => Ok((n[0], n[2])),
        _ => Err(ZramError::MmStat(text.trim().to_owned())),
    }
}

/// Swap in use on zram devices, bytes, from /proc/swaps (`Filename Type Size Used Priority`, sizes in KiB).
pub fn swap_on_zram(swaps: &str) -> u64 {
    swaps
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split_ascii_whitespace();
            let name = fields.next()?;
            let used: u64 = fields.nth(2)?.parse().ok()?;
            is_zram(name).then_some(used.saturating_mul(1024))
        })
        .fold(0, u64::saturating_add)
}

/// The zram devices /proc/swaps names (`zram0`), for a backend that opens their mm_stat.
pub fn zram_swaps(swaps: &str) -> impl Iterator<Item = &str> {
    swaps
        .lines()
        .skip(1)
        .filter_map(|line| line.split_ascii_whitespace().next()?.strip_prefix("/dev/"))
        .filter(|d| is_zram(d))
}

fn is_zram(name: &str) -> bool {
    name.trim_start_matches("/dev/")
        .strip_prefix("zram")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// True when `text` holds `zramctl` output (its header line).
pub fn looks_like_zramctl(text: &str) -> bool {
    text.lines().any(is_zramctl_header)
}

fn is_zramctl_header(line: &str) -> bool {
    let mut words = line.split_ascii_whitespace();
    words.next() == Some("NAME") && line.contains("DISKSIZE") && line.contains("TOTAL")
}

/// `zramctl` output (with `--bytes`, or sizes such as `1.2G`) in a pasted text: its devices summed.
/// A device mounted as `[SWAP]` counts its DATA as swap in RAM. None when the text has no zramctl header.
pub fn parse_zramctl(text: &str) -> Option<Result<Zram, ZramError>> {
    let mut lines = text.lines().enumerate().skip_while(|(_, line)| !is_zramctl_header(line));
    let (_, header) = lines.next()?;
    let columns: Vec<&str> = header.split_ascii_whitespace().collect();
    let index = |name: &'static str| columns.iter().position(|c| *c == name).ok_or(ZramError::Column(name));
    let parse = || -> Result<Zram, ZramError> {
        let (data, total) = (index("DATA")?, index("TOTAL")?);
        let mut zram = Zram::default();
        for (number, line) in lines {
            let fields: Vec<&str> = line.split_ascii_whitespace().collect();
            if !fields.first().is_some_and(|name| is_zram(name)) {
                break;
            }
            let size = |at: usize, column: &'static str| {
                fields.get(at).and_then(|v| parse_size(v)).ok_or_else(|| ZramError::Size {
                    line: number + 1,
                    column,
                    value: fields.get(at).copied().unwrap_or("").to_owned(),
                })
            };
            let (original, pool) = (size(data, "DATA")?, size(total, "TOTAL")?);
            zram.original = zram.original.saturating_add(original);
            zram.pool = zram.pool.saturating_add(pool);
            if fields.last() == Some(&"[SWAP]") {
                zram.swap_used = zram.swap_used.saturating_add(original);
            }
        }
        Ok(zram)
    };
    Some(parse())
}

/// A zramctl size: bytes (`--bytes`), or a number with util-linux's binary suffix (`1.2G`, `4K`, `0B`).
fn parse_size(value: &str) -> Option<u64> {
    if let Ok(bytes) = value.parse() {
        return Some(bytes);
    }
    let (number, unit) = value.split_at(value.find(|c: char| c.is_ascii_alphabetic())?);
    let shift = match unit {
        "B" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return None,
    };
    let number: f64 = number.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    Some((number * (1u64 << shift) as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm_stat_gives_the_original_size_and_the_pool() {
        // The kernel's layout (zram_drv.c `mm_stat_show`: "%8llu %8llu %8llu %8lu %8ld %8llu %8lu %8llu %8llu").
        let line = "420478976 105443328 110100480        0 110100480       12        0        0        0\n";
        assert_eq!(parse_mm_stat(line), Ok((420_478_976, 110_100_480)));
        assert!(parse_mm_stat("1 2 3").is_err(), "too few fields");
        assert!(parse_mm_stat("").is_err());
    }

    #[test]
    fn swaps_on_zram_are_told_from_disk_swap() {
        let swaps = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n\
                     /dev/zram0                              partition\t8388604\t\t409600\t\t100\n\
                     /swapfile                               file\t\t2097148\t\t1024\t\t-2\n";
        assert_eq!(swap_on_zram(swaps), 409_600 * 1024);
        assert_eq!(zram_swaps(swaps).collect::<Vec<_>>(), ["zram0"]);
        assert_eq!(swap_on_zram("Filename Type Size Used Priority\n"), 0);
    }

    #[test]
    fn zramctl_in_bytes_or_with_suffixes() {
        let bytes = "NAME       ALGORITHM   DISKSIZE      DATA     COMPR     TOTAL STREAMS MOUNTPOINT\n\
                     /dev/zram0 zstd      8589930496 420478976 105443328 110100480       2 [SWAP]\n";
        let zram = parse_zramctl(bytes).expect("a header").expect("parses");
        assert_eq!(zram, Zram { pool: 110_100_480, original: 420_478_976, swap_used: 420_478_976 });
        let human = "$ zramctl\nNAME       ALGORITHM DISKSIZE  DATA  COMPR  TOTAL STREAMS MOUNTPOINT\n\
                     /dev/zram0 lzo-rle         4G 1.2G 300.5M 310.2M       8 [SWAP]\n$ \n";
        let zram = parse_zramctl(human).expect("a header").expect("parses");
        assert_eq!(zram.pool, (310.2 * 1048576.0) as u64);
        assert!(parse_zramctl("MemTotal: 1 kB\n").is_none());
        let broken =
            "NAME ALGORITHM DISKSIZE DATA COMPR TOTAL STREAMS MOUNTPOINT\n/dev/zram0 zstd 4G lots 1M 2M 2 [SWAP]\n";
        assert_eq!(parse_zramctl(broken), Some(Err(ZramError::Size { line: 2, column: "DATA", value: "lots".into() })));
    }
}
