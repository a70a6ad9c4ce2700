//! macOS backend: host_statistics64 page counters, hw.memsize, vm.swapusage, the kernel's pressure level, the boot session id and the pid list.

use std::ffi::{CStr, c_void};
use std::io;
use std::mem::{self, MaybeUninit};

use mach2::host_info::HOST_VM_INFO64_COUNT;
use mach2::kern_return::KERN_SUCCESS;
use mach2::mach_init::mach_host_self;
use mach2::message::mach_msg_type_number_t;
use mach2::vm_page_size::vm_kernel_page_size;
use mach2::vm_statistics::vm_statistics64;
use time::OffsetDateTime;

use super::ReadError;
use super::boot_id::{self, MAC_SOURCE};
use super::buffer::{self, read_whole};
use crate::model::macos::{MacCounters, pressure_from_kernel_level};
use crate::model::{Headroom, HeadroomSource, Platform, PressureBasis, RawCounters, Snapshot};

/// Words of `vm_statistics64` up to and including `internal_page_count`, the last field the
/// formula needs. Older kernels fill fewer fields than mach2's struct (which follows the newest
/// SDK) has, so a shorter reply is fine as long as it reaches this far.
const NEEDED_WORDS: mach_msg_type_number_t = ((mem::offset_of!(vm_statistics64, internal_page_count)
    + mem::size_of::<u32>())
    / mem::size_of::<libc::integer_t>()) as mach_msg_type_number_t;

pub(crate) struct Backend {
    host: libc::host_t,
    page_size: u64,
    total: u64,
    boot_id: String,
    /// Words the kernel filled at the last read, for `describe` (doctor's field count).
    words: mach_msg_type_number_t,
}

impl Backend {
    pub(crate) fn new() -> Result<Backend, ReadError> {
        // SAFETY: mach_host_self takes no arguments and returns a send right to this host's port;
        // it is taken once and kept for the life of the reader.
        let host = unsafe { mach_host_self() };
        // SAFETY: vm_kernel_page_size is a constant the kernel sets before any user code runs.
        let page_size = unsafe { vm_kernel_page_size } as u64;
        let total: u64 = sysctl_value(c"hw.memsize")?;
        // Not kern.boottime: it moves when the clock is corrected (see sys/boot_id.rs).
        let boot_id = boot_session_id()?;
        Ok(Backend { host, page_size, total, boot_id, words: 0 })
    }

    pub(crate) fn read(&mut self) -> Result<Snapshot, ReadError> {
        let at = OffsetDateTime::now_utc();
        let (counters, words, paging) = self.page_counters()?;
        self.words = words;
        let swap: libc::xsw_usage = sysctl_value(c"vm.swapusage")?;
        let level: i32 = sysctl_value(c"kern.memorystatus_vm_pressure_level")?;
        let pressure = pressure_from_kernel_level(level).ok_or(ReadError::PressureLevel(level))?;
        // The kernel's own headroom percent (what `memory_pressure` prints as "System-wide memory
        // free percentage"; xnu bsd/kern/kern_memorystatus.c SYSCTL_INT memorystatus_level, set in
        // osfmk/vm/vm_pageout.c). Should it be unreadable, the same formula on the counters stands in.
        let headroom = match sysctl_value::<u32>(c"kern.memorystatus_level") {
            Ok(percent) => Headroom::from_percent(percent, self.total, HeadroomSource::Kernel),
            Err(error) => {
                tracing::debug!(%error, "kern.memorystatus_level unreadable; deriving the headroom");
                counters.derived_headroom(self.total)
            }
        };
        let memory = counters.breakdown(self.total);
        Ok(Snapshot {
            platform: Platform::Macos,
            memory,
            swap_used: swap.xsu_used,
            swap_total: swap.xsu_total,
            // macOS swaps to disk only (/private/var/vm); what the compressor holds is not read yet.
            swap_in_ram: None,
            compressed_original: None,
            paging,
            swap_known: true,
            pressure,
            pressure_basis: PressureBasis::KernelLevel(level),
            at,
            total_estimated: false,
            boot_id: self.boot_id.clone(),
            wired_parts: None,
            headroom: Some(headroom),
            inconsistent: memory.inconsistency(),
            raw: RawCounters::Mac(counters),
        })
    }

    fn page_counters(
        &self,
    ) -> Result<(MacCounters, mach_msg_type_number_t, Option<crate::model::paging::Paging>), ReadError> {
        let mut stats = MaybeUninit::<vm_statistics64>::zeroed();
        let mut count: mach_msg_type_number_t = HOST_VM_INFO64_COUNT;
        // SAFETY: `stats` is a zeroed vm_statistics64 of HOST_VM_INFO64_COUNT words, the size passed in
        // `count`; the kernel writes at most `count` words and reports how many it wrote.
        let code =
            unsafe { libc::host_statistics64(self.host, libc::HOST_VM_INFO64, stats.as_mut_ptr().cast(), &mut count) };
        if code != KERN_SUCCESS {
            return Err(ReadError::Mach { call: "host_statistics64", code });
        }
        if count < NEEDED_WORDS {
            return Err(ReadError::ShortReply { call: "host_statistics64", got: count, need: NEEDED_WORDS });
        }
        // SAFETY: the struct was zero-initialised (valid for its plain integer fields) and then filled by the kernel.
        let stats = unsafe { stats.assume_init() };
        // Fields are copied out by value: the struct is packed, so no reference to a field is taken.
        let (free_count, speculative) = (u64::from(stats.free_count), u64::from(stats.speculative_count));
        let counters = MacCounters {
            page_size: self.page_size,
            // free_count includes speculative pages; vm_stat prints them apart, and so does the model.
            free: free_count.saturating_sub(speculative),
            speculative,
            active: u64::from(stats.active_count),
            inactive: u64::from(stats.inactive_count),
            throttled: u64::from(stats.throttled_count),
            wired: u64::from(stats.wire_count),
            purgeable: u64::from(stats.purgeable_count),
            external: u64::from(stats.external_page_count),
            internal: u64::from(stats.internal_page_count),
            compressor: u64::from(stats.compressor_page_count),
            // Moves with any activity; it tells a fresh read from the kernel's rate-limited cached copy.
            faults: stats.faults,
        };
        // swapins and swapouts are the struct's last words (osfmk/mach/vm_statistics.h, since the
        // compressor of 10.9): read only when the kernel filled the whole struct.
        let (swapins, swapouts) = (stats.swapins, stats.swapouts);
        let paging = (count >= HOST_VM_INFO64_COUNT).then(|| crate::model::paging::Paging {
            swapped_in: swapins.saturating_mul(self.page_size),
            swapped_out: swapouts.saturating_mul(self.page_size),
        });
        Ok((counters, count, paging))
    }

    /// After a read, says how many of the struct's words the kernel filled (fewer on older macOS).
    pub(crate) fn describe(&self) -> String {
        format!(
            "macos mach host_statistics64, {} of {HOST_VM_INFO64_COUNT} words (page size {} bytes)",
            self.words, self.page_size
        )
    }
}

/// Every process's pid, for the top scanner and the suspects. `proc_listallpids` with no buffer
/// answers `nprocs + 20`; with one it writes as many pids as fit and says nothing of the rest
/// (apple-oss-distributions/xnu `libsyscall/wrappers/libproc/libproc.c` `proc_listallpids`, the
/// byte count divided by `sizeof(int)`; `bsd/kern/proc_info.c` `proc_listpids`), so the buffer
/// grows until the answer fits (`buffer::read_whole`). A failed call is an error, never "no processes".
pub(super) fn all_pids() -> io::Result<Vec<libc::pid_t>> {
    // SAFETY: a null buffer of size 0 asks only for the count.
    let estimate = unsafe { libc::proc_listallpids(std::ptr::null_mut(), 0) };
    if estimate <= 0 {
        return Err(io::Error::last_os_error());
    }
    // Room for processes started between the two calls.
    let capacity = usize::try_from(estimate).unwrap_or(0) + 64;
    read_whole(capacity, buffer::TRIES, |pids: &mut [libc::pid_t]| {
        let bytes = i32::try_from(mem::size_of_val(pids)).map_err(|_| io::Error::other("pid buffer over 2 GiB"))?;
        // SAFETY: the buffer holds `bytes` bytes of pid_t; the call writes at most that many.
        let count = unsafe { libc::proc_listallpids(pids.as_mut_ptr().cast::<c_void>(), bytes) };
        usize::try_from(count).map(|count| count.min(pids.len())).map_err(|_| io::Error::last_os_error())
    })
}

pub(crate) const PLATFORM: Platform = Platform::Macos;
/// Apple Silicon, where GPU memory is wired; an Intel Mac has a GPU of its own.
pub(crate) const APPLE_SILICON: bool = cfg!(target_arch = "aarch64");

/// This boot's `kern.bootsessionuuid`, checked to be a UUID.
pub(super) fn boot_session_id() -> Result<String, ReadError> {
    let raw = sysctl_bytes(c"kern.bootsessionuuid")?;
    boot_id::from_sysctl_bytes(&raw).map_err(|error| ReadError::BootId { origin: MAC_SOURCE, error })
}

/// This boot's id and where it comes from, read afresh (for `headroom doctor`).
pub(crate) fn boot_id() -> Result<boot_id::BootId, ReadError> {
    boot_session_id().map(|id| boot_id::BootId { source: MAC_SOURCE, id })
}

/// This boot's start. `kern.boottime` is a `struct timeval` (XNU bsd/kern/kern_sysctl.c,
/// `sysctl_boottime`, "S,timeval"); it moves when the clock is corrected, so it is shown, never used as an id.
pub(crate) fn boot_time() -> Result<OffsetDateTime, ReadError> {
    let boot: libc::timeval = sysctl_value(c"kern.boottime")?;
    OffsetDateTime::from_unix_timestamp(boot.tv_sec).map_err(|_| ReadError::SysctlSize {
        name: "kern.boottime",
        got: 0,
        want: std::mem::size_of::<libc::timeval>(),
    })
}

/// Reads a variable-size sysctl (a string) as raw bytes: first its size, then its value.
fn sysctl_bytes(name: &'static CStr) -> Result<Vec<u8>, ReadError> {
    let label = name.to_str().unwrap_or("(non-UTF-8 sysctl name)");
    let failed = || ReadError::Sysctl { name: label, source: io::Error::last_os_error() };
    let mut size = 0usize;
    // SAFETY: a null buffer asks only for the size, which sysctlbyname stores in `size`.
    let rc = unsafe { libc::sysctlbyname(name.as_ptr(), std::ptr::null_mut(), &mut size, std::ptr::null_mut(), 0) };
    if rc != 0 {
        return Err(failed());
    }
    let mut buffer = vec![0u8; size];
    // SAFETY: `buffer` has room for `size` bytes; sysctlbyname writes at most that many and stores
    // the number written back in `size`; no new value is set (null, 0).
    let rc =
        unsafe { libc::sysctlbyname(name.as_ptr(), buffer.as_mut_ptr().cast(), &mut size, std::ptr::null_mut(), 0) };
    if rc != 0 {
        return Err(failed());
    }
    buffer.truncate(size);
    Ok(buffer)
}

/// Reads a fixed-size sysctl value. `T` must be a plain C struct or integer, valid for any bit pattern.
pub(super) fn sysctl_value<T: Copy>(name: &'static CStr) -> Result<T, ReadError> {
    let label = name.to_str().unwrap_or("(non-UTF-8 sysctl name)");
    let mut value = MaybeUninit::<T>::zeroed();
    let mut size = mem::size_of::<T>();
    // SAFETY: `value` has room for `size` bytes, and sysctlbyname writes at most `size` bytes and
    // stores the number written back in `size`; no new value is set (null, 0).
    let rc =
        unsafe { libc::sysctlbyname(name.as_ptr(), value.as_mut_ptr().cast(), &mut size, std::ptr::null_mut(), 0) };
    if rc != 0 {
        return Err(ReadError::Sysctl { name: label, source: io::Error::last_os_error() });
    }
    if size != mem::size_of::<T>() {
        return Err(ReadError::SysctlSize { name: label, got: size, want: mem::size_of::<T>() });
    }
    // SAFETY: zero-initialised, fully written (size checked above), and T is plain data.
    Ok(unsafe { value.assume_init() })
}
