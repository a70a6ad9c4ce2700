//! macOS suspects: VM and LLM-runtime processes through libproc, GPU memory from ioreg, third-party kexts and system extensions.

use std::ffi::c_void;
use std::mem;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::command::run;
use super::macos::{all_pids, sysctl_value};
use crate::suspects::llm::{needs_arguments, runtime};
use crate::suspects::macos_parse::{
    active_system_extensions, gpu_in_use, kext_load_tags, procargs2_argv, third_party_kexts,
};
use crate::suspects::slow::{EXTENSIONS_INTERVAL, Kept, timed};
use crate::suspects::vm::vm_kind;
use crate::suspects::{GpuMemory, KernelExtension, LlmProcess, Probe, ProbeCost, Resident, Suspects, VmProcess};

const TOOL_LIMIT: Duration = Duration::from_secs(10);

/// Kernel and system extensions with what listing them cost, kept between gatherings, and every
/// loaded kext's load tag with its bundle id (to name the kernel's wired table's kext rows).
type Extensions = (Probe<Vec<KernelExtension>>, Probe<Vec<String>>, Vec<ProbeCost>, Vec<(u64, String)>);

/// The last extension lists: `kmutil showloaded` is the slowest tool here and its answer changes
/// only when a driver loads, so it runs at the first gathering and then every `EXTENSIONS_INTERVAL`.
static EXTENSIONS: Mutex<Kept<Extensions>> = Mutex::new(Kept::new());

pub(crate) fn gather(now: OffsetDateTime) -> Suspects {
    let (processes, vm_cost) = timed("libproc (VM and LLM processes)", now, processes);
    // Without the pid list nothing is known about either: unknown, never "none found".
    let (vms, llms) = match processes {
        Ok((vms, llms)) => (Probe::Found(vms), Probe::Found(llms)),
        Err(error) => {
            let why = format!("cannot list the processes (proc_listallpids): {error}");
            (Probe::Unknown(why.clone()), Probe::Unknown(why))
        }
    };
    let (gpu, gpu_cost) = timed("ioreg IOAccelerator", now, gpu);
    // A panic while listing (none is expected) leaves a usable value behind: take it.
    let (kernel_extensions, system_extensions, extension_costs, load_tags) = EXTENSIONS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(Instant::now(), EXTENSIONS_INTERVAL, || extensions(now));
    let (holders, holders_cost) =
        timed("mach_memory_info (wired by owner)", now, || super::macos_owners::holders(&load_tags));
    let mut costs = vec![vm_cost, gpu_cost, holders_cost];
    costs.extend(extension_costs);
    Suspects {
        at: now,
        vms,
        gpu,
        llms,
        kernel_extensions,
        system_extensions,
        slabs: Probe::NotApplicable,
        holders,
        costs,
    }
}

fn extensions(now: OffsetDateTime) -> Extensions {
    let ((kexts, load_tags), kmutil) =
        timed("kmutil showloaded", now, || match run("/usr/bin/kmutil", &["showloaded"], TOOL_LIMIT) {
            Ok(text) => (Probe::Found(third_party_kexts(&text)), kext_load_tags(&text)),
            Err(why) => (Probe::Unknown(why.to_string()), Vec::new()),
        });
    let (sysexts, ctl) =
        timed("systemextensionsctl list", now, || match run("/usr/bin/systemextensionsctl", &["list"], TOOL_LIMIT) {
            Ok(text) => Probe::Found(active_system_extensions(&text)),
            Err(why) => Probe::Unknown(why.to_string()),
        });
    (kexts, sysexts, vec![kmutil, ctl], load_tags)
}

fn gpu() -> Probe<GpuMemory> {
    let text = match run("/usr/sbin/ioreg", &["-r", "-d", "1", "-w", "0", "-c", "IOAccelerator"], TOOL_LIMIT) {
        Ok(text) => text,
        Err(why) => return Probe::Unknown(why.to_string()),
    };
    let Some(in_use) = gpu_in_use(&text) else {
        return Probe::Unknown("no IOAccelerator reports \"In use system memory\"".to_owned());
    };
    // 0 (or no such sysctl, on Intel Macs) means the system's default cap.
    let limit = sysctl_value::<i32>(c"iogpu.wired_limit_mb")
        .ok()
        .and_then(|mb| u64::try_from(mb).ok())
        .filter(|mb| *mb > 0)
        .map(|mb| mb << 20);
    Probe::Found(GpuMemory { in_use, limit })
}

/// VMs and LLM runtimes, in one pass over the process list; Err when the list cannot be read.
fn processes() -> std::io::Result<(Vec<VmProcess>, Vec<LlmProcess>)> {
    let pids = all_pids()?;
    let mut reader = Arguments::default();
    let (mut vms, mut llms) = (Vec::new(), Vec::new());
    for pid in pids {
        let Some(name) = process_name(pid) else { continue };
        if let Some(kind) = vm_kind(&name) {
            // A process that exited since the listing is simply not there.
            let Some(resident) = resident(pid) else { continue };
            let started = start_time(pid);
            vms.push(VmProcess { pid: u32::try_from(pid).unwrap_or(0), name, kind, resident, started });
            continue;
        }
        // Only interpreters (python running mlx_lm.server or exo) cost a read of their arguments.
        let arguments = if needs_arguments(&name) { reader.of(pid) } else { Vec::new() };
        let argv: Vec<&str> = arguments.iter().map(String::as_str).collect();
        let Some(kind) = runtime(&name, &argv) else { continue };
        let Some((resident, measure)) = footprint(pid) else { continue };
        llms.push(LlmProcess { pid: u32::try_from(pid).unwrap_or(0), name, runtime: kind, resident, measure });
    }
    vms.sort_by_key(|vm| std::cmp::Reverse(vm.resident.bytes()));
    llms.sort_by_key(|llm| std::cmp::Reverse(llm.resident.bytes()));
    Ok((vms, llms))
}

/// Reads processes' arguments through `KERN_PROCARGS2` (what `ps -o args` reads) into one buffer
/// of `kern.argmax` bytes, made at the first interpreter of a gathering and kept for the rest.
///
/// The size is `ps`'s (apple-oss-distributions/adv_cmds ps/print.c `getproclline`: `KERN_ARGMAX`,
/// then `malloc(argmax)` and `KERN_PROCARGS2` into it). A smaller buffer is not refused: XNU
/// (bsd/kern/kern_sysctl.c `sysctl_procargsx`) then copies out the *last* `buflen` bytes of the
/// area, i.e. the environment's tail, which is how a 64 KiB buffer missed an LLM runtime started
/// with a large environment. `buflen` (the size less argc's word) may not exceed `ARG_MAX`, which
/// `kern.argmax` is (EINVAL otherwise, same function).
#[derive(Default)]
struct Arguments {
    buffer: Option<Vec<u8>>,
}

impl Arguments {
    /// `pid`'s argv; empty when refused (another user's process: EINVAL unless root), gone, or cut
    /// off (an area larger than `kern.argmax`; see `procargs2_argv`), each logged.
    fn of(&mut self, pid: libc::pid_t) -> Vec<String> {
        if self.buffer.is_none() {
            match sysctl_value::<libc::c_int>(c"kern.argmax").map(usize::try_from) {
                Ok(Ok(argmax)) if argmax > 4 => self.buffer = Some(vec![0u8; argmax]),
                other => {
                    tracing::debug!(?other, "kern.argmax unreadable; no process arguments read");
                    return Vec::new();
                }
            }
        }
        let Some(buffer) = self.buffer.as_mut() else { return Vec::new() };
        let offered = buffer.len();
        let mut size = offered;
        let mut mib = [libc::CTL_KERN, libc::KERN_PROCARGS2, pid];
        // SAFETY: `mib` names a 3-level sysctl; `buffer` holds `size` bytes and the kernel writes at
        // most that many, setting `size` to what it wrote; no new value is set (null, 0).
        let status = unsafe {
            libc::sysctl(mib.as_mut_ptr(), 3, buffer.as_mut_ptr().cast(), &mut size, std::ptr::null_mut(), 0)
        };
        if status != 0 {
            tracing::trace!(pid, error = %std::io::Error::last_os_error(), "KERN_PROCARGS2 refused");
            return Vec::new();
        }
        match procargs2_argv(&buffer[..size.min(offered)], offered) {
            Ok(argv) => argv.into_iter().map(str::to_owned).collect(),
            Err(error) => {
                tracing::debug!(pid, %error, "process arguments unreadable");
                Vec::new()
            }
        }
    }
}

/// Physical footprint, the figure Activity Monitor's Memory column shows (`proc_pid_rusage`'s
/// `ri_phys_footprint`, libsyscall/wrappers/libproc/libproc.c); resident size where it is refused.
/// `None` when the process is gone.
fn footprint(pid: libc::pid_t) -> Option<(Resident, &'static str)> {
    let mut info = mem::MaybeUninit::<libc::rusage_info_v2>::zeroed();
    // SAFETY: `info` is zeroed storage of the structure the RUSAGE_INFO_V2 flavor writes.
    let status = unsafe { libc::proc_pid_rusage(pid, libc::RUSAGE_INFO_V2, info.as_mut_ptr().cast()) };
    if status == 0 {
        // SAFETY: plain data, zeroed, then filled by the kernel.
        let info = unsafe { info.assume_init() };
        return Some((Resident::Bytes(info.ri_phys_footprint), "footprint"));
    }
    resident(pid).map(|resident| (resident, "resident"))
}

/// The executable's file name (proc_name cuts names at 32 characters, too short for
/// "com.apple.Virtualization.VirtualMachine"). PROC_PIDPATHINFO needs no privilege, so this
/// works for root's processes too (XNU bsd/kern/proc_info.c, "Certain operations don't require privileges").
fn process_name(pid: libc::pid_t) -> Option<String> {
    let mut path = vec![0u8; libc::PROC_PIDPATHINFO_MAXSIZE as usize];
    let size = u32::try_from(path.len()).ok()?;
    // SAFETY: the buffer holds `size` bytes; proc_pidpath writes a path of at most that length.
    let len = unsafe { libc::proc_pidpath(pid, path.as_mut_ptr().cast::<c_void>(), size) };
    let len = usize::try_from(len).ok().filter(|len| *len > 0)?;
    let path = std::str::from_utf8(&path[..len]).ok()?;
    Path::new(path).file_name()?.to_str().map(str::to_owned)
}

/// Fills `T`, the plain-data structure of proc_pidinfo's `flavor`, or returns the errno. libproc's
/// wrapper returns 0 on failure with errno set (libsyscall/wrappers/libproc/libproc.c, proc_pidinfo).
fn pid_info<T: Copy>(pid: libc::pid_t, flavor: libc::c_int) -> Result<T, i32> {
    let mut info = mem::MaybeUninit::<T>::zeroed();
    let size = i32::try_from(mem::size_of::<T>()).unwrap_or(0);
    // SAFETY: `info` is zeroed storage of `size` bytes, the structure this flavor writes.
    let got = unsafe { libc::proc_pidinfo(pid, flavor, 0, info.as_mut_ptr().cast(), size) };
    match got {
        // SAFETY: plain data (every caller passes a libc proc_* struct), zeroed, then filled by the kernel.
        _ if got == size => Ok(unsafe { info.assume_init() }),
        // A short answer sets no errno: the structure does not match this kernel's.
        1.. => Err(libc::EINVAL),
        _ => Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)),
    }
}

/// Resident memory, or why it is unknown; `None` when the process is gone.
///
/// PROC_PIDTASKINFO of another user's process gives EPERM to a normal user: XNU's
/// proc_security_policy compares the uids (CHECK_SAME_USER) for every flavor but a few.
/// PROC_PIDT_SHORTBSDINFO is one of those few, so the owner can still be named.
fn resident(pid: libc::pid_t) -> Option<Resident> {
    match pid_info::<libc::proc_taskinfo>(pid, libc::PROC_PIDTASKINFO) {
        Ok(task) => Some(Resident::Bytes(task.pti_resident_size)),
        Err(libc::ESRCH) => None,
        Err(libc::EPERM) => {
            let owner = pid_info::<libc::proc_bsdshortinfo>(pid, libc::PROC_PIDT_SHORTBSDINFO).ok();
            Some(Resident::refused(owner.map(|info| info.pbsi_uid)))
        }
        Err(errno) => Some(Resident::Unknown(format!("proc_pidinfo: {}", std::io::Error::from_raw_os_error(errno)))),
    }
}

/// Start time; unknown for another user's process (PROC_PIDTBSDINFO is checked like the task info).
fn start_time(pid: libc::pid_t) -> Option<OffsetDateTime> {
    let bsd = pid_info::<libc::proc_bsdinfo>(pid, libc::PROC_PIDTBSDINFO).ok()?;
    OffsetDateTime::from_unix_timestamp(i64::try_from(bsd.pbi_start_tvsec).ok()?).ok()
}
