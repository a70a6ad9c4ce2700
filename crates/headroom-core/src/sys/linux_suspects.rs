//! Linux suspects: VM and LLM-runtime processes from /proc, amdgpu GTT, tainting kernel modules, the largest unreclaimable slab caches.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use time::OffsetDateTime;

use super::linux_gpu::gtt;
use crate::owners::Holders;
use crate::suspects::linux_parse::{slab_caches, stat_name_and_start, statm_resident, tainting_modules};
use crate::suspects::llm::{needs_arguments, runtime};
use crate::suspects::slow::{HOLDERS_INTERVAL, Kept, timed};
use crate::suspects::vm::vm_kind;
use crate::suspects::{LlmProcess, Probe, Resident, SlabCache, Suspects, VmProcess};

/// How many slab caches are listed.
const TOP_SLABS: usize = 5;

/// Why VMs and LLM runners are unknown when /proc hides other users' processes.
const HIDDEN: &str = "other users' processes are hidden (/proc is mounted with hidepid)";

/// Everything here is a read of /proc or /sys, cheap enough (tens to hundreds of microseconds,
/// see `costs`) to repeat at every gathering, unlike macOS's `kmutil` — but for the walks of
/// every process and cgroup (the holders) and the slab caches, kept for [`HOLDERS_INTERVAL`].
pub(crate) fn gather(now: OffsetDateTime) -> Suspects {
    let ((vms, llms), vm_cost) = timed("/proc (VM and LLM processes)", now, processes);
    let (gpu, gtt_cost) = timed("amdgpu GTT (sysfs)", now, gtt);
    let (kernel_extensions, modules_cost) =
        timed("/proc/modules", now, || match std::fs::read_to_string("/proc/modules") {
            Ok(text) => Probe::Found(tainting_modules(&text)),
            // A kernel built without loadable modules has no /proc/modules and nothing loaded.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Probe::Found(Vec::new()),
            Err(error) => Probe::Unknown(format!("/proc/modules: {error}")),
        });
    let (slabs, slabs_cost) = timed("/proc/slabinfo", now, || kept(&SLABS, slabs));
    let (mut holders, holders_cost) =
        timed("/proc and cgroups (wired holders)", now, || kept(&HOLDERS, super::linux_owners::holders));
    let (gpu_clients, gpu_clients_cost) =
        timed("/proc fds (GPU clients, every 10 min)", now, super::linux_owners::gpu_holders);
    holders.found.extend(gpu_clients);
    // With /proc mounted hidepid=1 or 2, other users' processes cannot be read (pid 1 is the
    // surest of them): an empty scan then means "cannot see", not "none running".
    let hidden = std::fs::read_to_string("/proc/1/stat").is_err();
    Suspects {
        at: now,
        vms: seen(vms, hidden),
        gpu,
        llms: seen(llms, hidden),
        kernel_extensions,
        system_extensions: Probe::NotApplicable,
        slabs,
        holders,
        costs: vec![vm_cost, gtt_cost, modules_cost, slabs_cost, holders_cost, gpu_clients_cost],
    }
}

/// The holders and the slab caches, read again every [`HOLDERS_INTERVAL`] (see there: at every
/// 30 s gathering they were most of the idle app's cost).
static HOLDERS: Mutex<Kept<Holders>> = Mutex::new(Kept::new());
static SLABS: Mutex<Kept<Probe<Vec<SlabCache>>>> = Mutex::new(Kept::new());

fn kept<T: Clone>(cell: &Mutex<Kept<T>>, read: fn() -> T) -> T {
    cell.lock().unwrap_or_else(PoisonError::into_inner).get(Instant::now(), HOLDERS_INTERVAL, read)
}

fn slabs() -> Probe<Vec<SlabCache>> {
    match std::fs::read_to_string("/proc/slabinfo") {
        Ok(text) => Probe::Found(unreclaimable(slab_caches(&text, page_size()))),
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            Probe::Unknown("/proc/slabinfo is readable by root only".to_owned())
        }
        Err(error) => Probe::Unknown(format!("/proc/slabinfo: {error}")),
    }
}

/// Drops caches the kernel marks reclaimable (SLUB's /sys/kernel/slab/NAME/reclaim_account).
/// What a scan of /proc found, or unknown when it found nothing because processes were hidden.
fn seen<T>(found: Vec<T>, hidden: bool) -> Probe<Vec<T>> {
    if found.is_empty() && hidden { Probe::Unknown(HIDDEN.to_owned()) } else { Probe::Found(found) }
}

fn unreclaimable(caches: Vec<SlabCache>) -> Vec<SlabCache> {
    caches
        .into_iter()
        .filter(|cache| {
            let flag = Path::new("/sys/kernel/slab").join(&cache.name).join("reclaim_account");
            std::fs::read_to_string(flag).map_or(true, |value| value.trim() != "1")
        })
        .take(TOP_SLABS)
        .collect()
}

fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions; it returns -1 only for an unknown name.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).unwrap_or(4096)
}

fn clock_ticks() -> u64 {
    // SAFETY: as above.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(ticks).ok().filter(|t| *t > 0).unwrap_or(100)
}

fn boot_time() -> Option<i64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    stat.lines().find_map(|line| line.strip_prefix("btime "))?.trim().parse().ok()
}

/// VMs and LLM runtimes, in one pass over /proc.
fn processes() -> (Vec<VmProcess>, Vec<LlmProcess>) {
    let Ok(entries) = std::fs::read_dir("/proc") else { return (Vec::new(), Vec::new()) };
    let (page, ticks, boot) = (page_size(), clock_ticks(), boot_time());
    let (mut vms, mut llms) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        let dir = entry.path();
        // A process can exit between listing and reading; it is then simply not there.
        let Ok(stat) = std::fs::read_to_string(dir.join("stat")) else { continue };
        let Some((comm, start_ticks)) = stat_name_and_start(&stat) else { continue };
        let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
        let argv: Vec<&str> =
            cmdline.split(|b| *b == 0).filter(|a| !a.is_empty()).filter_map(|a| std::str::from_utf8(a).ok()).collect();
        // comm is cut at 15 characters ("qemu-system-x86"); argv[0] has the whole name.
        let name = argv
            .first()
            .and_then(|argv0| Path::new(argv0).file_name()?.to_str())
            .filter(|name| name.starts_with(&comm))
            .map_or(comm, str::to_owned);
        if let Some(kind) = vm_kind(&name) {
            let Some(resident) = resident(&dir, page) else { continue };
            let started = boot.and_then(|boot| {
                let secs = boot.checked_add(i64::try_from(start_ticks / ticks).ok()?)?;
                OffsetDateTime::from_unix_timestamp(secs).ok()
            });
            vms.push(VmProcess { pid, name, kind, resident, started });
        } else if let Some(kind) = runtime(&name, if needs_arguments(&name) { &argv } else { &[] }) {
            let Some(resident) = resident(&dir, page) else { continue };
            llms.push(LlmProcess { pid, name, runtime: kind, resident, measure: "resident" });
        }
    }
    vms.sort_by_key(|vm| std::cmp::Reverse(vm.resident.bytes()));
    llms.sort_by_key(|llm| std::cmp::Reverse(llm.resident.bytes()));
    (vms, llms)
}

/// Resident memory from /proc/PID/statm, or why it is unknown (a `hidepid` mount or a security
/// module can refuse another user's process); `None` when the process is gone.
fn resident(dir: &Path, page: u64) -> Option<Resident> {
    let path = dir.join("statm");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(
            statm_resident(&text, page)
                .map_or_else(|| Resident::Unknown(format!("{} unreadable", path.display())), Resident::Bytes),
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            Some(Resident::refused(std::fs::metadata(dir).ok().map(|meta| meta.uid())))
        }
        Err(error) => Some(Resident::Unknown(format!("{}: {error}", path.display()))),
    }
}
