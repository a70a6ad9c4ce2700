//! The checks both systems share, gathered live: counters, pressure, boot id, the sampling cadence,
//! the suspects' sources, purge permission, the history database and the config file.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::cadence::CadenceFinding;
use super::checks::{self, HistoryFinding};
use super::{Check, Found, Options};
use crate::model::Snapshot;
use crate::sampling::CancelToken;
use crate::sampling::sampler::{self, SampleEvent};
use crate::sys::SystemReader;
use crate::units::format_adaptive;

pub(crate) fn common(options: Options, out: &mut Found<'_>) {
    // Problems in config.toml are this check list's `config` line (and the command line says them on stderr).
    let settings = crate::config::load_or_defaults(|_| {});
    let reader = SystemReader::new();
    let first = match reader {
        Ok(mut reader) => {
            let first = reader.read().map_err(|e| e.to_string());
            // After the read: the macOS reader then knows how many counter words the kernel filled.
            let source = reader.describe();
            out.push(checks::counters(first.as_ref().map_err(Clone::clone), &source));
            if let Ok(snapshot) = &first {
                out.push(checks::pressure(&snapshot.pressure_basis));
                out.push(match crate::sys::boot_id() {
                    Ok(found) => checks::boot_id(&found.id, found.source),
                    Err(error) => checks::boot_id("", &error.to_string()),
                });
            }
            first.ok().map(|_| reader)
        }
        Err(error) => {
            out.push(checks::counters(Err(error.to_string()), "this system"));
            None
        }
    };
    if let Some(reader) = first {
        out.push(checks::cadence(
            "cadence",
            &watch_cadence(reader, settings.sample_interval.duration(), options.cadence_for),
        ));
    }
    for check in suspect_sources() {
        out.push(check);
    }
    out.push(purge_permission(&settings));
    out.push(checks::notifications(crate::notify::deliver::status(), crate::notify::deliver::SERVICE));
    out.push(checks::login(&crate::setup::login::check().1));
    let (found, recent_raw_ms) = history();
    out.push(checks::history(&found));
    let now_ms = crate::history::unix_ms(time::OffsetDateTime::now_utc());
    if let Some(check) = checks::recorded_cadence(&recent_raw_ms, now_ms, settings.sample_interval.duration()) {
        out.push(check);
    }
    let path = crate::config::config_path();
    let loaded = match &path {
        Some(path) => crate::config::load_file(path),
        None => crate::config::load_str("", std::path::Path::new("config.toml")),
    };
    out.push(checks::config(path.as_deref(), &loaded));
}

/// Runs the real sampler for `span` and times the samples as they arrive.
fn watch_cadence(reader: SystemReader, interval: Duration, span: Duration) -> CadenceFinding {
    let token = CancelToken::new();
    let (sender, samples) = mpsc::channel();
    let mut found = CadenceFinding { target: interval, gaps: Vec::new(), repeated: 0 };
    let Ok(handle) = sampler::spawn(reader, interval, sender, token.clone()) else { return found };
    // Half an interval more, so a span that is a whole number of intervals still sees its last tick.
    let deadline = Instant::now() + span.max(interval * 2) + interval / 2;
    let mut last: Option<(Instant, Snapshot)> = None;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = samples.recv_timeout(left) else { break };
        let arrived = Instant::now();
        if let SampleEvent::Snapshot(snapshot) = event {
            if let Some((at, previous)) = &last {
                found.gaps.push(arrived - *at);
                if crate::purge::settle::is_cached_copy(previous, &snapshot) {
                    found.repeated += 1;
                }
            }
            last = Some((arrived, *snapshot));
        }
    }
    token.cancel();
    let _ = handle.join();
    found
}

/// Each source of suspects, with how long gathering all of them took.
fn suspect_sources() -> Vec<Check> {
    use crate::suspects::Probe;
    fn summary<T>(probe: &Probe<T>, describe: impl Fn(&T) -> String) -> Probe<String> {
        match probe {
            Probe::Found(found) => Probe::Found(describe(found)),
            Probe::Unknown(why) => Probe::Unknown(why.clone()),
            Probe::NotApplicable => Probe::NotApplicable,
        }
    }
    let count = |n: usize| format!("{n} found");
    let suspects = crate::sys::gather_suspects(time::OffsetDateTime::now_utc());
    [
        checks::suspect_source("virtual machines", &summary(&suspects.vms, |v| count(v.len()))),
        checks::suspect_source(
            "GPU memory",
            &summary(&suspects.gpu, |g| match g.limit {
                Some(limit) => format!("{} in use of {}", format_adaptive(g.in_use), format_adaptive(limit)),
                None => format!("{} in use", format_adaptive(g.in_use)),
            }),
        ),
        checks::suspect_source("kernel extensions", &summary(&suspects.kernel_extensions, |k| count(k.len()))),
        checks::suspect_source("system extensions", &summary(&suspects.system_extensions, |s| count(s.len()))),
        checks::suspect_source("slab caches", &summary(&suspects.slabs, |s| count(s.len()))),
    ]
    .into_iter()
    .flatten()
    .chain(std::iter::once(checks::suspects_cost(&suspects.costs)))
    .chain(SystemReader::new().and_then(|mut reader| reader.read()).ok().map(|snapshot| {
        checks::wired_holders(&suspects.holders.reconcile(snapshot.memory.wired, snapshot.wired_parts.as_ref()))
    }))
    .collect()
}

/// Whether purge runs without a password: sudoers includes the drop-in directory, and sudo says yes.
fn purge_permission(settings: &crate::config::Config) -> Check {
    use crate::purge::{permission, sudoers};
    let platform = crate::config::this_platform();
    let drop_caches = settings.purge.linux_drop_caches;
    let dir = std::path::Path::new(sudoers::drop_in_dir(platform));
    let found = permission::check(platform, dir, None, drop_caches);
    let problems = found.problems(platform, dir, None, drop_caches);
    checks::purge_permission(crate::purge::run::is_root(), &found, &problems)
}

/// The history database's state, and its latest boot's recent raw sample times.
fn history() -> (HistoryFinding, Vec<i64>) {
    let Some(path) = crate::history::data_dir().map(|dir| dir.join(crate::history::DB_FILE)) else {
        return (HistoryFinding::Unreadable("no data directory (no home directory?)".into()), Vec::new());
    };
    if !path.exists() {
        return (HistoryFinding::Missing, Vec::new());
    }
    match crate::history::inspect(&path) {
        Ok(found) => (
            HistoryFinding::Found { integrity: found.integrity, samples: found.rows, bytes: found.bytes },
            found.recent_raw_ms,
        ),
        Err(error) => (HistoryFinding::Unreadable(format!("{}: {error}", path.display())), Vec::new()),
    }
}
