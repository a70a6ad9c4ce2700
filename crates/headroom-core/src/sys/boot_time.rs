//! When this boot started: Linux `btime` in /proc/stat, macOS `kern.boottime`.

use time::OffsetDateTime;

use super::ReadError;

/// The `btime` line of /proc/stat: seconds since the Unix epoch at boot (proc(5)).
pub fn parse_proc_stat(text: &str) -> Option<OffsetDateTime> {
    let seconds = text.lines().find_map(|line| line.strip_prefix("btime "))?.trim().parse::<i64>().ok()?;
    OffsetDateTime::from_unix_timestamp(seconds).ok()
}

/// This boot's start. On macOS `kern.boottime` is a `struct timeval` (XNU bsd/kern/kern_sysctl.c,
/// `sysctl_boottime`, "S,timeval"); it moves when the clock is corrected, so it is shown, never used as an id.
pub fn read() -> Result<OffsetDateTime, ReadError> {
    #[cfg(target_os = "linux")]
    return {
        let path = "/proc/stat";
        let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io { path: path.into(), source })?;
        parse_proc_stat(&text).ok_or_else(|| ReadError::Io {
            path: path.into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "no btime line"),
        })
    };
    #[cfg(target_os = "macos")]
    return {
        let boot: libc::timeval = super::macos::sysctl_value(c"kern.boottime")?;
        OffsetDateTime::from_unix_timestamp(boot.tv_sec).map_err(|_| ReadError::SysctlSize {
            name: "kern.boottime",
            got: 0,
            want: std::mem::size_of::<libc::timeval>(),
        })
    };
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    return Err(ReadError::Unsupported(std::env::consts::OS));
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
