//! Who holds wired memory: virtual machines, GPU memory and the LLM runtimes behind it, kernel extensions and modules, big slab caches.
//!
//! The types and parsers here are OS-free; `sys` gathers the raw facts.

pub mod gpu;
pub mod linux_parse;
pub mod llm;
pub mod macos_parse;
pub mod resident;
pub mod slow;
pub mod vm;

pub use resident::Resident;
pub(crate) use slow::ProbeCost;

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
    /// Resident memory, or why it is unknown (JSON: `resident`, and `resident_unknown` when null).
    #[serde(flatten)]
    pub resident: Resident,
    #[serde(with = "time::serde::rfc3339::option")]
    pub started: Option<OffsetDateTime>,
}

impl VmProcess {
    /// "QEMU `qemu-system-aarch64` (pid 412)".
    pub fn describe(&self) -> String {
        format!("{} `{}` (pid {})", self.kind, shown(&self.name), self.pid)
    }
}

/// GPU memory in use (Apple Silicon: wired; Linux amdgpu: GTT, system RAM the GPU pinned), against its cap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GpuMemory {
    pub in_use: u64,
    /// macOS: `iogpu.wired_limit_mb` in bytes, `None` when 0 (the default applies: `gpu::default_wired_limit`).
    /// Linux: the GTT size (`mem_info_gtt_total`).
    pub limit: Option<u64>,
}

/// A local LLM runtime (ollama, llama.cpp, LM Studio, MLX, exo): its model is what fills GPU memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LlmProcess {
    pub pid: u32,
    /// The process name as the system reports it.
    pub name: String,
    /// "ollama", "llama.cpp", "LM Studio", "MLX" or "exo".
    pub runtime: &'static str,
    /// Its memory (JSON: `resident`, and `resident_unknown` when null), measured as `measure` says.
    #[serde(flatten)]
    pub resident: Resident,
    /// "footprint" (macOS physical footprint, Activity Monitor's Memory column) or "resident".
    pub measure: &'static str,
}

impl LlmProcess {
    /// "ollama `ollama` (pid 812)".
    pub fn describe(&self) -> String {
        format!("{} `{}` (pid {})", self.runtime, shown(&self.name), self.pid)
    }
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
    /// Local LLM runtimes running now. Their memory overlaps GPU memory, so it is never added to it.
    pub llms: Probe<Vec<LlmProcess>>,
    pub kernel_extensions: Probe<Vec<KernelExtension>>,
    pub system_extensions: Probe<Vec<String>>,
    pub slabs: Probe<Vec<SlabCache>>,
    /// Who holds wired memory in bytes (processes that lock it, cgroups' kernel memory), before it
    /// is reconciled with a sample: `explain --json` prints the reconciled `wired_owners` instead.
    #[serde(skip)]
    pub holders: crate::owners::Holders,
    /// What each source took to read (kept slow sources with the time they were read).
    pub costs: Vec<ProbeCost>,
}

impl Suspects {
    /// Nothing known: the starting point before the first probe.
    pub fn unknown(at: OffsetDateTime, why: &str) -> Suspects {
        Suspects {
            at,
            vms: Probe::Unknown(why.to_owned()),
            gpu: Probe::Unknown(why.to_owned()),
            llms: Probe::Unknown(why.to_owned()),
            kernel_extensions: Probe::Unknown(why.to_owned()),
            system_extensions: Probe::Unknown(why.to_owned()),
            slabs: Probe::Unknown(why.to_owned()),
            holders: crate::owners::Holders::unknown(why),
            costs: Vec::new(),
        }
    }

    /// Bytes of wired memory that running VMs and GPU work account for, counting only the sizes
    /// that could be read: a VM of unknown size adds nothing here, and `unknown_sizes` names it,
    /// so every place that shows this figure can say what it leaves out.
    pub fn explained_bytes(&self) -> u64 {
        let vms: u64 = self.vms.found().map_or(0, |vms| vms.iter().filter_map(|vm| vm.resident.bytes()).sum());
        let gpu = self.gpu.found().map_or(0, |gpu| gpu.in_use);
        vms.saturating_add(gpu)
    }

    /// Running VMs whose size could not be read, in words:
    /// "VMware `vmware-vmx` (pid 88), size unknown (owned by root)".
    pub(crate) fn unknown_sizes(&self) -> Vec<String> {
        self.vms
            .found()
            .into_iter()
            .flatten()
            .filter_map(|vm| match &vm.resident {
                Resident::Bytes(_) => None,
                unknown @ Resident::Unknown(_) => {
                    Some(format!("{}, {}", vm.describe(), unknown.show(|_| String::new())))
                }
            })
            .collect()
    }

    /// What explains wired memory by a known size, in words, largest first: "QEMU (pid 412) 4.0 GB".
    /// VMs of unknown size are in `unknown_sizes` instead.
    pub(crate) fn explanations(&self) -> Vec<(String, u64)> {
        let mut found: Vec<(String, u64)> = self
            .vms
            .found()
            .into_iter()
            .flatten()
            .filter_map(|vm| Some((vm.describe(), vm.resident.bytes()?)))
            .collect();
        if let Some(gpu) = self.gpu.found().filter(|gpu| gpu.in_use > 0) {
            found.push((self.gpu_holder(), gpu.in_use));
        }
        found.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        found
    }
}

impl Suspects {
    /// "GPU memory in use", with the LLM runtimes running beside it: "GPU memory in use (ollama, MLX running)".
    fn gpu_holder(&self) -> String {
        let mut runtimes: Vec<&str> = self.llms.found().into_iter().flatten().map(|llm| llm.runtime).collect();
        runtimes.sort_unstable();
        runtimes.dedup();
        if runtimes.is_empty() {
            "GPU memory in use".to_owned()
        } else {
            format!("GPU memory in use ({} running)", runtimes.join(", "))
        }
    }

    /// The largest holder of wired memory by known size, with the VMs of unknown size counted beside
    /// it — "Parallels `prl_vm_app` (pid 7) 4.0 GB (+1 VM of unknown size)" — or, when no size is
    /// known, the first VM of unknown size: "VMware `vmware-vmx` (pid 88), size unknown (owned by root)".
    pub(crate) fn largest_holder(&self, format: impl Fn(u64) -> String) -> Option<String> {
        let unknown = self.unknown_sizes();
        let Some((what, bytes)) = self.explanations().into_iter().next() else {
            return unknown.into_iter().next();
        };
        let holder = crate::tr!("holder-size", what = what, size = format(bytes));
        Some(match unknown.len() {
            0 => holder,
            count => crate::tr!("holder-unknown-vms", holder = holder, count = count),
        })
    }
}

/// One named thing that can hold wired memory, for noticing what appeared between two probes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub(crate) struct Named {
    /// "vm", "llm", "kernel extension", "system extension" or "gpu".
    pub kind: &'static str,
    pub name: String,
}

impl Suspects {
    /// Every named suspect: VMs, kernel extensions or modules, system extensions, and GPU memory
    /// in use as "GPU memory ≥ N GB" in whole gigabytes, so a large GPU allocation appears too.
    pub(crate) fn named(&self) -> Vec<Named> {
        let mut names = Vec::new();
        for vm in self.vms.found().into_iter().flatten() {
            names.push(Named { kind: "vm", name: format!("{} `{}`", vm.kind, vm.name) });
        }
        for llm in self.llms.found().into_iter().flatten() {
            names.push(Named { kind: "llm", name: format!("{} `{}`", llm.runtime, llm.name) });
        }
        for k in self.kernel_extensions.found().into_iter().flatten() {
            names.push(Named { kind: "kernel extension", name: k.name.clone() });
        }
        for id in self.system_extensions.found().into_iter().flatten() {
            names.push(Named { kind: "system extension", name: id.clone() });
        }
        if let Some(gpu) = self.gpu.found() {
            for gb in 1..=gpu.in_use >> 30 {
                names.push(Named { kind: "gpu", name: format!("GPU memory ≥ {gb} GB") });
            }
        }
        names
    }
}

/// What is named in `after` and was not in `before`. Probes that failed on either side add
/// nothing, so a tool that was briefly unavailable does not make everything "appear".
pub(crate) fn appeared(before: &Suspects, after: &Suspects) -> Vec<Named> {
    let known: std::collections::HashSet<Named> = before.named().into_iter().collect();
    let comparable = |kind: &str| match kind {
        "vm" => before.vms.found().is_some(),
        "llm" => before.llms.found().is_some(),
        "kernel extension" => before.kernel_extensions.found().is_some(),
        "system extension" => before.system_extensions.found().is_some(),
        _ => before.gpu.found().is_some(),
    };
    // Two processes of one name (ollama's server and its runner) appear once.
    let mut seen = std::collections::HashSet::new();
    let mut new: Vec<Named> = after
        .named()
        .into_iter()
        .filter(|n| comparable(n.kind) && !known.contains(n) && seen.insert(n.clone()))
        .collect();
    // GPU memory is named per whole GB; only the highest new step is worth saying.
    if let Some(top) = new.iter().rfind(|n| n.kind == "gpu").cloned() {
        new.retain(|n| n.kind != "gpu");
        new.push(top);
    }
    new
}

/// A name from the system as it goes into a sentence: one line, no controls or bidi overrides,
/// cut at a row's length (the data itself, e.g. in JSON, keeps every character).
pub fn shown(name: &str) -> String {
    crate::ui::text::one_line(name, crate::ui::text::LABEL_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Suspects {
        let mut s = Suspects::unknown(OffsetDateTime::UNIX_EPOCH, "t");
        s.vms = Probe::Found(Vec::new());
        s.llms = Probe::Found(Vec::new());
        s.kernel_extensions =
            Probe::Found(vec![KernelExtension { name: "zfs".into(), size: 1, why: "out-of-tree module".into() }]);
        s.gpu = Probe::Found(GpuMemory { in_use: 1 << 29, limit: None });
        s
    }

    #[test]
    fn names_what_appeared_between_two_probes() {
        let before = base();
        let mut after = base();
        after.kernel_extensions = Probe::Found(vec![
            KernelExtension { name: "zfs".into(), size: 1, why: "out-of-tree module".into() },
            KernelExtension { name: "com.example.filter".into(), size: 2, why: "third-party kext".into() },
        ]);
        after.gpu = Probe::Found(GpuMemory { in_use: 20 << 30, limit: None });
        let new = appeared(&before, &after);
        assert_eq!(new[0], Named { kind: "kernel extension", name: "com.example.filter".into() });
        assert_eq!(new[1], Named { kind: "gpu", name: "GPU memory ≥ 20 GB".into() }, "only the highest new GPU step");
        assert_eq!(new.len(), 2);
        assert!(appeared(&after, &after).is_empty());
    }

    #[test]
    fn a_vm_of_unknown_size_is_not_counted_as_zero_but_named() {
        let vm = |pid: u32, resident: Resident| VmProcess {
            pid,
            name: "vmware-vmx".into(),
            kind: "VMware",
            resident,
            started: None,
        };
        let mut s = base();
        s.vms = Probe::Found(vec![vm(1, Resident::Bytes(3 << 30)), vm(88, Resident::refused(Some(0)))]);
        assert_eq!(s.explained_bytes(), (3 << 30) + (1 << 29), "the known VM and the GPU, nothing for the unknown one");
        assert_eq!(s.unknown_sizes(), vec!["VMware `vmware-vmx` (pid 88), size unknown (owned by root)".to_owned()]);
        let explained: Vec<String> = s.explanations().into_iter().map(|(what, _)| what).collect();
        assert_eq!(explained, ["VMware `vmware-vmx` (pid 1)", "GPU memory in use"]);
        // Still a named suspect, so its appearance is noticed like any VM's.
        assert!(s.named().contains(&Named { kind: "vm", name: "VMware `vmware-vmx`".into() }));
        let json = serde_json::to_value(&s.vms).expect("json");
        assert_eq!(json["value"][0]["resident"], 3u64 << 30, "a known size stays a number, as before");
        assert_eq!(json["value"][1]["resident"], serde_json::Value::Null);
        assert_eq!(json["value"][1]["resident_unknown"], "owned by root");
        assert!(json["value"][0].get("resident_unknown").is_none());

        let show = |bytes: u64| format!("{} GiB", bytes >> 30);
        assert_eq!(
            s.largest_holder(show).as_deref(),
            Some("VMware `vmware-vmx` (pid 1) 3 GiB (+1 VM of unknown size)")
        );
        s.vms = Probe::Found(vec![vm(88, Resident::refused(Some(0)))]);
        s.gpu = Probe::Found(GpuMemory { in_use: 0, limit: None });
        assert_eq!(
            s.largest_holder(show).as_deref(),
            Some("VMware `vmware-vmx` (pid 88), size unknown (owned by root)"),
            "never \"0 bytes\""
        );
        s.vms = Probe::Found(Vec::new());
        assert_eq!(s.largest_holder(show), None);
    }

    #[test]
    fn an_llm_runtime_is_named_and_appears_but_is_not_added_to_gpu_memory() {
        let ollama = |pid: u32| LlmProcess {
            pid,
            name: "ollama".into(),
            runtime: "ollama",
            resident: Resident::Bytes(6 << 30),
            measure: "footprint",
        };
        let before = base();
        let mut after = base();
        after.llms = Probe::Found(vec![ollama(812), ollama(901)]);
        assert_eq!(appeared(&before, &after), vec![Named { kind: "llm", name: "ollama `ollama`".into() }]);
        assert_eq!(after.explained_bytes(), before.explained_bytes(), "the model is already in GPU memory");
        assert_eq!(after.explanations(), vec![("GPU memory in use (ollama running)".to_owned(), 1 << 29)]);
        assert_eq!(ollama(812).describe(), "ollama `ollama` (pid 812)");
        let json = serde_json::to_value(&after.llms).expect("json");
        assert_eq!(json["value"][0]["resident"], 6u64 << 30);
        assert_eq!(json["value"][0]["measure"], "footprint");
    }

    #[test]
    fn an_unknown_probe_before_makes_nothing_appear() {
        let mut before = base();
        before.kernel_extensions = Probe::Unknown("kmutil timed out".into());
        let after = base();
        assert!(appeared(&before, &after).is_empty());
    }
}
