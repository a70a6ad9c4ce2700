//! macOS: who holds wired memory — the kernel's own table (`mach_memory_info`, the call `zprint`
//! makes), read without root on macOS 13.3 and later, its kexts named by `kmutil`'s load tags.
//!
//! Evidence (apple-oss-distributions/xnu): the routine is in the public `mach_host` subsystem
//! (osfmk/mach/mach_host.defs, present from xnu-3789.1.32, macOS 10.12). Until xnu-8792 (macOS
//! 13.2) it took `host_priv_t`, so a caller without root gets an error; from xnu-8796.101.5 (13.3)
//! it takes the host port and `mach_memory_info` (osfmk/kern/zalloc.c) serves an unprivileged
//! caller the wired table and counters in full, with only the zone sizes redacted
//! (`zone_info_redact`); `mach_memory_info_security_check`'s entitlement test is built only for
//! iOS-family kernels (config/MASTER.*). Each out-of-line array is the caller's to free with
//! `vm_deallocate` (system_cmds zprint/zprint.c does so for all three).

use std::ffi::c_void;

use mach2::kern_return::{KERN_INVALID_HOST, KERN_NO_ACCESS, KERN_SUCCESS, kern_return_t};
use mach2::mach_init::mach_host_self;
use mach2::mach_port::mach_port_deallocate;
use mach2::message::mach_msg_type_number_t;
use mach2::port::mach_port_t;
use mach2::traps::mach_task_self;
use mach2::vm::mach_vm_deallocate;

use crate::owners::macos_table::{self, RECORD_BYTES, ZONE_INFO_BYTES, ZONE_NAME_BYTES};
use crate::owners::{Holders, OwnerKind, WiredOwner};

unsafe extern "C" {
    /// <mach/mach_host.h>, the MIG user stub in libsystem_kernel (osfmk/mach/mach_host.defs,
    /// routine 27 of subsystem 200): names, zone info and the wired table, each out-of-line.
    fn mach_memory_info(
        host: mach_port_t,
        names: *mut *mut c_void,
        names_count: *mut mach_msg_type_number_t,
        info: *mut *mut c_void,
        info_count: *mut mach_msg_type_number_t,
        memory_info: *mut *mut c_void,
        memory_info_count: *mut mach_msg_type_number_t,
    ) -> kern_return_t;
}

/// The table's rows as bytes, and the zones' total when the kernel showed it (root only).
struct Table {
    rows: Vec<u8>,
    zones: Option<u64>,
}

fn read_table() -> Result<Table, String> {
    let (mut names, mut info, mut memory) = (std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut());
    let (mut names_count, mut info_count, mut memory_count): (mach_msg_type_number_t, _, _) = (0, 0, 0);
    // SAFETY: mach_host_self returns a send right to this host's port (one user reference, given
    // back below); the out-pointers are valid for the call, which fills each array and its count.
    let code = unsafe {
        let host = mach_host_self();
        let code = mach_memory_info(
            host,
            &mut names,
            &mut names_count,
            &mut info,
            &mut info_count,
            &mut memory,
            &mut memory_count,
        );
        mach_port_deallocate(mach_task_self(), host);
        code
    };
    if code != KERN_SUCCESS {
        return Err(match code {
            // 13.2 and earlier: the call wanted the privileged host port (KERN_INVALID_HOST).
            KERN_INVALID_HOST | KERN_NO_ACCESS => {
                "the kernel's wired table needs root before macOS 13.3 (mach_memory_info refused)".to_owned()
            }
            code => format!("mach_memory_info failed (kern_return {code})"),
        });
    }
    let length = |count: mach_msg_type_number_t, each: usize| count as usize * each;
    // SAFETY: on success the kernel mapped `memory_count` records of RECORD_BYTES at `memory`
    // (null only with a count of 0), and `info_count` zone records of ZONE_INFO_BYTES at `info`.
    let (rows, zones) = unsafe {
        let rows = if memory.is_null() {
            Vec::new()
        } else {
            std::slice::from_raw_parts(memory.cast::<u8>(), length(memory_count, RECORD_BYTES)).to_vec()
        };
        let zones = if info.is_null() {
            None
        } else {
            let bytes = std::slice::from_raw_parts(info.cast::<u8>(), length(info_count, ZONE_INFO_BYTES));
            // mzi_cur_size, the second u64 of each mach_zone_info_t; all 0 when redacted.
            let total = bytes
                .chunks_exact(ZONE_INFO_BYTES)
                .map(|zone| u64::from_le_bytes(zone[8..16].try_into().unwrap_or([0; 8])))
                .fold(0u64, u64::saturating_add);
            (total > 0).then_some(total)
        };
        (rows, zones)
    };
    for (address, count, each) in [
        (names, names_count, ZONE_NAME_BYTES),
        (info, info_count, ZONE_INFO_BYTES),
        (memory, memory_count, RECORD_BYTES),
    ] {
        if !address.is_null() {
            // SAFETY: each array was mapped into this task by the reply and is freed once, whole.
            unsafe { mach_vm_deallocate(mach_task_self(), address as u64, length(count, each) as u64) };
        }
    }
    Ok(Table { rows, zones })
}

/// The holders the kernel's table names; `kexts` maps load tags to bundle ids (`kmutil showloaded`).
pub(crate) fn holders(kexts: &[(u64, String)]) -> Holders {
    let table = match read_table() {
        Ok(table) => table,
        Err(why) => return Holders::unknown(&why),
    };
    let rows = macos_table::rows(&table.rows);
    let read = macos_table::holders(&rows, |tag| kexts.iter().find(|(index, _)| *index == tag).map(|(_, n)| n.clone()));
    // macOS 15 ignores the sampling's own result (xnu-11215 `mach_memory_info_internal`): a refused
    // or aborted sample comes back as success with zeroed arrays, so no wired counter means no table.
    if read.wired.is_none_or(|bytes| bytes == 0) {
        return Holders::unknown("mach_memory_info returned an empty table");
    }
    let mut found = read.holders;
    let mut unknown = Vec::new();
    // The zones: the hidden zone tag's row (every caller), else the zone sizes (root only).
    match read.zones.or(table.zones) {
        Some(bytes) => {
            found.push(WiredOwner { kind: OwnerKind::Kernel, name: "kernel zones".into(), pid: None, bytes })
        }
        None => unknown.push("kernel zones: not in the table".to_owned()),
    }
    found.extend(processes_wired());
    if kexts.is_empty() {
        unknown.push("kexts are named by their load tag: `kmutil showloaded` was not read".to_owned());
    }
    Holders { found, unknown }
}

/// Processes with this much wired for them are named.
const SMALLEST_PROCESS: u64 = 16 << 20;

/// Each process with memory wired for it (`ri_wired_size`, present from `rusage_info_v0`; xnu
/// bsd/kern/bsd_kern.c fills it from the task's `wired_mem` ledger). `proc_pid_rusage` answers for
/// the caller's own processes (bsd/kern/proc_info.c, CHECK_SAME_USER), every process as root.
fn processes_wired() -> Vec<WiredOwner> {
    let Ok(pids) = super::macos::all_pids() else { return Vec::new() };
    pids.into_iter()
        .filter(|pid| *pid > 0)
        .filter_map(|pid| {
            let mut usage = std::mem::MaybeUninit::<libc::rusage_info_v2>::zeroed();
            // SAFETY: RUSAGE_INFO_V2 fills a rusage_info_v2 (the buffer is passed cast, as in sys/top/macos.rs).
            let rc = unsafe { libc::proc_pid_rusage(pid, libc::RUSAGE_INFO_V2, usage.as_mut_ptr().cast()) };
            // SAFETY: filled by the successful call (and zeroed before).
            let wired = (rc == 0).then(|| unsafe { usage.assume_init() }.ri_wired_size)?;
            (wired >= SMALLEST_PROCESS).then(|| WiredOwner {
                kind: OwnerKind::ProcessWired,
                name: super::top::macos_short_name(pid),
                pid: Some(pid.unsigned_abs()),
                bytes: wired,
            })
        })
        .collect()
}
