//! The checks both systems share, gathered live: counters, pressure, boot id, the sampling cadence,
//! the suspects' sources, purge permission, the history database and the config file.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::cadence::CadenceFinding;
use super::checks::{self, HistoryFinding};
use super::{Check, Options};
use crate::model::Snapshot;
use crate::sampling::CancelToken;
use crate::sampling::sampler::{self, SampleEvent};
use crate::sys::SystemReader;
use crate::units::format_adaptive;

pub fn common(options: Options) -> Vec<Check> {
    let mut out = Vec::new();
    let settings = crate::config::load_or_defaults();
    let reader = SystemReader::new();
    let first = match reader {
        Ok(mut reader) => {
            let source = reader.describe();
            let first = reader.read().map_err(|e| e.to_string());
            out.push(checks::counters(first.as_ref().map_err(Clone::clone), &source));
            if let Ok(snapshot) = &first {
                out.push(checks::pressure(&snapshot.pressure_basis));
                out.push(checks::boot_id(&snapshot.boot_id, BOOT_ID_SOURCE));
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
    out.extend(suspect_sources());
    out.push(purge_permission(&settings));
    out.push(checks::notifications(crate::notify::deliver::status()));
    out.push(checks::login(&crate::setup::login::check().1));
    let (found, recent_raw_ms) = history();
    out.push(checks::history(&found));
    let now_ms = crate::history::unix_ms(time::OffsetDateTime::now_utc());
    out.extend(checks::recorded_cadence(&recent_raw_ms, now_ms, settings.sample_interval.duration()));
    let path = crate::config::config_path();
    let loaded = match &path {
        Some(path) => crate::config::load_file(path),
        None => crate::config::load_str("", std::path::Path::new("config.toml")),
    };
    out.push(checks::config(path.as_deref(), &loaded));
    out
}

#[cfg(target_os = "macos")]
const BOOT_ID_SOURCE: &str = "kern.bootsessionuuid";
#[cfg(not(target_os = "macos"))]
const BOOT_ID_SOURCE: &str = "/proc/sys/kernel/random/boot_id";

/// Runs the real sampler for `span` and times the samples as they arrive.
fn watch_cadence(reader: SystemReader, interval: Duration, span: Duration) -> CadenceFinding {
    let token = CancelToken::new();
    let (sender, samples) = mpsc::channel();
    let mut found = CadenceFinding { target: interval, gaps: Vec::new(), repeated: 0 };
    let Ok(handle) = sampler::spawn(reader, interval, sender, token.clone()) else { return found };
    let deadline = Instant::now() + span;
    let mut last: Option<(Instant, Snapshot)> = None;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = samples.recv_timeout(left) else { break };
        let arrived = Instant::now();
        if let SampleEvent::Snapshot(snapshot) = event {
            if let Some((at, previous)) = &last {
                found.gaps.push(arrived - *at);
                if previous.raw == snapshot.raw {
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
    let started = Instant::now();
    let suspects = crate::sys::gather_suspects(time::OffsetDateTime::now_utc());
    let took = started.elapsed();
    [
        checks::suspect_source("virtual machines", &summary(&suspects.vms, |v| count(v.len())), took),
        checks::suspect_source(
            "GPU memory",
            &summary(&suspects.gpu, |g| match g.limit {
                Some(limit) => format!("{} in use of {}", format_adaptive(g.in_use), format_adaptive(limit)),
                None => format!("{} in use", format_adaptive(g.in_use)),
            }),
            took,
        ),
        checks::suspect_source("kernel extensions", &summary(&suspects.kernel_extensions, |k| count(k.len())), took),
        checks::suspect_source("system extensions", &summary(&suspects.system_extensions, |s| count(s.len())), took),
        checks::suspect_source("slab caches", &summary(&suspects.slabs, |s| count(s.len())), took),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Asks sudo, without a password, whether the purge command the sudoers rule covers is allowed.
fn purge_permission(settings: &crate::config::Config) -> Check {
    use crate::purge::{self, Attempt};
    let platform = if cfg!(target_os = "macos") { crate::Platform::Macos } else { crate::Platform::Linux };
    let is_root = crate::purge::run::is_root();
    let rule =
        purge::attempts(platform, false, false, settings.purge.linux_drop_caches).into_iter().find_map(|a| match a {
            Attempt::SudoNoPassword { program, args } => Some((program, args)),
            _ => None,
        });
    let Some((program, args)) = rule else {
        return checks::purge_permission(is_root, Err("no sudo rule applies here".into()), "purge");
    };
    let command = std::iter::once(program.to_owned()).chain(args.iter().cloned()).collect::<Vec<_>>().join(" ");
    let mut sudo_args = vec!["-n", "-l", program];
    sudo_args.extend(args.iter().map(String::as_str));
    let listed = crate::sys::command::run(purge::SUDO, &sudo_args, Duration::from_secs(10)).map(|_| ());
    checks::purge_permission(is_root, listed, &command)
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
