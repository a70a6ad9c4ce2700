//! When this boot started: Linux `btime` in /proc/stat (parsed here; read by `linux.rs`), macOS
//! `kern.boottime` (read by `macos.rs`).

use time::OffsetDateTime;

/// The `btime` line of /proc/stat: seconds since the Unix epoch at boot (proc(5)).
#[allow(dead_code, reason = "called by the Linux backend; compiled everywhere so its tests run on any OS")]
pub(crate) fn parse_proc_stat(text: &str) -> Option<OffsetDateTime> {
    let seconds = text.lines().find_map(|line| line.strip_prefix("btime "))?.trim().parse::<i64>().ok()?;
    OffsetDateTime::from_unix_timestamp(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_btime_from_proc_stat() {
        let text = "cpu  10 0 5 100 0 0 0 0 0 0\nintr 1 2\nctxt 99\nbtime 1763800000\nprocesses 42\n";
        assert_eq!(parse_proc_stat(text).map(OffsetDateTime::unix_timestamp), Some(1_763_800_000));
        assert_eq!(parse_proc_stat("cpu 1 2\n"), None);
    }
}
