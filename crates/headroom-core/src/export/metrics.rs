//! The `headroom_*` metric families built from a Snapshot, its verdicts and suspects: pure, encoded by prometheus-client.

use prometheus_client::encoding::text::encode_registry;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::registry::Registry;
use time::OffsetDateTime;

use crate::model::{PressureBasis, Snapshot};
use crate::suspects::Suspects;
use crate::verdict::{CreepVerdict, Verdicts, WiredLevel};

/// Most suspects `--suspect-labels` may name: each is one series, so a fleet's series count stays bounded.
pub(crate) const MAX_SUSPECT_LABELS: usize = 5;
/// Longest label value a suspect's name may have (longer ones are cut), for the same reason.
pub const MAX_LABEL_CHARS: usize = 64;

/// Everything one exposition is built from, taken at one time.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub snapshot: &'a Snapshot,
    /// This boot's verdicts; `None` until the first evaluation.
    pub verdicts: Option<&'a Verdicts>,
    /// The latest probe's result; `None` until the first probe.
    pub suspects: Option<&'a Suspects>,
    pub boot_time: Option<OffsetDateTime>,
    /// `headroom_build_info{version, os}`.
    pub version: &'a str,
    /// How many of the largest suspects to name as labels (0, the default: none; capped at [`MAX_SUSPECT_LABELS`]).
    pub suspect_labels: usize,
}

/// Which text format a scraper asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The Prometheus text exposition format 0.0.4 (what `curl` and node_exporter's textfile collector read).
    Prometheus,
    /// OpenMetrics 1.0.0 text, when the `Accept` header prefers it (Prometheus itself does).
    OpenMetrics,
}

impl Format {
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Prometheus => "text/plain; version=0.0.4; charset=utf-8",
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        }
    }

    /// OpenMetrics when `accept` rates `application/openmetrics-text` at least as high as anything
    /// else it names; the Prometheus text format otherwise (also when there is no header).
    pub(crate) fn from_accept(accept: Option<&str>) -> Format {
        let Some(accept) = accept else { return Format::Prometheus };
        let mut openmetrics = 0.0_f64;
        let mut other = 0.0_f64;
        for range in accept.split(',') {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next().unwrap_or_default().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.strip_prefix("q=").and_then(|v| v.parse::<f64>().ok()))
                .next_back()
                .unwrap_or(1.0);
            if media == "application/openmetrics-text" {
                openmetrics = openmetrics.max(q);
            } else if !media.is_empty() {
                other = other.max(q);
            }
        }
        if openmetrics > 0.0 && openmetrics >= other { Format::OpenMetrics } else { Format::Prometheus }
    }
}

type Labels = Vec<(String, String)>;

fn gauge(registry: &mut Registry, name: &str, help: &str, value: i64) {
    registry.register(name, help, ConstGauge::new(value));
}

fn gauge_f64(registry: &mut Registry, name: &str, help: &str, value: f64) {
    registry.register(name, help, ConstGauge::new(value));
}

/// A gauge family with one series per label set.
fn family(registry: &mut Registry, name: &str, help: &str, series: &[(Labels, i64)]) {
    let family = Family::<Labels, Gauge>::default();
    for (labels, value) in series {
        family.get_or_create(labels).set(*value);
    }
    registry.register(name, help, family);
}

/// A state set the Prometheus way: one series per state, 1 for the current one, 0 for the others.
fn state_set(registry: &mut Registry, name: &str, help: &str, label: &str, states: &[&str], current: &str) {
    let series: Vec<(Labels, i64)> =
        states.iter().map(|s| (vec![(label.to_owned(), (*s).to_owned())], i64::from(*s == current))).collect();
    family(registry, name, help, &series);
}

fn bytes(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Builds every family for `inputs`. Families whose figure is unknown are left out rather than shown as 0.
pub(crate) fn registry(inputs: &Inputs<'_>) -> Registry {
    let mut r = Registry::default();
    let s = inputs.snapshot;
    let m = &s.memory;
    let categories = [
        ("app", m.app),
        ("wired", m.wired),
        ("compressed", m.compressed),
        ("cached_files", m.cached_files),
        ("free", m.free),
    ];
    let series: Vec<(Labels, i64)> =
        categories.iter().map(|(c, v)| (vec![("category".to_owned(), (*c).to_owned())], bytes(*v))).collect();
    family(&mut r, "headroom_memory_bytes", "Memory by Activity Monitor's categories, in bytes", &series);
    gauge(&mut r, "headroom_memory_total_bytes", "Installed RAM, in bytes", bytes(m.total));
    if s.swap_known {
        gauge(&mut r, "headroom_swap_used_bytes", "Swap in use, in bytes", bytes(s.swap_used));
        gauge(&mut r, "headroom_swap_total_bytes", "Swap space, in bytes", bytes(s.swap_total));
    }
    if let Some(h) = s.headroom {
        let source = serde_json::to_value(h.source).ok().and_then(|v| v.as_str().map(str::to_owned));
        let labels = vec![("source".to_owned(), source.unwrap_or_default())];
        family(
            &mut r,
            "headroom_headroom_bytes",
            "What apps can still take before the system compresses or swaps, in bytes",
            &[(labels, bytes(h.bytes))],
        );
        gauge_f64(&mut r, "headroom_headroom_ratio", "The headroom figure as a share of RAM (0-1)", h.percent / 100.0);
    }
    state_set(
        &mut r,
        "headroom_memory_pressure",
        "Memory pressure as a state set: 1 for the current level",
        "level",
        &["normal", "warn", "critical"],
        s.pressure.name(),
    );
    pressure_basis(&mut r, &s.pressure_basis);
    if let Some(v) = inputs.verdicts {
        verdict_families(&mut r, v);
    }
    if let Some(suspects) = inputs.suspects {
        suspect_families(&mut r, suspects, inputs.suspect_labels);
        holder_families(
            &mut r,
            &suspects.holders.reconcile(s.memory.wired, s.wired_parts.as_ref()),
            inputs.suspect_labels,
        );
    }
    if let Some(boot) = inputs.boot_time {
        gauge(
            &mut r,
            "headroom_boot_time_seconds",
            "When this boot started, Unix time in seconds",
            boot.unix_timestamp(),
        );
    }
    let info = vec![("version".to_owned(), inputs.version.to_owned()), ("os".to_owned(), s.platform.name().to_owned())];
    family(&mut r, "headroom_build_info", "Headroom's version and the OS it reads, always 1", &[(info, 1)]);
    r
}

/// The raw signal the pressure level was decided from: macOS's kernel level, Linux's PSI.
fn pressure_basis(r: &mut Registry, basis: &PressureBasis) {
    match basis {
        PressureBasis::KernelLevel(level) => gauge(
            r,
            "headroom_memory_pressure_kernel_level",
            "macOS kern.memorystatus_vm_pressure_level: 1 normal, 2 warn, 4 critical",
            i64::from(*level),
        ),
        PressureBasis::Psi { some_avg10, full_avg10 } => {
            let family = Family::<Labels, Gauge<f64, std::sync::atomic::AtomicU64>>::default();
            family.get_or_create(&vec![("kind".to_owned(), "some".to_owned())]).set(some_avg10 / 100.0);
            family.get_or_create(&vec![("kind".to_owned(), "full".to_owned())]).set(full_avg10 / 100.0);
            r.register(
                "headroom_memory_pressure_stall_ratio",
                "Linux PSI /proc/pressure/memory avg10: share of the last 10 s stalled on memory (0-1)",
                family,
            );
        }
        _ => {}
    }
}

fn verdict_families(r: &mut Registry, v: &Verdicts) {
    let level = &v.wired_level;
    let labels = WiredLevel::ALL.map(WiredLevel::metric_label);
    state_set(
        r,
        "headroom_wired_level",
        "Wired memory verdict for this RAM size, after what VMs and GPU work explain: 1 for the current level",
        "level",
        &labels,
        level.level.metric_label(),
    );
    gauge(
        r,
        "headroom_wired_expected_min_bytes",
        "Lower end of typical wired memory for this RAM",
        bytes(level.expected_min),
    );
    gauge(
        r,
        "headroom_wired_expected_max_bytes",
        "Upper end of typical wired memory for this RAM",
        bytes(level.expected_max),
    );
    gauge(
        r,
        "headroom_wired_high_above_bytes",
        "Wired memory above this is high for this RAM",
        bytes(level.high_above),
    );
    match &v.creeping {
        CreepVerdict::NotEnoughHistory { .. } => {}
        CreepVerdict::Steady(c) | CreepVerdict::Creeping(c) => {
            gauge(
                r,
                "headroom_wired_creep_bytes_per_day",
                "Fitted rise of unexplained wired memory over this boot, bytes per day (negative: falling)",
                c.rate_per_day,
            );
            gauge(
                r,
                "headroom_wired_creeping",
                "1 when wired memory is creeping up (a likely driver or kernel-extension leak), else 0",
                i64::from(v.creeping.is_creeping()),
            );
        }
    }
    if let Some(jump) = &v.jump {
        gauge(
            r,
            "headroom_wired_last_jump_bytes",
            "Size of the last step up in wired memory (24 h)",
            bytes(jump.size()),
        );
        gauge(
            r,
            "headroom_wired_last_jump_timestamp_seconds",
            "When the last step up in wired memory happened, Unix time in seconds",
            jump.at.unix_timestamp(),
        );
    }
}

fn suspect_families(r: &mut Registry, suspects: &Suspects, labels: usize) {
    let vms: u64 = suspects.vms.found().map_or(0, |vms| vms.iter().filter_map(|vm| vm.resident.bytes()).sum());
    let gpu = suspects.gpu.found();
    let by = |what: &str, value: u64| (vec![("by".to_owned(), what.to_owned())], bytes(value));
    family(
        r,
        "headroom_wired_explained_bytes",
        "Wired memory that running VMs and GPU work account for, in bytes",
        &[by("vm", vms), by("gpu", gpu.map_or(0, |g| g.in_use))],
    );
    if let Some(gpu) = gpu {
        gauge(
            r,
            "headroom_gpu_memory_in_use_bytes",
            "GPU memory in use (Apple Silicon: wired), in bytes",
            bytes(gpu.in_use),
        );
        if let Some(limit) = gpu.limit {
            gauge(
                r,
                "headroom_gpu_memory_limit_bytes",
                "iogpu.wired_limit_mb, the GPU's wired cap, in bytes",
                bytes(limit),
            );
        }
    }
    if labels > 0 {
        let series: Vec<(Labels, i64)> = top_suspects(suspects, labels)
            .into_iter()
            .map(|(rank, name, size)| {
                (vec![("rank".to_owned(), rank.to_string()), ("name".to_owned(), name)], bytes(size))
            })
            .collect();
        family(
            r,
            "headroom_suspect_wired_bytes",
            "The largest holders of wired memory by known size, named (only with --suspect-labels)",
            &series,
        );
    }
}

/// How much of wired memory its holders name, always (no names in it); with `--suspect-labels`, the
/// largest holders by kind and name (`headroom_wired_owner_bytes{kind,name}`), summed where two
/// share a name (two processes called `postgres`) so no series repeats.
fn holder_families(r: &mut Registry, owners: &crate::owners::WiredOwners, labels: usize) {
    if owners.owners.is_empty() && !owners.unknown.is_empty() {
        return;
    }
    gauge(
        r,
        "headroom_wired_named_bytes",
        "Wired memory its holders name (explain's Who holds wired memory)",
        bytes(owners.explained),
    );
    gauge(
        r,
        "headroom_wired_unattributed_bytes",
        "Wired memory no holder names: the kernel's own",
        bytes(owners.unattributed),
    );
    if labels == 0 {
        return;
    }
    let mut summed: Vec<(&'static str, String, u64)> = Vec::new();
    for owner in &owners.owners {
        let name: String = owner.name.chars().take(MAX_LABEL_CHARS).collect();
        match summed.iter_mut().find(|(kind, n, _)| *kind == owner.kind.label() && *n == name) {
            Some(entry) => entry.2 = entry.2.saturating_add(owner.bytes),
            None => summed.push((owner.kind.label(), name, owner.bytes)),
        }
    }
    summed.sort_by_key(|entry| std::cmp::Reverse(entry.2));
    let series: Vec<(Labels, i64)> = summed
        .into_iter()
        .take(labels.min(MAX_SUSPECT_LABELS))
        .map(|(kind, name, size)| (vec![("kind".to_owned(), kind.to_owned()), ("name".to_owned(), name)], bytes(size)))
        .collect();
    family(
        r,
        "headroom_wired_owner_bytes",
        "The largest holders of wired memory, by kind and name (only with --suspect-labels)",
        &series,
    );
}

/// The `count` largest holders of wired memory by known size (VMs, GPU work, kernel extensions or
/// modules), at most [`MAX_SUSPECT_LABELS`], names cut to [`MAX_LABEL_CHARS`]: (rank from 1, name, bytes).
pub fn top_suspects(suspects: &Suspects, count: usize) -> Vec<(usize, String, u64)> {
    let mut all: Vec<(String, u64)> = suspects.explanations();
    all.extend(suspects.kernel_extensions.found().into_iter().flatten().map(|k| (k.name.clone(), k.size)));
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter()
        .take(count.min(MAX_SUSPECT_LABELS))
        .enumerate()
        .map(|(i, (name, size))| (i + 1, name.chars().take(MAX_LABEL_CHARS).collect(), size))
        .collect()
}

/// The exposition in `format`: every family with one `# HELP` and `# TYPE` each.
pub fn render(inputs: &Inputs<'_>, format: Format) -> String {
    let mut out = String::with_capacity(4096);
    // Writing into a String cannot fail, and every family here is a gauge, which both formats share.
    if encode_registry(&mut out, &registry(inputs)).is_err() {
        tracing::error!("prometheus-client failed to encode into a String");
    }
    if format == Format::OpenMetrics {
        out.push_str("# EOF\n");
    }
    out
}
