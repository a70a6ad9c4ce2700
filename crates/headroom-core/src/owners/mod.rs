//! Who holds wired memory, in bytes: the owners the kernels name (processes that lock or pin
//! memory, kernel memory charged to a cgroup, GPU memory, reserved huge pages), reconciled against
//! the wired total so that what no owner explains is said as such. Types and parsers, OS-free;
//! `sys` gathers the raw facts.

pub mod cgroup;
pub mod drm;
pub mod macos_table;
pub mod process;
pub mod vmalloc;

use serde::Serialize;

use crate::model::WiredParts;

/// What kind of holder an owner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerKind {
    /// A process's locked memory (`VmLck`: mlock, VFIO-assigned guest RAM).
    Locked,
    /// A process's pinned pages (`VmPin`: io_uring fixed buffers, RDMA).
    Pinned,
    /// Kernel memory charged to a cgroup (a service, a desktop app's scope, a container): cgroup
    /// v2's `kernel` less its reclaimable slab.
    Cgroup,
    /// Kernel memory charged to a cgroup v1 (`memory.kmem.usage_in_bytes`), which counts reclaimable
    /// slab caches (dentries, inodes: Cached Files) too and cannot be split on Linux 5.9+ (its
    /// `memory.kmem.slabinfo` is empty): named, never added to what owners explain.
    CgroupV1,
    /// System RAM a GPU pinned (amdgpu GTT).
    Gpu,
    /// Huge pages reserved (`vm.nr_hugepages`), used or not.
    HugePages,
    /// A part of the kernel by what it is for (macOS: a `VM_KERN_MEMORY_*` tag, "IOKit drivers").
    Kernel,
    /// A kernel extension (macOS: the kext's load tag, named by `kmutil`).
    Kext,
    /// Memory wired at boot or taken before the kernel's allocators (macOS counters).
    Boot,
    /// Memory wired for one process (macOS `ri_wired_size`, the task's wired ledger: its mlocked
    /// pages, IOKit buffers mapped for it): inside the kernel's tag rows too, so listed apart.
    ProcessWired,
    /// System RAM a process's GPU clients hold (Linux DRM fdinfo): part of the GPU's share of wired
    /// memory (amdgpu GTT) or of App Memory, depending on the driver, so listed apart.
    GpuClient,
    /// RAM behind the kernel's vmalloc areas, by the function that asked (Linux, root only):
    /// part of "drivers and other kernel", which cgroups may count too, so listed apart.
    Vmalloc,
}

impl OwnerKind {
    /// The kind as JSON and metric labels spell it ("locked", "cgroup_v1").
    pub fn label(self) -> &'static str {
        match self {
            OwnerKind::Locked => "locked",
            OwnerKind::Pinned => "pinned",
            OwnerKind::Cgroup => "cgroup",
            OwnerKind::CgroupV1 => "cgroup_v1",
            OwnerKind::Gpu => "gpu",
            OwnerKind::HugePages => "huge_pages",
            OwnerKind::Kernel => "kernel",
            OwnerKind::Kext => "kext",
            OwnerKind::Boot => "boot",
            OwnerKind::Vmalloc => "vmalloc",
            OwnerKind::ProcessWired => "process_wired",
            OwnerKind::GpuClient => "gpu_client",
        }
    }

    /// The kind in words, as `explain` shows it.
    pub fn words(self) -> String {
        match self {
            OwnerKind::Locked => crate::tr!("owner-locked"),
            OwnerKind::Pinned => crate::tr!("owner-pinned"),
            OwnerKind::Cgroup => crate::tr!("owner-cgroup"),
            OwnerKind::CgroupV1 => crate::tr!("owner-cgroup-v1"),
            OwnerKind::Gpu => crate::tr!("owner-gpu"),
            OwnerKind::HugePages => crate::tr!("owner-huge-pages"),
            OwnerKind::Kernel => crate::tr!("owner-kernel"),
            OwnerKind::Kext => crate::tr!("owner-kext"),
            OwnerKind::Boot => crate::tr!("owner-boot"),
            OwnerKind::Vmalloc => crate::tr!("owner-vmalloc"),
            OwnerKind::ProcessWired => crate::tr!("owner-process-wired"),
            OwnerKind::GpuClient => crate::tr!("owner-gpu-client"),
        }
    }
}

/// One holder of wired memory. `name` is outside text (a process or cgroup name): escape it
/// wherever it is shown (`suspects::shown` for a terminal, `report::html::escape` for a page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WiredOwner {
    pub kind: OwnerKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    pub bytes: u64,
}

impl WiredOwner {
    /// "locked by `python3` (pid 412)", "kernel memory of system.slice/docker.service".
    pub fn describe(&self) -> String {
        // A cgroup by its own name ("docker.service", "app-gnome-firefox-4120.scope"): the path
        // above it (user.slice/user-1000.slice/…) is in the JSON.
        let own = match self.kind {
            OwnerKind::Cgroup | OwnerKind::CgroupV1 => self.name.rsplit('/').next().unwrap_or(&self.name),
            _ => &self.name,
        };
        let name = crate::suspects::shown(own);
        match (self.kind, self.pid) {
            (OwnerKind::Gpu | OwnerKind::HugePages, _) => format!("{} ({name})", self.kind.words()),
            // The kernel's own tags read as they are: "IOKit drivers", "Hypervisor (VMs)".
            (OwnerKind::Kernel | OwnerKind::Boot, _) => name,
            (kind, Some(pid)) => crate::tr!("owner-process", kind = kind.words(), name = name, pid = pid),
            (kind, None) => format!("{} {name}", kind.words()),
        }
    }
}

/// The holders a probe found, before they are reconciled with a sample's wired figure: gathered
/// off the sampling path with the other suspects, reconciled where they are shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holders {
    pub found: Vec<WiredOwner>,
    /// Sources that could not be read, with why.
    pub unknown: Vec<String>,
}

impl Holders {
    /// Nothing could be looked at: `why`.
    pub fn unknown(why: &str) -> Holders {
        Holders { found: Vec::new(), unknown: vec![why.to_owned()] }
    }

    /// These holders against a sample's wired memory and its parts.
    pub fn reconcile(&self, wired: u64, parts: Option<&WiredParts>) -> WiredOwners {
        reconcile(wired, parts, self.found.clone(), self.unknown.clone())
    }
}

/// How many owners are listed; the rest are summed as one "others" line.
pub const LISTED: usize = 10;

impl OwnerKind {
    /// Whether an owner of this kind holds only wired memory (so its bytes explain wired). Pinned
    /// pages stay on the evictable lists, so they are in App Memory's figure; a cgroup v1 figure
    /// mixes in reclaimable caches.
    pub fn only_wired(self) -> bool {
        !matches!(
            self,
            OwnerKind::CgroupV1
                | OwnerKind::Pinned
                | OwnerKind::Vmalloc
                | OwnerKind::ProcessWired
                | OwnerKind::GpuClient
        )
    }
}

/// The owners found, reconciled against wired: largest first, the rest summed, what no owner
/// explains, and each source that could not be read with why (never counted as 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct WiredOwners {
    pub wired: u64,
    pub owners: Vec<WiredOwner>,
    /// Holders whose memory is not (only) in wired's figure — pinned pages, which are in App
    /// Memory's; cgroup v1 figures, which mix in reclaimable caches — largest first: named, not
    /// added to `explained`.
    pub mixed: Vec<WiredOwner>,
    /// Bytes of the owners beyond the first [`LISTED`].
    pub others: u64,
    /// What the owners explain of wired (capped at wired).
    pub explained: u64,
    /// Wired that no owner explains: the kernel's own, not attributed.
    pub unattributed: u64,
    /// Sources that could not be read: "cgroups: /sys/fs/cgroup unreadable: …".
    pub unknown: Vec<String>,
}

/// Reconciles `found` owners against `wired` (and its parts, which name GPU memory and huge pages).
pub fn reconcile(
    wired: u64,
    parts: Option<&WiredParts>,
    mut found: Vec<WiredOwner>,
    unknown: Vec<String>,
) -> WiredOwners {
    if let Some(parts) = parts {
        for (kind, name, bytes) in
            [(OwnerKind::Gpu, "amdgpu GTT", parts.gpu_gtt), (OwnerKind::HugePages, "reserved", parts.hugetlb)]
        {
            if bytes > 0 {
                found.push(WiredOwner { kind, name: name.to_owned(), pid: None, bytes });
            }
        }
    }
    found.retain(|owner| owner.bytes > 0);
    found.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    let (mut found, mut mixed): (Vec<WiredOwner>, Vec<WiredOwner>) =
        found.into_iter().partition(|owner| owner.kind.only_wired());
    mixed.truncate(LISTED);
    // VmLck counts locked mappings whole, faulted in or not: locked owners explain at most the
    // locked pages the kernel counts (the unevictable part of wired).
    let sum = |kind: fn(OwnerKind) -> bool| {
        found.iter().filter(|o| kind(o.kind)).fold(0u64, |sum, owner| sum.saturating_add(owner.bytes))
    };
    let locked = sum(|kind| kind == OwnerKind::Locked);
    let locked = parts.map_or(locked, |parts| locked.min(parts.unevictable));
    let total = sum(|kind| kind != OwnerKind::Locked).saturating_add(locked);
    let others = found.iter().skip(LISTED).fold(0u64, |sum, owner| sum.saturating_add(owner.bytes));
    found.truncate(LISTED);
    let explained = total.min(wired);
    WiredOwners { wired, owners: found, mixed, others, explained, unattributed: wired - explained, unknown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(kind: OwnerKind, name: &str, bytes: u64) -> WiredOwner {
        WiredOwner { kind, name: name.to_owned(), pid: None, bytes }
    }

    #[test]
    fn owners_are_largest_first_the_rest_summed_and_the_remainder_said() {
        let mut found: Vec<WiredOwner> = (1..=12).map(|n| owner(OwnerKind::Cgroup, &format!("c{n}"), n * 10)).collect();
        found.push(owner(OwnerKind::Locked, "zero", 0));
        let parts = WiredParts { gpu_gtt: 500, ..WiredParts::default() };
        let owners = reconcile(2_000, Some(&parts), found, vec!["x: why".into()]);
        assert_eq!(owners.owners[0], owner(OwnerKind::Gpu, "amdgpu GTT", 500));
        assert_eq!(owners.owners.len(), LISTED);
        assert_eq!(owners.others, 10 + 20 + 30, "the three smallest");
        assert_eq!(owners.explained, 500 + (1..=12).map(|n| n * 10).sum::<u64>());
        assert_eq!(owners.unattributed, 2_000 - owners.explained);
        // Owners that add up past wired (counters read at different moments) explain all of it, no more.
        let over = reconcile(100, None, vec![owner(OwnerKind::Locked, "p", 150)], Vec::new());
        assert_eq!((over.explained, over.unattributed), (100, 0));
        // A cgroup v1 figure, which counts reclaimable caches too, is named but explains nothing.
        let v1 = reconcile(100, None, vec![owner(OwnerKind::CgroupV1, "docker", 90)], Vec::new());
        assert_eq!((v1.explained, v1.mixed.len(), v1.owners.len()), (0, 1, 0));
    }

    #[test]
    fn labels_are_the_json_names() {
        for kind in [OwnerKind::Locked, OwnerKind::CgroupV1, OwnerKind::HugePages, OwnerKind::Kext] {
            assert_eq!(serde_json::to_value(kind).expect("serialises"), kind.label());
        }
    }

    #[test]
    fn descriptions_escape_the_name() {
        let locked = WiredOwner { kind: OwnerKind::Locked, name: "evil\u{1b}[31m".into(), pid: Some(7), bytes: 1 };
        assert_eq!(locked.describe(), "locked by `evil [31m` (pid 7)", "no escape sequence reaches a terminal");
        assert_eq!(owner(OwnerKind::Cgroup, "system.slice/a.service", 1).describe(), "kernel memory of a.service");
    }
}
