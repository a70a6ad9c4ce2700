//! Who holds wired memory: virtual machines, GPU memory, kernel extensions and modules, big slab caches.
//!
//! The types and parsers here are OS-free; `sys` gathers the raw facts.

pub mod linux_parse;
pub mod macos_parse;
pub mod vm;

use serde::Serialize;
use time::OffsetDateTime;

/// A fact that could not be gathered says why, instead of failing or pretending to be empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", content = "value", rename_all = "snake_case")]
pub enum Probe<T> {
    Found(T),
    /// The tool is missing, access was denied, or it timed out: the reason.
    Unknown(String),
    /// This fact does not exist on this platform (e.g. system extensions on Linux).
    NotApplicable,
}

impl<T> Probe<T> {
    pub fn found(&self) -> Option<&T> {
        match self {
            Probe::Found(value) => Some(value),
            _ => None,
        }
    }
}

/// A running virtual machine (or VM host such as Docker Desktop), which wires its guest's RAM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VmProcess {
    pub pid: u32,
    /// The process name as the system reports it.
    pub name: String,
    /// What it is, in words a person knows: "QEMU", "Parallels", "Docker Desktop"…
    pub kind: &'static str,
    /// Resident memory, bytes.
    pub resident: u64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub started: Option<OffsetDateTime>,
}

/// GPU memory in use (Apple Silicon: wired), against the cap the kernel enforces.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GpuMemory {
    pub in_use: u64,
    /// `iogpu.wired_limit_mb` in bytes; `None` when 0 (the system default applies).
    pub limit: Option<u64>,
}

/// A kernel extension (macOS, not Apple's) or kernel module (Linux, out of tree or unsigned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KernelExtension {
    pub name: String,
    /// Bytes the kernel reports for it (Linux module size; macOS kext wired size when known).
    pub size: u64,
    /// Why it is listed: "third-party kext", "out-of-tree module", "unsigned module", "proprietary module".
    pub why: String,
}

/// An unreclaimable slab cache (Linux), by bytes held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlabCache {
    pub name: String,
    pub bytes: u64,
}

/// Everything gathered about who holds wired memory, at one time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suspects {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub vms: Probe<Vec<VmProcess>>,
    pub gpu: Probe<GpuMemory>,
    pub kernel_extensions: Probe<Vec<KernelExtension>>,
    pub system_extensions: Probe<Vec<String>>,
    pub slabs: Probe<Vec<SlabCache>>,
}

impl Suspects {
    /// Nothing known: the starting point before the first probe.
    pub fn unknown(at: OffsetDateTime, why: &str) -> Suspects {
        Suspects {
            at,
            vms: Probe::Unknown(why.to_owned()),
            gpu: Probe::Unknown(why.to_owned()),
            kernel_extensions: Probe::Unknown(why.to_owned()),
            system_extensions: Probe::Unknown(why.to_owned()),
            slabs: Probe::Unknown(why.to_owned()),
        }
    }

    /// Bytes of wired memory that running VMs and GPU work account for.
    pub fn explained_bytes(&self) -> u64 {
        let vms: u64 = self.vms.found().map_or(0, |vms| vms.iter().map(|vm| vm.resident).sum());
        let gpu = self.gpu.found().map_or(0, |gpu| gpu.in_use);
        vms.saturating_add(gpu)
    }

    /// What explains wired memory, in words, largest first: "QEMU (pid 412) 4.0 GB".
    pub fn explanations(&self) -> Vec<(String, u64)> {
        let mut found: Vec<(String, u64)> = self
            .vms
            .found()
            .into_iter()
            .flatten()
            .map(|vm| (format!("{} `{}` (pid {})", vm.kind, vm.name, vm.pid), vm.resident))
            .collect();
        if let Some(gpu) = self.gpu.found().filter(|gpu| gpu.in_use > 0) {
            found.push(("GPU memory in use".to_owned(), gpu.in_use));
        }
        found.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        found
    }
}
