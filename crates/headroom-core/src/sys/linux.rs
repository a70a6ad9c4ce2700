//! Linux backend: reads /proc/meminfo, /proc/pressure/memory (when the kernel has PSI) and the boot id.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::ReadError;
use super::boot_id::{BootId, LINUX_SOURCE, from_sysctl_bytes};
use super::boot_time::parse_proc_stat;
use crate::model::linux::{LinuxCounters, Meminfo, Psi, Zram, parse_arcstats, parse_mm_stat, swap_on_zram, zram_swaps};
use crate::model::{Platform, Snapshot, paging};

/// Where the backend reads; other paths only in tests (a kernel without PSI, recorded files).
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub meminfo: PathBuf,
    pub psi_memory: PathBuf,
    pub boot_id: PathBuf,
    pub swaps: PathBuf,
    /// Where block devices are listed (`zram0/mm_stat` under it).
    pub sys_block: PathBuf,
    pub arcstats: PathBuf,
    pub vmstat: PathBuf,
}

impl Default for Paths {
    fn default() -> Paths {
        Paths {
            meminfo: "/proc/meminfo".into(),
            psi_memory: "/proc/pressure/memory".into(),
            boot_id: "/proc/sys/kernel/random/boot_id".into(),
            swaps: "/proc/swaps".into(),
            sys_block: "/sys/block".into(),
            arcstats: "/proc/spl/kstat/zfs/arcstats".into(),
            vmstat: "/proc/vmstat".into(),
        }
    }
}

/// An open /proc file re-read from the start each sample into a buffer that is reused.
struct ProcFile {
    path: PathBuf,
    file: File,
    buffer: Vec<u8>,
}

impl ProcFile {
    fn open(path: &Path) -> Result<ProcFile, ReadError> {
        let file = File::open(path).map_err(|source| ReadError::Io { path: path.into(), source })?;
        Ok(ProcFile { path: path.into(), file, buffer: vec![0; 8192] })
    }

    /// One `pread` at offset 0: these files are printed whole by the kernel on each read, so a
    /// read that leaves room in the buffer has everything (no seek, no second read to see EOF).
    /// A file that fills the buffer is read again, whole, into a larger one.
    fn reread(&mut self) -> Result<&str, ReadError> {
        let path = &self.path;
        let io = |source| ReadError::Io { path: path.clone(), source };
        loop {
            let n = self.file.read_at(&mut self.buffer, 0).map_err(io)?;
            if n < self.buffer.len() {
                return std::str::from_utf8(&self.buffer[..n])
                    .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)));
            }
            let larger = self.buffer.len() * 2;
            self.buffer.resize(larger, 0);
        }
    }
}

pub(crate) struct Backend {
    meminfo: ProcFile,
    psi: Option<ProcFile>,
    /// Each amdgpu card's `mem_info_gtt_used`, found once at start (none without amdgpu: no cost).
    gtt: Vec<ProcFile>,
    zram: ZramFiles,
    /// The ZFS ARC's kstat, when ZFS was loaded at start.
    arc: Option<ProcFile>,
    /// /proc/vmstat, for the pages swapped in and out.
    vmstat: Option<ProcFile>,
    page_size: u64,
    boot_id: String,
}

/// zram's counters: each device's `mm_stat` (those present at start, and any /proc/swaps names
/// later), and /proc/swaps, read only while there is swap.
struct ZramFiles {
    sys_block: PathBuf,
    swaps: Option<ProcFile>,
    devices: Vec<(String, ProcFile)>,
}

impl ZramFiles {
    fn open(paths: &Paths) -> ZramFiles {
        let devices = std::fs::read_dir(&paths.sys_block)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.starts_with("zram"))
            // An unconfigured device (disksize 0) holds nothing; one made swap later shows in /proc/swaps.
            .filter(|name| {
                std::fs::read_to_string(paths.sys_block.join(name).join("disksize"))
                    .is_ok_and(|size| size.trim().parse::<u64>().is_ok_and(|size| size > 0))
            })
            .filter_map(|name| Some((name.clone(), ProcFile::open(&paths.sys_block.join(&name).join("mm_stat")).ok()?)))
            .collect();
        ZramFiles { sys_block: paths.sys_block.clone(), swaps: ProcFile::open(&paths.swaps).ok(), devices }
    }

    /// The devices' pools and the swap on them. A device that stops reading (reset, removed) counts 0.
    fn read(&mut self, swap_total: u64) -> Zram {
        let mut zram = Zram::default();
        if swap_total > 0
            && let Some(swaps) = self.swaps.as_mut()
            && let Ok(text) = swaps.reread()
        {
            zram.swap_used = swap_on_zram(text);
            for device in zram_swaps(text) {
                if !self.devices.iter().any(|(name, _)| name == device)
                    && let Ok(file) = ProcFile::open(&self.sys_block.join(device).join("mm_stat"))
                {
                    self.devices.push((device.to_owned(), file));
                }
            }
        }
        for (_, file) in &mut self.devices {
            if let Some((original, pool)) = file.reread().ok().and_then(|text| parse_mm_stat(text).ok()) {
                zram.original = zram.original.saturating_add(original);
                zram.pool = zram.pool.saturating_add(pool);
            }
        }
        zram
    }
}

impl Backend {
    pub(crate) fn new() -> Result<Backend, ReadError> {
        Backend::with_paths(&Paths::default())
    }

    pub(crate) fn with_paths(paths: &Paths) -> Result<Backend, ReadError> {
        let meminfo = ProcFile::open(&paths.meminfo)?;
        // PSI is absent before Linux 4.20 and when booted with psi=0 (the file then fails to read).
        let psi = match ProcFile::open(&paths.psi_memory) {
            Ok(mut file) => match file.reread() {
                Ok(_) => Some(file),
                Err(error) => {
                    tracing::info!(%error, "PSI unreadable; pressure falls back to MemAvailable");
                    None
                }
            },
            Err(error) => {
                tracing::info!(%error, "no PSI; pressure falls back to MemAvailable");
                None
            }
        };
        let boot_id = read_boot_id(&paths.boot_id)?;
        let gtt =
            super::linux_gpu::gtt_used_paths().iter().filter_map(|path| ProcFile::open(Path::new(path)).ok()).collect();
        let arc = ProcFile::open(&paths.arcstats).ok();
        let vmstat = ProcFile::open(&paths.vmstat).ok();
        // SAFETY: sysconf has no preconditions; it returns -1 only for an unknown name.
        let page_size = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        Ok(Backend { meminfo, psi, gtt, zram: ZramFiles::open(paths), arc, vmstat, page_size, boot_id })
    }

    pub(crate) fn read(&mut self) -> Result<Snapshot, ReadError> {
        let at = OffsetDateTime::now_utc();
        let meminfo = Meminfo::parse(self.meminfo.reread()?)
            .map_err(|source| ReadError::Meminfo { path: self.meminfo.path.clone(), source })?;
        let psi = match self.psi.as_mut() {
            Some(file) => {
                let parsed = Psi::parse(file.reread()?);
                Some(parsed.map_err(|source| ReadError::Psi { path: file.path.clone(), source })?)
            }
            None => None,
        };
        // A card whose counter stops reading (unplugged, driver reloaded) counts 0 rather than failing the sample.
        let gtt_used = self
            .gtt
            .iter_mut()
            .filter_map(|file| file.reread().ok().and_then(crate::suspects::gpu::sysfs_bytes))
            .fold(0u64, u64::saturating_add);
        let zram = self.zram.read(meminfo.swap_total);
        let arc = self.arc.as_mut().and_then(|file| parse_arcstats(file.reread().ok()?).ok());
        let page = self.page_size;
        let paging = self.vmstat.as_mut().and_then(|file| paging::from_vmstat(file.reread().ok()?, page));
        let counters = LinuxCounters { meminfo, psi, gtt_used, zram, arc, paging };
        Ok(Snapshot::from_linux(counters, at, self.boot_id.clone(), "this kernel has neither PSI nor MemAvailable"))
    }

    pub(crate) fn describe(&self) -> String {
        let pressure = if self.psi.is_some() { "PSI" } else { "MemAvailable" };
        let gtt = if self.gtt.is_empty() { "" } else { ", amdgpu GTT" };
        let zram = if self.zram.devices.is_empty() { "" } else { ", zram" };
        let arc = if self.arc.is_none() { "" } else { ", ZFS ARC" };
        format!("linux /proc (pressure from {pressure}{gtt}{zram}{arc})")
    }
}

fn read_boot_id(path: &Path) -> Result<String, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io { path: path.into(), source })?;
    Ok(text.trim().to_owned())
}

pub(crate) const PLATFORM: Platform = Platform::Linux;
pub(crate) const APPLE_SILICON: bool = false;

/// This boot's id, read afresh and checked to be a UUID (for `headroom doctor`).
pub(crate) fn boot_id() -> Result<BootId, ReadError> {
    let path = LINUX_SOURCE;
    let raw = std::fs::read(path).map_err(|source| ReadError::Io { path: path.into(), source })?;
    from_sysctl_bytes(&raw)
        .map(|id| BootId { source: path, id })
        .map_err(|error| ReadError::BootId { origin: path, error })
}

/// When this boot started: `btime` in /proc/stat.
pub(crate) fn boot_time() -> Result<OffsetDateTime, ReadError> {
    let path = "/proc/stat";
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io { path: path.into(), source })?;
    parse_proc_stat(&text).ok_or_else(|| ReadError::Io {
        path: path.into(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "no btime line"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Platform, Pressure, PressureBasis};

    // Live checks assert invariants, not exact numbers (the machine's memory moves under the test).
    #[test]
    fn live_snapshot_invariants() {
        let mut backend = Backend::new().expect("this Linux machine has /proc/meminfo");
        let snapshot = backend.read().expect("reads");
        let m = snapshot.memory;
        assert!(m.total > 0);
        assert!(m.free <= m.total);
        assert!(m.used() <= m.total);
        assert_eq!(snapshot.platform, Platform::Linux);
        assert_eq!(snapshot.boot_id.len(), 36, "boot id is a UUID: {}", snapshot.boot_id);
        let again = backend.read().expect("reads twice");
        assert_eq!(again.memory.total, m.total, "MemTotal does not change between samples");
    }

    /// `sys::boot_id()` (what `headroom doctor` shows) reads the same id the samples carry.
    #[test]
    fn the_doctor_reads_the_id_the_samples_carry() {
        let checked = crate::sys::boot_id().expect("Linux has a boot id");
        assert_eq!(checked.source, LINUX_SOURCE);
        assert!(crate::sys::boot_id::is_uuid(&checked.id), "{checked:?}");
        let snapshot = crate::sys::SystemReader::new().and_then(|mut reader| reader.read()).expect("reads");
        assert_eq!(snapshot.boot_id, checked.id);
    }

    /// A kernel without PSI (before 4.20, or booted psi=0): pressure comes from MemAvailable,
    /// the fallback rule (< 10 % warn, < 5 % critical), and the backend says so.
    #[test]
    fn without_psi_pressure_falls_back_to_mem_available() {
        let dir = tempfile::tempdir().expect("tempdir");
        let meminfo = dir.path().join("meminfo");
        // MemAvailable 1.2 GB of 16 GB: 7.5 %, warn by the fallback rule.
        let boot_id = dir.path().join("boot_id");
        std::fs::write(&boot_id, "1b2c3d4e-0000-4000-8000-000000000000\n").expect("write");
        std::fs::write(
            &meminfo,
            "MemTotal: 16777216 kB\nMemFree: 262144 kB\nMemAvailable: 1258291 kB\nBuffers: 0 kB\nCached: 1048576 kB\n\
             AnonPages: 12582912 kB\nShmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
        )
        .expect("write");
        let paths = Paths { meminfo, psi_memory: dir.path().join("no-pressure/memory"), boot_id, ..Paths::default() };
        let mut backend = Backend::with_paths(&paths).expect("no PSI is no error");
        assert_eq!(backend.describe(), "linux /proc (pressure from MemAvailable)");
        let snapshot = backend.read().expect("reads");
        assert_eq!(snapshot.pressure, Pressure::Warn);
        assert!(matches!(snapshot.pressure_basis, PressureBasis::MemAvailable { .. }), "{:?}", snapshot.pressure_basis);
        assert_eq!(snapshot.boot_id, "1b2c3d4e-0000-4000-8000-000000000000");
    }
}
