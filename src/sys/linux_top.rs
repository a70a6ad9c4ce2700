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
pub struct Scanner {
    root: PathBuf,
    apps: HashMap<u32, Known>,
}

struct Known {
    name: String,
    app: Option<String>,
    read_at: Instant,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner::at(Path::new("/proc"))
    }

    pub fn at(root: &Path) -> Scanner {
        Scanner { root: root.to_path_buf(), apps: HashMap::new() }
    }

    pub fn processes(&mut self) -> Result<Vec<Process>, TopError> {
        let root = &self.root;
        let entries = std::fs::read_dir(root).map_err(|source| TopError::List { path: root.clone(), source })?;
        let now = Instant::now();
        let mut apps = HashMap::with_capacity(self.apps.len());
        let mut found = Vec::with_capacity(512);
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
                    let app = match self.apps.remove(&pid) {
                        // Same pid, same program, read recently: the same application.
                        Some(known) if known.name == name && now.duration_since(known.read_at) < APP_TTL => known,
                        _ => {
                            path.push("cgroup");
                            let app =
                                read_into(&path, &mut cgroup_text).ok().and_then(|()| cgroup::app_of(&cgroup_text));
                            path.pop();
                            Known { name: name.clone(), app, read_at: now }
                        }
                    };
                    found.push(Process {
                        pid,
                        name,
                        app: app.app.clone(),
                        size: Some((bytes, Measure::AnonShmemSwap)),
                    });
                    apps.insert(pid, app);
                }
                Ok(_) => {}
                // With hidepid=1 another user's directory is listed but its files refused: say so.
                Err(error) if error.kind() == ErrorKind::PermissionDenied => {
                    found.push(Process { pid, name: String::new(), app: None, size: None });
                }
                // Gone since the listing: nothing to count.
                Err(_) => {}
            }
            path.pop();
        }
        // Only the processes still running are remembered.
        self.apps = apps;
        Ok(found)
    }
}

fn read_into(path: &Path, text: &mut String) -> std::io::Result<()> {
    text.clear();
    std::fs::File::open(path)?.read_to_string(text).map(drop)
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
    fn a_remembered_app_is_kept_for_the_same_program_and_read_again_for_another() {
        let tree = tempfile::tempdir().expect("tempdir");
        let dir = tree.path().join("42");
        std::fs::create_dir(&dir).expect("dir");
        let status = include_str!("../../tests/fixtures/proc/status-self-debian12.txt");
        std::fs::write(dir.join("status"), status).expect("status");
        std::fs::write(dir.join("cgroup"), include_str!("../../tests/fixtures/proc/cgroup-snap-firefox.txt"))
            .expect("cgroup");
        let mut scanner = Scanner::at(tree.path());
        assert_eq!(scanner.processes().expect("scan")[0].app.as_deref(), Some("firefox"));
        std::fs::write(dir.join("cgroup"), "0::/\n").expect("cgroup");
        assert_eq!(scanner.processes().expect("scan")[0].app.as_deref(), Some("firefox"), "remembered");
        std::fs::write(dir.join("status"), status.replacen("Name:\tcat", "Name:\tvi", 1)).expect("status");
        assert_eq!(scanner.processes().expect("scan")[0].app, None, "another program under the pid: read again");
    }
}
