//! Linux: every process's `RssAnon + RssShmem + VmSwap` from `/proc/PID/status` and its desktop app from `/proc/PID/cgroup`.

use std::io::{ErrorKind, Read};
use std::path::Path;

use super::TopError;
use crate::top::{Measure, Process, cgroup, status};

pub fn processes() -> Result<Vec<Process>, TopError> {
    processes_in(Path::new("/proc"))
}

pub fn processes_in(root: &Path) -> Result<Vec<Process>, TopError> {
    let entries = std::fs::read_dir(root).map_err(|source| TopError::List { path: root.into(), source })?;
    let mut found = Vec::with_capacity(512);
    // One buffer for every file: a scan allocates per process only the names it keeps.
    let mut text = String::with_capacity(4096);
    let mut cgroup_text = String::with_capacity(256);
    let mut path = root.to_path_buf();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        path.push(&name);
        path.push("status");
        let read = read_into(&path, &mut text);
        path.pop();
        match read {
            Ok(()) => {
                if let Some(process) = process(pid, &text, &mut path, &mut cgroup_text) {
                    found.push(process);
                }
            }
            // With hidepid=1 another user's directory is listed but its files refused: say so.
            Err(error) if error.kind() == ErrorKind::PermissionDenied => {
                found.push(Process { pid, name: String::new(), app: None, size: None });
            }
            // Gone since the listing, or a kernel too old for the file: nothing to count.
            Err(_) => {}
        }
        path.pop();
    }
    Ok(found)
}

/// One process from its status text; `path` is its /proc directory. `None` for a kernel thread.
fn process(pid: u32, status_text: &str, path: &mut std::path::PathBuf, cgroup_text: &mut String) -> Option<Process> {
    let status = status::parse(status_text)?;
    // A kernel thread owns no memory of its own: it is the kernel's, in the wired row.
    let bytes = status.bytes?;
    path.push("cgroup");
    let app = read_into(path, cgroup_text).ok().and_then(|()| cgroup::app_of(cgroup_text));
    path.pop();
    Some(Process { pid, name: status.name, app, size: Some((bytes, Measure::AnonShmemSwap)) })
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
        let found = processes().expect("lists /proc");
        let me = found.iter().find(|p| p.pid == std::process::id()).expect("this process is listed");
        assert!(me.size.is_some_and(|(bytes, _)| bytes > 0), "{me:?}");
        assert!(found.iter().all(|p| p.name != "kthreadd"), "kernel threads own no memory");
    }
}
