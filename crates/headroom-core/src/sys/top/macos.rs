//! macOS: every process's physical footprint (`proc_pid_rusage`), or resident size where refused, and its `.app` bundle.
//!
//! Evidence (apple-oss-distributions/xnu, xnu-11417.101.15):
//! * `libsyscall/wrappers/libproc/libproc.c`: `proc_listallpids` returns a count of pids (the byte
//!   count divided by `sizeof(int)`); `proc_pidpath` needs a buffer of `PROC_PIDPATHINFO_MAXSIZE`.
//! * `bsd/kern/proc_info.c` `proc_pid_rusage`: `proc_security_policy(..., CHECK_SAME_USER)`, so
//!   another user's process answers EPERM unless the caller holds `PRIV_GLOBAL_PROC_INFO` (root).
//!   `proc_pidinfo(PROC_PIDTASKINFO)` takes the same check, so the resident fallback helps only
//!   where a sandbox policy (`mac_proc_check_proc_info`) refuses the rusage call alone; other
//!   users' processes are counted as unreadable. `PROC_PIDPATHINFO` is exempt from the check, so
//!   every process can be named and grouped.
//! * `ri_phys_footprint` is what Activity Monitor's Memory column shows; Stats and other menu-bar
//!   monitors read it the same way (`proc_pid_rusage(pid, RUSAGE_INFO_V2, …)`).

use std::io;

use super::TopError;
use crate::top::bundle::{app_of_path, executable_name};
use crate::top::{Measure, Process};

/// Nothing to remember between scans on macOS: the path (and so the bundle) comes with each call.
pub(crate) struct Scanner;

impl Scanner {
    pub(crate) fn new() -> Scanner {
        Scanner
    }

    pub(crate) fn processes(&mut self) -> Result<Vec<Process>, TopError> {
        let mut found = Vec::with_capacity(512);
        each_process(&mut |process| found.push(process))?;
        Ok(found)
    }

    /// Hands every process to `each` as it is read, so a scan holds no list of them all.
    pub(crate) fn each_process(&mut self, each: &mut dyn FnMut(Process)) -> Result<(), TopError> {
        each_process(each)
    }
}

fn each_process(each: &mut dyn FnMut(Process)) -> Result<(), TopError> {
    let pids = all_pids()?;
    let mut path = vec![0u8; libc::PROC_PIDPATHINFO_MAXSIZE as usize];
    for pid in pids {
        // pid 0 is kernel_task: its memory is wired, shown as the kernel's own row.
        if pid <= 0 {
            continue;
        }
        let Some(size) = memory_of(pid) else {
            match io::Error::last_os_error().raw_os_error() {
                // Exited since the listing.
                Some(libc::ESRCH) => continue,
                _ => {
                    each(Process { pid: pid.unsigned_abs(), name: name_of(pid, &mut path), app: None, size: None });
                    continue;
                }
            }
        };
        let full = path_of(pid, &mut path);
        let (name, app) = match &full {
            Some(full) => (executable_name(full).to_owned(), app_of_path(full)),
            None => (short_name(pid), None),
        };
        each(Process { pid: pid.unsigned_abs(), name, app, size: Some(size) });
    }
    Ok(())
}

fn all_pids() -> Result<Vec<libc::pid_t>, TopError> {
    crate::sys::macos::all_pids().map_err(|source| TopError::Call { call: "proc_listallpids", source })
}

/// The footprint, else the resident size; `None` with errno set when both are refused.
fn memory_of(pid: libc::pid_t) -> Option<(u64, Measure)> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage_info_v2>::zeroed();
    // SAFETY: RUSAGE_INFO_V2 fills a rusage_info_v2; libc declares the buffer as `*mut rusage_info_t`
    // (itself a pointer type), as Apple's header does, so the struct's address is passed cast.
    let rc = unsafe { libc::proc_pid_rusage(pid, libc::RUSAGE_INFO_V2, usage.as_mut_ptr().cast()) };
    if rc == 0 {
        // SAFETY: filled by the successful call (and zeroed before).
        return Some((unsafe { usage.assume_init() }.ri_phys_footprint, Measure::Footprint));
    }
    let mut info = std::mem::MaybeUninit::<libc::proc_taskinfo>::zeroed();
    let size = i32::try_from(size_of::<libc::proc_taskinfo>()).unwrap_or(i32::MAX);
    // SAFETY: the buffer holds one proc_taskinfo, as PROC_PIDTASKINFO writes.
    let got = unsafe { libc::proc_pidinfo(pid, libc::PROC_PIDTASKINFO, 0, info.as_mut_ptr().cast(), size) };
    // SAFETY: a full-size answer filled the struct.
    (got == size).then(|| (unsafe { info.assume_init() }.pti_resident_size, Measure::Resident))
}

fn path_of(pid: libc::pid_t, buffer: &mut [u8]) -> Option<String> {
    let capacity = u32::try_from(buffer.len()).unwrap_or(u32::MAX);
    // SAFETY: `buffer` holds `capacity` bytes (PROC_PIDPATHINFO_MAXSIZE).
    let len = unsafe { libc::proc_pidpath(pid, buffer.as_mut_ptr().cast(), capacity) };
    let len = usize::try_from(len).ok().filter(|l| *l > 0 && *l <= buffer.len())?;
    Some(String::from_utf8_lossy(&buffer[..len]).into_owned())
}

/// A name for a process whose size was refused: from its path (never refused), else its short name.
fn name_of(pid: libc::pid_t, buffer: &mut [u8]) -> String {
    path_of(pid, buffer).map_or_else(|| short_name(pid), |full| executable_name(&full).to_owned())
}

pub(crate) fn short_name(pid: libc::pid_t) -> String {
    let mut name = [0u8; 64];
    // SAFETY: the buffer holds 64 bytes; proc_name writes at most that, NUL-terminated.
    let len = unsafe { libc::proc_name(pid, name.as_mut_ptr().cast(), 64) };
    let len = usize::try_from(len).unwrap_or(0).min(name.len());
    String::from_utf8_lossy(&name[..len]).into_owned()
}
