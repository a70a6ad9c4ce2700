//! macOS suspects: VM processes through libproc, GPU memory from ioreg, third-party kexts and system extensions.

use std::ffi::c_void;
use std::mem;
use std::path::Path;
use std::time::Duration;

use time::OffsetDateTime;

use super::command::run;
use super::macos::sysctl_value;
use crate::suspects::macos_parse::{active_system_extensions, gpu_in_use, third_party_kexts};
use crate::suspects::vm::vm_kind;
use crate::suspects::{GpuMemory, Probe, Suspects, VmProcess};

const TOOL_LIMIT: Duration = Duration::from_secs(10);

pub fn gather(now: OffsetDateTime) -> Suspects {
    Suspects {
        at: now,
        vms: Probe::Found(vm_processes()),
        gpu: gpu(),
        kernel_extensions: match run("/usr/bin/kmutil", &["showloaded"], TOOL_LIMIT) {
            Ok(text) => Probe::Found(third_party_kexts(&text)),
            Err(why) => Probe::Unknown(why),
        },
        system_extensions: match run("/usr/bin/systemextensionsctl", &["list"], TOOL_LIMIT) {
            Ok(text) => Probe::Found(active_system_extensions(&text)),
            Err(why) => Probe::Unknown(why),
        },
        slabs: Probe::NotApplicable,
    }
}

fn gpu() -> Probe<GpuMemory> {
    let text = match run("/usr/sbin/ioreg", &["-r", "-d", "1", "-w", "0", "-c", "IOAccelerator"], TOOL_LIMIT) {
        Ok(text) => text,
        Err(why) => return Probe::Unknown(why),
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

fn vm_processes() -> Vec<VmProcess> {
    let mut pids = vec![0 as libc::pid_t; 8192];
    let bytes = i32::try_from(pids.len() * mem::size_of::<libc::pid_t>()).unwrap_or(i32::MAX);
    // SAFETY: the buffer holds `bytes` bytes; the call writes at most that many and returns the pid count.
    let count = unsafe { libc::proc_listallpids(pids.as_mut_ptr().cast::<c_void>(), bytes) };
    let count = usize::try_from(count).unwrap_or(0).min(pids.len());
    let mut found = Vec::new();
    for &pid in &pids[..count] {
        let Some(name) = process_name(pid) else { continue };
        let Some(kind) = vm_kind(&name) else { continue };
        let (resident, started) = process_memory_and_start(pid);
        found.push(VmProcess { pid: u32::try_from(pid).unwrap_or(0), name, kind, resident, started });
    }
    found.sort_by_key(|vm| std::cmp::Reverse(vm.resident));
    found
}

/// The executable's file name (proc_name cuts names at 32 characters, too short for
/// "com.apple.Virtualization.VirtualMachine").
fn process_name(pid: libc::pid_t) -> Option<String> {
    let mut path = vec![0u8; libc::PROC_PIDPATHINFO_MAXSIZE as usize];
    let size = u32::try_from(path.len()).ok()?;
    // SAFETY: the buffer holds `size` bytes; proc_pidpath writes a path of at most that length.
    let len = unsafe { libc::proc_pidpath(pid, path.as_mut_ptr().cast::<c_void>(), size) };
    let len = usize::try_from(len).ok().filter(|len| *len > 0)?;
    let path = std::str::from_utf8(&path[..len]).ok()?;
    Path::new(path).file_name()?.to_str().map(str::to_owned)
}

fn process_memory_and_start(pid: libc::pid_t) -> (u64, Option<OffsetDateTime>) {
    let mut task = mem::MaybeUninit::<libc::proc_taskinfo>::zeroed();
    let size = i32::try_from(mem::size_of::<libc::proc_taskinfo>()).unwrap_or(0);
    // SAFETY: `task` is a zeroed proc_taskinfo of `size` bytes, the flavor's structure.
    let got = unsafe { libc::proc_pidinfo(pid, libc::PROC_PIDTASKINFO, 0, task.as_mut_ptr().cast(), size) };
    // SAFETY: zero-initialised plain data, filled by the kernel when got == size.
    let resident = if got == size { unsafe { task.assume_init() }.pti_resident_size } else { 0 };
    let mut bsd = mem::MaybeUninit::<libc::proc_bsdinfo>::zeroed();
    let size = i32::try_from(mem::size_of::<libc::proc_bsdinfo>()).unwrap_or(0);
    // SAFETY: as above, for PROC_PIDTBSDINFO.
    let got = unsafe { libc::proc_pidinfo(pid, libc::PROC_PIDTBSDINFO, 0, bsd.as_mut_ptr().cast(), size) };
    let started = (got == size)
        // SAFETY: as above.
        .then(|| unsafe { bsd.assume_init() }.pbi_start_tvsec)
        .and_then(|secs| OffsetDateTime::from_unix_timestamp(i64::try_from(secs).ok()?).ok());
    (resident, started)
}
