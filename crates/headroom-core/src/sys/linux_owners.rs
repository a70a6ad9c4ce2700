//! Linux: who holds wired memory — each process's locked and pinned memory (`/proc/PID/status`,
//! readable for every user's processes) and the kernel memory charged to each cgroup (v2
//! `memory.stat`, world-readable; v1 `memory.kmem.usage_in_bytes`, what a v1 memory hierarchy has).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crate::owners::cgroup::{own_shares, v1_kmem_bytes, v2_kernel_bytes};
use crate::owners::process::{locked_and_pinned, rollup_locked};
use crate::owners::{Holders, OwnerKind, WiredOwner};
use crate::suspects::slow::{EXTENSIONS_INTERVAL, Kept};

/// A cgroup tree larger than this is not walked further (a container host with thousands).
const MOST_CGROUPS: usize = 10_000;

/// Cgroups holding less than this are not worth a line (every systemd unit holds some).
const SMALLEST_CGROUP: u64 = 1 << 20;

/// Every holder this machine names: a walk of /proc and of the memory cgroup tree.
pub(crate) fn holders() -> Holders {
    holders_at(Path::new("/proc"), Path::new("/sys/fs/cgroup"))
}

pub(crate) fn holders_at(proc: &Path, cgroup_root: &Path) -> Holders {
    let (mut found, mut unknown) = (Vec::new(), Vec::new());
    match processes(proc) {
        Ok(owners) => found.extend(owners),
        Err(why) => unknown.push(why),
    }
    match cgroups(cgroup_root) {
        Ok(owners) => found.extend(owners),
        Err(why) => unknown.push(why),
    }
    match vmalloc(Path::new("/proc/vmallocinfo")) {
        Ok(owners) => found.extend(owners),
        Err(why) => unknown.push(why),
    }
    Holders { found, unknown }
}

/// Every process that locks or pins memory.
fn processes(proc: &Path) -> Result<Vec<WiredOwner>, String> {
    let entries = std::fs::read_dir(proc).map_err(|e| format!("processes: {}: {e}", proc.display()))?;
    let mut found = Vec::new();
    let mut text = String::with_capacity(4096);
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        // A process can exit between listing and reading; it is then simply not there.
        if !read_into(&entry.path().join("status"), &mut text) {
            continue;
        }
        let Some((name, mut locked, pinned)) = locked_and_pinned(&text) else { continue };
        // The locked pages in RAM where the process may be read (its owner, or root); else VmLck.
        if locked > 0 && read_into(&entry.path().join("smaps_rollup"), &mut text) {
            locked = rollup_locked(&text).unwrap_or(locked);
        }
        for (kind, bytes) in [(OwnerKind::Locked, locked), (OwnerKind::Pinned, pinned)] {
            if bytes > 0 {
                found.push(WiredOwner { kind, name: name.clone(), pid: Some(pid), bytes });
            }
        }
    }
    Ok(found)
}

/// The GPU clients' holders, kept between gatherings: they change when a GPU program starts or
/// ends, and reading every process's file descriptors cost 35 ms a gathering beside 1,000
/// processes (docs/benchmarks.md), so they are read at the first gathering and every 10 minutes.
static GPU_CLIENTS: Mutex<Kept<Vec<WiredOwner>>> = Mutex::new(Kept::new());

/// The processes whose GPU clients hold system RAM, read at most every 10 minutes (see above).
pub(crate) fn gpu_holders() -> Vec<WiredOwner> {
    GPU_CLIENTS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(Instant::now(), EXTENSIONS_INTERVAL, || gpu_owners(Path::new("/proc")))
}

/// Each process whose GPU clients hold system RAM (Linux DRM fdinfo), each client counted once.
fn gpu_owners(proc: &Path) -> Vec<WiredOwner> {
    let Ok(entries) = std::fs::read_dir(proc) else { return Vec::new() };
    let (mut seen, mut text, mut found) = (Vec::new(), String::new(), Vec::new());
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let bytes = gpu_clients(&entry.path(), &mut seen, &mut text);
        if bytes >= SMALLEST_CGROUP
            && read_into(&entry.path().join("status"), &mut text)
            && let Some((name, _, _)) = locked_and_pinned(&text)
        {
            found.push(WiredOwner { kind: OwnerKind::GpuClient, name, pid: Some(pid), bytes });
        }
    }
    found
}

/// System RAM held by the GPU clients behind a process's `/dev/dri` file descriptors (each client
/// counted once across all processes). Only the fds that point at /dev/dri are read.
fn gpu_clients(dir: &Path, seen: &mut Vec<(Option<String>, u64)>, text: &mut String) -> u64 {
    let Ok(fds) = std::fs::read_dir(dir.join("fd")) else { return 0 };
    let mut bytes = 0u64;
    for fd in fds.flatten() {
        if !std::fs::read_link(fd.path()).is_ok_and(|target| target.starts_with("/dev/dri/")) {
            continue;
        }
        if !read_into(&dir.join("fdinfo").join(fd.file_name()), text) {
            continue;
        }
        if let Some(client) = crate::owners::drm::client(text) {
            let key = (client.pdev.clone(), client.client_id);
            if !seen.contains(&key) {
                seen.push(key);
                bytes = bytes.saturating_add(client.system_ram);
            }
        }
    }
    bytes
}

/// How many vmalloc callers are named: the largest.
const VMALLOC_CALLERS: usize = 5;

/// The largest vmalloc callers, as root; without root, why not.
fn vmalloc(path: &Path) -> Result<Vec<WiredOwner>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err("vmalloc by caller: /proc/vmallocinfo is readable by root only".to_owned());
        }
        Err(error) => return Err(format!("vmalloc by caller: {}: {error}", path.display())),
    };
    // SAFETY: sysconf has no preconditions; it returns -1 only for an unknown name.
    let page = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    Ok(crate::owners::vmalloc::callers(&text, page)
        .into_iter()
        .take(VMALLOC_CALLERS)
        .filter(|(_, bytes)| *bytes >= SMALLEST_CGROUP)
        .map(|(name, bytes)| WiredOwner { kind: OwnerKind::Vmalloc, name, pid: None, bytes })
        .collect())
}

/// Reads `path` into `text` (its buffer reused across a scan); false when it cannot be read.
fn read_into(path: &Path, text: &mut String) -> bool {
    text.clear();
    std::fs::File::open(path).and_then(|mut file| std::io::Read::read_to_string(&mut file, text)).is_ok()
}

/// Kernel memory per cgroup, each its own share: from the v1 memory hierarchy when the machine
/// has one (memory is accounted there), else from the unified (v2) hierarchy.
fn cgroups(root: &Path) -> Result<Vec<WiredOwner>, String> {
    let v1 = root.join("memory");
    type Read = fn(&Path) -> Option<u64>;
    let (base, read, kind): (PathBuf, Read, OwnerKind) = if v1.join("memory.kmem.usage_in_bytes").exists() {
        let read: Read = |dir| v1_kmem_bytes(&std::fs::read_to_string(dir.join("memory.kmem.usage_in_bytes")).ok()?);
        (v1, read, OwnerKind::CgroupV1)
    } else if std::fs::read_to_string(root.join("cgroup.controllers"))
        .is_ok_and(|c| c.split_whitespace().any(|c| c == "memory"))
    {
        let read: Read = |dir| v2_kernel_bytes(&std::fs::read_to_string(dir.join("memory.stat")).ok()?);
        (root.to_path_buf(), read, OwnerKind::Cgroup)
    } else {
        return Err(format!("cgroups: no memory controller under {}", root.display()));
    };
    let mut tree = Vec::new();
    let mut pending = vec![base.clone()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            if tree.len() >= MOST_CGROUPS {
                break;
            }
            // Only directories are cgroups; `file_type` comes with the listing (no extra stat).
            if !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let path = entry.path();
            if let (Some(bytes), Ok(relative)) = (read(&path), path.strip_prefix(&base)) {
                tree.push((relative.to_string_lossy().into_owned(), bytes));
            }
            pending.push(path);
        }
    }
    Ok(own_shares(&tree)
        .into_iter()
        .filter(|(_, bytes)| *bytes >= SMALLEST_CGROUP)
        .map(|(name, bytes)| WiredOwner { kind, name, pid: None, bytes })
        .collect())
}
