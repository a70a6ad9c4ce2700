//! Linux `/proc/PID/status`: a process's name and the memory it alone makes the system keep.
//!
//! Why `RssAnon + RssShmem + VmSwap` and not PSS from `/proc/PID/smaps_rollup` (measured on the
//! development machine, see docs/benchmarks.md "Top processes"):
//! * It is what macOS's footprint counts: the process's dirty anonymous memory, its shared
//!   memory and what was pushed out (compressed or swapped), not the clean file pages of its
//!   libraries, which the kernel can drop and reread. PSS adds a share of those file pages.
//!   For a Python process that touched 700 MiB: RssAnon 723,676 kB, PSS 728,627 kB (of which
//!   Pss_File 4,951 kB) — both find it; status is the one that means "this process's memory".
//! * `status` is readable for every user's processes; `smaps_rollup` needs ptrace rights, so
//!   without root most of the desktop's processes would be unreadable.
//! * Cost: `smaps_rollup` walks every mapping's page tables; `status` reads counters the kernel
//!   keeps. Over this machine's /proc (28–34 processes, a build running): status 0.56 ms,
//!   smaps_rollup 1.9 ms per scan, and 61 ms while rustc processes with many mappings ran
//!   (criterion, `cargo bench --bench top`).
//!
//! `RssShmem` counts a shared segment in every process that maps it, as Activity Monitor does.
//!
//! Memory the process locks (`VmLck`) is left out: it is Wired, not App Memory (docs/formulas.md),
//! and `explain` names the process among wired memory's holders instead.

/// The fields of one `/proc/PID/status` that Headroom uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// `Name:` (the kernel's `comm`, at most 15 bytes).
    pub name: String,
    /// Real user id (the first of `Uid:`).
    pub uid: Option<u32>,
    /// `RssAnon + RssShmem + VmSwap − VmLck` in bytes; `None` for a kernel thread, which has no memory of
    /// its own (its memory is the kernel's, counted in wired).
    pub bytes: Option<u64>,
}

/// Parses the text of `/proc/PID/status`. `None` when it has no `Name:` line (not a status file).
pub fn parse(text: &str) -> Option<Status> {
    let mut name = None;
    let mut uid = None;
    let (mut anon, mut shmem, mut swap, mut locked) = (None, None, None, 0);
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        match key {
            // The name is the rest of the line after the tab; it may contain spaces and colons.
            "Name" => name = Some(value.strip_prefix('\t').unwrap_or(value).to_owned()),
            "Uid" => uid = value.split_whitespace().next().and_then(|u| u.parse().ok()),
            "VmLck" => locked = kilobytes(value).unwrap_or(0),
            "RssAnon" => anon = kilobytes(value),
            "RssShmem" => shmem = kilobytes(value),
            "VmSwap" => {
                swap = kilobytes(value);
                // The kernel prints VmSwap after Name, Uid and the Rss lines (fs/proc/array.c
                // proc_pid_status, then task_mem in fs/proc/task_mmu.c): the ~30 lines after it are not needed.
                break;
            }
            _ => {}
        }
    }
    // A kernel thread's status has no Rss* lines at all; a process always has RssAnon.
    let bytes = anon.map(|anon: u64| {
        anon.saturating_add(shmem.unwrap_or(0))
            .saturating_add(swap.unwrap_or(0))
            .saturating_sub(locked)
            .saturating_mul(1024)
    });
    Some(Status { name: name?, uid, bytes })
}

/// "    4228 kB" → 4228.
fn kilobytes(value: &str) -> Option<u64> {
    value.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_machines_own_status() {
        let text = include_str!("../../tests/fixtures/proc/status-self-debian12.txt");
        let status = parse(text).expect("parses");
        assert_eq!(status.name, "cat");
        assert_eq!(status.uid, Some(0));
        // RssAnon 112 kB + RssShmem 0 + VmSwap 0; RssFile (1624 kB, its libraries) is not counted.
        assert_eq!(status.bytes, Some(112 * 1024));
    }

    #[test]
    fn a_kernel_thread_has_no_size_and_names_keep_their_spaces() {
        let text = include_str!("../../tests/fixtures/proc/status-kthread-debian12.txt");
        let status = parse(text).expect("parses");
        assert_eq!(status.name, "kthreadd");
        assert_eq!(status.bytes, None);
        let named = parse(
            "Name:\tWeb Content: x\nUid:\t1000\t1000\t1000\t1000\nRssAnon:\t 10 kB\nRssShmem:\t 2 kB\nVmSwap:\t 3 kB\n",
        )
        .expect("parses");
        assert_eq!((named.name.as_str(), named.uid, named.bytes), ("Web Content: x", Some(1000), Some(15 * 1024)));
        assert_eq!(parse("no status here"), None);
        let locking = "Name:\tpython3\nVmLck:\t 204800 kB\nRssAnon:\t 212000 kB\nRssShmem:\t 0 kB\nVmSwap:\t 0 kB\n";
        assert_eq!(parse(locking).expect("parses").bytes, Some(7200 * 1024), "locked memory is wired, not App");
    }
}
