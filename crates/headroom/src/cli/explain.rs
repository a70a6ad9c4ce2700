//! `headroom explain`: the verdicts, who holds wired memory, and what the user can actually do.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context;
use headroom_core::model::Snapshot;
use headroom_core::suspects::gpu::{GpuSource, budget_line};
use headroom_core::suspects::{Probe, Suspects};
use headroom_core::sys::{SystemReader, gather_suspects};
use headroom_core::units::{format_adaptive, format_gb};
use headroom_core::verdict::{self, CreepVerdict, Previous, Verdicts, advice::advice};
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Serialize)]
struct Explanation<'a> {
    platform: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    /// `headroom`, `headroom_percent`, `headroom_source`, as in `status --json`.
    #[serde(flatten)]
    headroom: Option<headroom_core::model::Headroom>,
    verdicts: &'a Verdicts,
    suspects: &'a Suspects,
    #[serde(skip_serializing_if = "Option::is_none")]
    wired_parts: Option<&'a headroom_core::model::WiredParts>,
    /// Who holds wired memory, in bytes, reconciled against it.
    wired_owners: &'a headroom_core::owners::WiredOwners,
    /// The holder that grew most over the creep window, from the history (null without one).
    holder_grew: Option<super::explain_history::Grew>,
    /// Apps that kept growing over `apps.leak_window` (from the history's apps).
    app_leaks: Vec<verdict::AppLeak>,
    /// Apps that grew by 64 MiB or more in the last ten minutes: what to look at when pressure rose.
    grew_lately: Vec<headroom_core::history::AppGrowth>,
    /// Swap written, the last minute's paging and the thrashing rule.
    #[serde(flatten)]
    paging: super::explain_paging::PagingNow,
    #[serde(skip)]
    offset: time::UtcOffset,
    history_points: usize,
    /// The trend at the end of the previous recorded boot, to tell whether a leak comes back after a restart.
    previous_boot: Option<&'a CreepVerdict>,
    advice: Vec<String>,
    /// The largest users of App Memory (no kernel row: wired is not App Memory).
    #[serde(skip_serializing_if = "Option::is_none")]
    top_memory: Option<super::top::TopReport>,
}

pub fn run(json: bool, offset: time::UtcOffset) -> anyhow::Result<ExitCode> {
    let settings = super::common::settings();
    let mut reader = SystemReader::new().context("cannot open the memory counters")?;
    let snapshot = reader.read().context("cannot read the memory counters")?;
    let now = snapshot.at;
    let suspects = gather_suspects(now);
    let owners = suspects.holders.reconcile(snapshot.memory.wired, snapshot.wired_parts.as_ref());
    let store = super::explain_history::open();
    let (mut points, previous_boot) = super::explain_history::boot_history(store.as_ref(), &snapshot, &settings);
    if let Some(last) = points.last_mut() {
        last.explained = suspects.explained_bytes();
    }
    let mut verdicts = verdict::evaluate(&snapshot, &suspects, &points, Previous::default(), &settings, now);
    if let Some(jump) = verdicts.jump.as_mut() {
        let window = time::Duration::try_from(settings.growth.jump_window.duration()).unwrap_or(time::Duration::ZERO);
        jump.appeared.extend(super::explain_history::appeared_around(store.as_ref(), jump.at, window));
    }
    let apps = super::explain_history::recent_apps(store.as_ref(), now, &settings);
    let explanation = Explanation {
        platform: snapshot.platform.name(),
        at: now,
        headroom: snapshot.headroom,
        verdicts: &verdicts,
        suspects: &suspects,
        wired_parts: snapshot.wired_parts.as_ref(),
        wired_owners: &owners,
        holder_grew: super::explain_history::holder_grew(
            store.as_ref(),
            now,
            time::Duration::try_from(settings.growth.creep_window.duration()).unwrap_or(time::Duration::DAY),
        ),
        offset,
        app_leaks: verdict::app_leaks(&apps, &settings.apps, now),
        grew_lately: super::explain_history::grew_lately(&apps, now),
        paging: super::explain_paging::read(store.as_ref(), &snapshot),
        history_points: points.len(),
        previous_boot: previous_boot.as_ref(),
        advice: {
            let mut lines = advice(&verdicts, &suspects, snapshot.wired_parts.as_ref());
            if let (true, Some(CreepVerdict::Creeping(before))) = (verdicts.creeping.is_creeping(), &previous_boot) {
                lines.insert(
                    0,
                    format!(
                        "It climbed in the previous boot too ({}/day): a restart only resets it. Look for the driver, \
                         kernel extension or security tool that both boots ran.",
                        signed(before.rate_per_day)
                    ),
                );
            }
            lines
        },
        top_memory: headroom_core::sys::top::scan(headroom_core::top::Grouping::ByApp, now)
            .inspect_err(|error| tracing::warn!(%error, "no top memory users"))
            .ok()
            .map(|list| super::top::TopReport::new(&list, 5, None)),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&explanation)?);
    } else {
        // Names from the system (processes, extensions) reach the terminal: no escape sequences, no overrides.
        print!("{}", headroom_core::ui::text::multi_line(&text(&explanation, &snapshot), usize::MAX));
    }
    Ok(ExitCode::SUCCESS)
}

fn text(e: &Explanation<'_>, snapshot: &Snapshot) -> String {
    let v = e.verdicts;
    let level = &v.wired_level;
    let mut out = String::new();
    if let Some(h) = &e.headroom {
        let _ = writeln!(
            out,
            "Headroom       {} — {:.0} % of RAM apps can still take before compressing or swapping ({})",
            format_gb(h.bytes),
            h.percent,
            h.source.describe()
        );
    }
    let name = level.level.word();
    let _ = writeln!(
        out,
        "Wired memory   {} — {name} for {} of RAM (typical {}–{}; high above {})",
        format_gb(level.wired),
        format_gb(level.total),
        format_gb(level.expected_min),
        format_gb(level.expected_max),
        format_gb(level.high_above)
    );
    if let Some(unexplained) = level.unexplained_level {
        let by: Vec<String> =
            level.explained_by.iter().map(|(what, bytes)| format!("{what} {}", format_gb(*bytes))).collect();
        let _ = writeln!(out, "               explained by {} (would be {unexplained:?} without)", by.join(", "));
    }
    if !level.unknown_size.is_empty() {
        let _ = writeln!(
            out,
            "               not counted: {} running, size unknown: {}",
            plural(level.unknown_size.len(), "VM"),
            level.unknown_size.join("; ")
        );
    }
    let _ = writeln!(
        out,
        "Pressure       {} ({}); effective RAM {} (total − wired); app + wired {:.0} % of RAM",
        v.pressure.level.name(),
        v.pressure.basis,
        format_gb(v.pressure.effective_ram),
        v.pressure.app_and_wired_percent
    );
    let trend = match &v.creeping {
        // Only the live sample: nothing recorded, not "1 of 24 hours".
        CreepVerdict::NotEnoughHistory { needed, .. } if e.history_points <= 1 => format!(
            "no history recorded yet (the menu-bar app or `headroom record` keeps it; a trend needs {needed} hours)"
        ),
        CreepVerdict::NotEnoughHistory { hours, needed } => {
            format!("not enough history yet ({hours} of {needed} hours recorded this boot; `headroom record` keeps it)")
        }
        CreepVerdict::Steady(c) => format!("steady: {}/day over the last {} hours", signed(c.rate_per_day), c.hours),
        CreepVerdict::Creeping(c) => format!(
            "CREEPING: {} → {} ({}/day over {} hours)",
            format_gb(c.from),
            format_gb(c.to),
            signed(c.rate_per_day),
            c.hours
        ),
    };
    let _ = writeln!(out, "Trend          {trend}");
    for line in super::explain_paging::lines(&e.paging, snapshot.swap_total) {
        let _ = writeln!(out, "{line}");
    }
    if !e.grew_lately.is_empty() {
        let grew: Vec<String> = e
            .grew_lately
            .iter()
            .map(|g| format!("{} +{}", headroom_core::suspects::shown(&g.name), format_gb(g.growth.unsigned_abs())))
            .collect();
        let _ = writeln!(out, "Grew lately    {} (last 10 minutes)", grew.join(", "));
    }
    for leak in &e.app_leaks {
        let _ = writeln!(
            out,
            "Leaking        {} +{} since {} (+{}/h): quitting it gives back about {}",
            headroom_core::suspects::shown(&leak.name),
            format_gb(leak.growth),
            headroom_core::ui::when::moment(leak.since, e.at, e.offset),
            format_gb(u64::try_from(leak.rate_per_hour).unwrap_or(0)),
            format_gb(leak.to)
        );
    }
    if let Some(grew) = &e.holder_grew {
        let _ = writeln!(
            out,
            "Grew most      {} {}: {} → {} since {}",
            grew.kind,
            headroom_core::suspects::shown(&grew.name),
            format_gb(grew.from),
            format_gb(grew.to),
            headroom_core::ui::when::moment(grew.since, e.at, e.offset)
        );
    }
    if let Some(before) = e.previous_boot {
        let last = match before {
            CreepVerdict::NotEnoughHistory { hours, .. } => format!("too short to judge ({hours} hours recorded)"),
            CreepVerdict::Steady(c) => format!("steady at its end ({}/day)", signed(c.rate_per_day)),
            CreepVerdict::Creeping(c) => format!(
                "was creeping at its end: {} → {} ({}/day); the restart reset it",
                format_gb(c.from),
                format_gb(c.to),
                signed(c.rate_per_day)
            ),
        };
        let _ = writeln!(out, "Last boot      {last}");
    }
    let jump = match &v.jump {
        None => "none in the last 24 hours".to_owned(),
        Some(j) => {
            format!(
                "+{} at {} ({} → {}){}",
                format_gb(j.size()),
                j.at,
                format_gb(j.before),
                format_gb(j.after),
                if j.is_explained() { ", explained by a VM or GPU work" } else { "" }
            ) + &if j.appeared.is_empty() { String::new() } else { format!("; around it: {}", j.appeared.join(", ")) }
        }
    };
    let _ = writeln!(out, "Jump           {jump}");
    if let Some(top) = &e.top_memory {
        let _ = writeln!(out, "\nApp Memory     {}, the largest users:", format_gb(snapshot.memory.app));
        for line in top.text().lines().skip(1) {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out, "\n{}", headroom_core::ui::owners::heading(e.wired_owners));
    for line in headroom_core::ui::owners::lines(e.wired_owners, OWNER_WIDTH) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\nSuspects and kernel parts");
    let _ = writeln!(
        out,
        "  Virtual machines     {}",
        probe_list(&e.suspects.vms, |vm| format!("{} {}", vm.describe(), vm.resident.show(format_adaptive)))
    );
    for line in gpu_lines(e.suspects, snapshot.platform, snapshot.memory.total) {
        let _ = writeln!(out, "  {line}");
    }
    let label =
        if snapshot.platform == headroom_core::Platform::Linux { "Kernel modules" } else { "Kernel extensions" };
    let _ = writeln!(
        out,
        "  {label:<20} {}",
        probe_list(&e.suspects.kernel_extensions, |k| {
            format!("{} ({}, {})", headroom_core::suspects::shown(&k.name), k.why, format_adaptive(k.size))
        })
    );
    if !matches!(e.suspects.system_extensions, Probe::NotApplicable) {
        let _ = writeln!(out, "  System extensions    {}", probe_list(&e.suspects.system_extensions, String::clone));
    }
    if !matches!(e.suspects.slabs, Probe::NotApplicable) {
        let _ = writeln!(
            out,
            "  Largest slab caches  {}",
            probe_list(&e.suspects.slabs, |s| {
                format!("{} {}", headroom_core::suspects::shown(&s.name), format_adaptive(s.bytes))
            })
        );
    }
    if let Some(parts) = e.wired_parts {
        // Every part the JSON has, largest first, so the one that matters leads.
        let named: Vec<String> =
            parts.named().into_iter().map(|(name, bytes)| format!("{name} {}", format_adaptive(bytes))).collect();
        let _ = writeln!(out, "  Kernel parts         {}", named.join(", "));
    }
    if !e.suspects.costs.is_empty() {
        let costs: Vec<String> = e.suspects.costs.iter().map(|c| format!("{} {}", c.source, took(c.took))).collect();
        let _ = writeln!(out, "  Time to look         {}", costs.join(", "));
    }
    let _ = writeln!(out, "\nWhat you can do");
    for line in &e.advice {
        let _ = writeln!(out, "  - {line}");
    }
    out
}

/// The owner column of "Who holds wired memory": a process or cgroup name with its kind.
const OWNER_WIDTH: usize = 48;

/// The GPU budget and the LLM runtimes behind it, as `explain` lists them:
/// "GPU memory           335 MB of 10.7 GB default limit", "LLM runtimes         ollama `ollama` (pid 812) 6.0 GB".
fn gpu_lines(suspects: &Suspects, platform: headroom_core::Platform, ram: u64) -> Vec<String> {
    let mut lines = Vec::new();
    match &suspects.gpu {
        Probe::Found(gpu) => {
            let line = budget_line(gpu, GpuSource::of(platform), ram, format_gb);
            let (label, figure) = line.split_at(line.find(|c: char| c.is_ascii_digit()).unwrap_or(line.len()));
            lines.push(format!("{:<20} {figure}", label.trim_end()));
        }
        Probe::Unknown(why) => lines.push(format!("{:<20} unknown: {why}", "GPU memory")),
        Probe::NotApplicable => {}
    }
    if !matches!(suspects.llms, Probe::Found(ref llms) if llms.is_empty()) {
        let list = probe_list(&suspects.llms, |llm| {
            format!("{} {} {}", llm.describe(), llm.resident.show(format_adaptive), llm.measure)
        });
        lines.push(format!("{:<20} {list}", "LLM runtimes"));
    }
    lines
}

fn probe_list<T>(probe: &Probe<Vec<T>>, show: impl Fn(&T) -> String) -> String {
    match probe {
        Probe::Found(items) if items.is_empty() => "none".to_owned(),
        Probe::Found(items) => items.iter().map(show).collect::<Vec<_>>().join("; "),
        Probe::Unknown(why) => format!("unknown: {why}"),
        Probe::NotApplicable => "n/a".to_owned(),
    }
}

fn took(duration: std::time::Duration) -> String {
    let ms = duration.as_secs_f64() * 1e3;
    if ms >= 1000.0 { format!("{:.2} s", ms / 1e3) } else { format!("{ms:.1} ms") }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

fn signed(bytes_per_day: i64) -> String {
    let sign = if bytes_per_day < 0 { "−" } else { "+" };
    format!("{sign}{}", format_adaptive(bytes_per_day.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use headroom_core::suspects::{GpuMemory, LlmProcess, Resident};

    #[test]
    fn the_gpu_budget_and_the_runtimes_from_a_real_m4() {
        let ioreg = include_str!("../../../headroom-core/tests/fixtures/macos/ioreg-accelerator-m4.txt");
        let in_use = headroom_core::suspects::macos_parse::gpu_in_use(ioreg).expect("recorded value");
        let mut suspects = Suspects::unknown(OffsetDateTime::UNIX_EPOCH, "t");
        suspects.gpu = Probe::Found(GpuMemory { in_use, limit: None });
        suspects.llms = Probe::Found(Vec::new());
        let ram = 16 << 30;
        assert_eq!(
            gpu_lines(&suspects, headroom_core::Platform::Macos, ram),
            ["GPU memory           335 MB of 10.7 GB default limit"]
        );
        suspects.gpu = Probe::Found(GpuMemory { in_use, limit: Some(12_288 << 20) });
        suspects.llms = Probe::Found(vec![LlmProcess {
            pid: 812,
            name: "ollama".into(),
            runtime: "ollama",
            resident: Resident::Bytes(6 << 30),
            measure: "footprint",
        }]);
        assert_eq!(
            gpu_lines(&suspects, headroom_core::Platform::Macos, ram),
            [
                "GPU memory           335 MB of 12.0 GB limit",
                "LLM runtimes         ollama `ollama` (pid 812) 6.0 GB footprint"
            ]
        );
        suspects.gpu = Probe::NotApplicable;
        suspects.llms = Probe::Unknown("denied".into());
        assert_eq!(gpu_lines(&suspects, headroom_core::Platform::Linux, ram), ["LLM runtimes         unknown: denied"]);
        suspects.gpu = Probe::Found(GpuMemory { in_use: 1 << 30, limit: Some(4_294_967_296) });
        suspects.llms = Probe::Found(Vec::new());
        assert_eq!(
            gpu_lines(&suspects, headroom_core::Platform::Linux, ram),
            ["GPU memory (GTT)     1.0 GB of 4.0 GB"]
        );
    }
}
