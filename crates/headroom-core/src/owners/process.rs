//! A process's locked and pinned memory from `/proc/PID/status`: `VmLck` (mlock, and VFIO's
//! pinned guest RAM, which is accounted as locked) and `VmPin` (io_uring fixed buffers, RDMA).

/// `Name:`, `VmLck:` and `VmPin:` of one `/proc/PID/status`, in bytes; None without a `Name:` line.
pub fn locked_and_pinned(status: &str) -> Option<(String, u64, u64)> {
    let (mut name, mut locked, mut pinned) = (None, 0, 0);
    for line in status.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let bytes = || kilobytes(value).unwrap_or(0).saturating_mul(1024);
        match key {
            "Name" => name = Some(value.strip_prefix('\t').unwrap_or(value).to_owned()),
            "VmLck" => locked = bytes(),
            "VmPin" => {
                pinned = bytes();
                // fs/proc/task_mmu.c `task_mem` prints VmPin right after VmLck: nothing later is needed.
                break;
            }
            _ => {}
        }
    }
    Some((name?, locked, pinned))
}

/// `Locked:` of `/proc/PID/smaps_rollup`, bytes: the locked pages actually in RAM (`VmLck` counts
/// locked mappings whole, faulted in or not). Readable only with ptrace rights over the process.
pub fn rollup_locked(smaps_rollup: &str) -> Option<u64> {
    smaps_rollup.lines().find_map(|line| kilobytes(line.strip_prefix("Locked:")?)).map(|kb| kb.saturating_mul(1024))
}

fn kilobytes(value: &str) -> Option<u64> {
    value.trim().strip_suffix("kB")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_and_pinned_in_bytes() {
        let status = include_str!("../../tests/fixtures/proc/status-self-debian12.txt");
        let (name, locked, pinned) = locked_and_pinned(status).expect("a status");
        assert_eq!((name.as_str(), locked, pinned), ("cat", 0, 0));
        let locking = "Name:\tpython3\nVmLck:\t  204800 kB\nVmPin:\t       4 kB\nVmHWM:\t 1 kB\n";
        assert_eq!(locked_and_pinned(locking), Some(("python3".to_owned(), 204_800 * 1024, 4096)));
        assert_eq!(locked_and_pinned("VmLck: 1 kB\n"), None);
        let rollup = "55d0-7ffe ---p 00000000 00:00 0 [rollup]\nRss:  3000 kB\nLocked:   2048 kB\n";
        assert_eq!(rollup_locked(rollup), Some(2 << 20));
        assert_eq!(rollup_locked("Rss: 1 kB\n"), None);
    }
}
