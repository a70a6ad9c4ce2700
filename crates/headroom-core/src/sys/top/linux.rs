//! Linux: every process's `RssAnon + RssShmem + VmSwap` from `/proc/PID/status` and its desktop app from `/proc/PID/cgroup`.

use std::collections::HashMap;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::TopError;
use crate::top::{Measure, Process, cgroup, status};

/// How long a process's application (from its cgroup) is trusted before it is read again. A desktop
/// puts an app into its scope right after starting it, so the answer rarely changes; caching it
/// halves the files a repeated scan opens (docs/benchmarks.md), and a move is seen within this time.
const APP_TTL: Duration = Duration::from_secs(60);

/// Lists processes repeatedly, remembering each one's application for [`APP_TTL`].
pub(crate) struct Scanner {
    root: PathBuf,
    /// Every process of the last scan that has a size, by pid: updated in place, so a scan of
    /// 10,000 processes builds no second table (the app's RSS stays within 2 MB of normal).
    apps: HashMap<u32, Known>,
    /// What `Known::read_at_s` counts from.
    started: Instant,
    /// The current scan's number, stamped on each process it saw; the others are forgotten.
    scans: u32,
}

/// What is remembered of a process between scans: 32 bytes.
struct Known {
    /// The program's name, hashed: enough to tell that the pid now runs another program.
    name_hash: u64,
    app: Option<Box<str>>,
    /// When its cgroup was read, in seconds since the scanner started.
    read_at_s: u32,
    seen: u32,
}

impl Scanner {
    pub(crate) fn new() -> Scanner {
        Scanner::at(Path::new("/proc"))
    }

    pub(crate) fn at(root: &Path) -> Scanner {
        Scanner { root: root.to_path_buf(), apps: HashMap::new(), started: Instant::now(), scans: 0 }
    }

    pub(crate) fn processes(&mut self) -> Result<Vec<Process>, TopError> {
        let mut found = Vec::with_capacity(512);
        self.each_process(&mut |process| found.push(process))?;
        Ok(found)
    }

    /// Hands every process to `each` as it is read, so a scan holds no list of them all.
    pub(crate) fn each_process(&mut self, each: &mut dyn FnMut(Process)) -> Result<(), TopError> {
        let root = &self.root;
        let entries = std::fs::read_dir(root).map_err(|source| TopError::List { path: root.clone(), source })?;
        // Seconds fit a u32 for 136 years of one scanner.
        let now_s = u32::try_from(self.started.elapsed().as_secs()).unwrap_or(u32::MAX);
        let ttl_s = APP_TTL.as_secs() as u32;
        // Never 0, which marks a process not seen yet.
        self.scans = self.scans.wrapping_add(1).max(1);
        let scan = self.scans;
        // One buffer per file kind for the whole scan: a process costs only the names it keeps.
        let (mut text, mut cgroup_text) = (String::with_capacity(4096), String::with_capacity(256));
        let mut path = root.clone();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            path.push(&name);
            path.push("status");
            let read = read_into(&path, &mut text);
            path.pop();
            match read.map(|()| status::parse(&text)) {
                // A kernel thread (no size) owns no memory of its own: it is the kernel's, in the wired row.
                Ok(Some(status::Status { name, bytes: Some(bytes), .. })) => {
                    let name_hash = hash(&name);
                    let known = self.apps.entry(pid).or_insert(Known { name_hash, app: None, read_at_s: 0, seen: 0 });
                    // Same pid, same program, read recently: the same application. Otherwise read it.
                    let fresh = known.seen != 0
                        && known.name_hash == name_hash
                        && now_s.saturating_sub(known.read_at_s) < ttl_s;
                    if !fresh {
                        path.push("cgroup");
                        let app = read_into(&path, &mut cgroup_text).ok().and_then(|()| cgroup::app_of(&cgroup_text));
                        path.pop();
                        *known = Known { name_hash, app: app.map(String::into_boxed_str), read_at_s: now_s, seen: 0 };
                    }
                    known.seen = scan;
                    let app = known.app.as_deref().map(str::to_owned);
                    each(Process { pid, name, app, size: Some((bytes, Measure::AnonShmemSwap)) });
                }
                Ok(_) => {}
                // With hidepid=1 another user's directory is listed but its files refused: say so.
                Err(error) if error.kind() == ErrorKind::PermissionDenied => {
                    each(Process { pid, name: String::new(), app: None, size: None });
                }
                // Gone since the listing: nothing to count.
                Err(_) => {}
            }
            path.pop();
        }
        // Only the processes still running are remembered; the table gives its room back once most
        // of a burst of processes has gone, so a passing 10,000 does not stay in the app's RSS.
        self.apps.retain(|_, known| known.seen == scan);
        if self.apps.capacity() > 4 * self.apps.len().max(256) {
            self.apps.shrink_to_fit();
        }
        Ok(())
    }
}

fn hash(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    hasher.finish()
}

fn read_into(path: &Path, text: &mut String) -> std::io::Result<()> {
    text.clear();
    std::fs::File::open(path)?.read_to_string(text).map(drop)
}

impl super::Scanner {
    /// Scans a /proc-like directory: the benchmark's recorded 500-process tree.
    pub fn at(root: &Path) -> super::Scanner {
        super::Scanner { backend: Scanner::at(root) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_this_test_process_with_its_memory() {
        let mut scanner = Scanner::new();
        for _ in 0..2 {
            let found = scanner.processes().expect("lists /proc");
            let me = found.iter().find(|p| p.pid == std::process::id()).expect("this process is listed");
            assert!(me.size.is_some_and(|(bytes, _)| bytes > 0), "{me:?}");
            assert!(found.iter().all(|p| p.name != "kthreadd"), "kernel threads own no memory");
        }
        assert!(scanner.apps.contains_key(&std::process::id()), "remembered for the next scan");
    }

    #[test]
    fn a_remembered_app_is_kept_for_the_same_program_read_again_for_another_and_an_exit_mid_scan_skipped() {
        let tree = tempfile::tempdir().expect("tempdir");
        let dir = tree.path().join("42");
        std::fs::create_dir(&dir).expect("dir");
        let status = include_str!("../../../tests/fixtures/proc/status-self-debian12.txt");
        std::fs::write(dir.join("status"), status).expect("status");
        std::fs::write(dir.join("cgroup"), include_str!("../../../tests/fixtures/proc/cgroup-snap-firefox.txt"))
            .expect("cgroup");
        let mut scanner = Scanner::at(tree.path());
        assert_eq!(scanner.processes().expect("scan")[0].app.as_deref(), Some("firefox"));
        std::fs::write(dir.join("cgroup"), "0::/\n").expect("cgroup");
        assert_eq!(scanner.processes().expect("scan")[0].app.as_deref(), Some("firefox"), "remembered");
        std::fs::write(dir.join("status"), status.replacen("Name:\tcat", "Name:\tvi", 1)).expect("status");
        assert_eq!(scanner.processes().expect("scan")[0].app, None, "another program under the pid: read again");
        // A process that exits between the listing and the read: its directory is there, its status
        // is not (ENOENT). It is skipped, not counted and not an error.
        std::fs::create_dir(tree.path().join("43")).expect("dir");
        assert_eq!(scanner.processes().expect("scan").len(), 1, "only the one still there");
        std::fs::remove_dir_all(tree.path().join("43")).expect("gone");
        std::fs::remove_dir_all(&dir).expect("the process exits");
        assert!(scanner.processes().expect("scan").is_empty());
        assert!(scanner.apps.is_empty(), "an exited process is forgotten");
    }

    #[test]
    fn a_burst_of_processes_is_forgotten_and_its_room_given_back() {
        let tree = tempfile::tempdir().expect("tempdir");
        let status = include_str!("../../../tests/fixtures/proc/status-self-debian12.txt");
        for pid in 1..=3000 {
            let dir = tree.path().join(pid.to_string());
            std::fs::create_dir(&dir).expect("dir");
            std::fs::write(dir.join("status"), status).expect("status");
        }
        let mut scanner = Scanner::at(tree.path());
        assert_eq!(scanner.processes().expect("scan").len(), 3000);
        assert!(scanner.apps.capacity() >= 3000);
        for pid in 11..=3000 {
            std::fs::remove_dir_all(tree.path().join(pid.to_string())).expect("exits");
        }
        assert_eq!(scanner.processes().expect("scan").len(), 10);
        assert!(scanner.apps.capacity() < 3000, "capacity {}", scanner.apps.capacity());
    }

    #[test]
    fn what_is_remembered_of_a_process_stays_small() {
        // 10,000 processes are remembered between scans; a byte here is 10 KB there.
        assert_eq!(std::mem::size_of::<Known>(), 32);
    }
}
