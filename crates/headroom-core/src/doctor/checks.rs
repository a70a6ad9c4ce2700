//! Each check's verdict as a pure function of what was found: status, figure and fix.

use std::time::Duration;

use super::Check;
use super::cadence::CadenceFinding;
use crate::config::Loaded;
use crate::model::{PressureBasis, Snapshot};
use crate::notify::deliver::Service;
use crate::purge::permission::{IncludeStatus, PermissionCheck, SudoStatus};
use crate::sampling::cadence::{Cadence, ON_TIME_PERCENT};
use crate::suspects::Probe;
use crate::units::format_adaptive;

/// The live counters: read, and adding up to the RAM.
pub(crate) fn counters(read: Result<&Snapshot, String>, source: &str) -> Check {
    match read {
        Ok(s) => {
            let m = &s.memory;
            let parts = m.app.saturating_add(m.wired).saturating_add(m.compressed).saturating_add(m.cached_files);
            let figure = format!("{} of RAM read from {source}", format_adaptive(m.total));
            if m.total == 0 || parts.saturating_add(m.free) > m.total.saturating_add(m.total / 100) {
                Check::fail(
                    "counters",
                    format!("{figure}, but the categories add up to {}", format_adaptive(parts + m.free)),
                    "report this with `headroom status --json` and `vm_stat` (macOS) or /proc/meminfo (Linux)",
                )
            } else {
                Check::ok("counters", figure)
            }
        }
        Err(why) => Check::fail("counters", why, "Headroom cannot work without them; report this with your OS version"),
    }
}

/// Where pressure comes from: the kernel's level or PSI is ok; a fallback rule is a warning.
pub(crate) fn pressure(basis: &PressureBasis) -> Check {
    match basis {
        PressureBasis::KernelLevel(_) | PressureBasis::Psi { .. } => Check::ok("pressure", basis.describe()),
        PressureBasis::MemAvailable { .. } => Check::warn(
            "pressure",
            format!("no PSI: {}", basis.describe()),
            "a kernel with PSI (Linux 4.20+, CONFIG_PSI=y, not psi=0) gives the kernel's own pressure",
        ),
        PressureBasis::PageCounts { .. } | PressureBasis::Unknown(_) => {
            Check::fail("pressure", basis.describe(), "the kernel's pressure level could not be read")
        }
    }
}

/// The boot id that history, creeping and jumps are measured within.
pub(crate) fn boot_id(id: &str, source: &str) -> Check {
    if id.trim().is_empty() {
        Check::fail("boot id", format!("{source} is empty"), "growth cannot be told apart across restarts; report this")
    } else {
        Check::ok("boot id", format!("{id} ({source})"))
    }
}

/// The sampler's cadence: the median gap within 10 % of the interval for nine gaps in ten, and
/// (macOS) whether reads came back as the same cached counters. `name` says whose samples.
pub(crate) fn cadence(name: &str, found: &CadenceFinding) -> Check {
    let target = found.target;
    let Some(measured) = Cadence::from_intervals(&found.gaps, target) else {
        return Check::fail(
            name,
            format!("fewer than two samples at {}", seconds(target)),
            "the sampler did not run; try `headroom watch -v`",
        );
    };
    let figure = format!(
        "median gap {} for {} asked, longest {}, {:.0} % of {} gaps within {ON_TIME_PERCENT} %; {} repeated reads",
        seconds(measured.median),
        seconds(target),
        seconds(measured.longest),
        measured.on_time * 100.0,
        measured.intervals,
        found.repeated
    );
    if !measured.is_steady() {
        let why = match crate::sys::PLATFORM {
            crate::model::Platform::Macos => {
                "samples are late: App Nap or a busy machine; see the README's macOS notes"
            }
            crate::model::Platform::Linux => {
                "samples are late: a busy or suspended machine (see `uptime`; in a VM, the host's load)"
            }
        };
        Check::fail(name, figure, why)
    } else if found.repeated > 0 && found.repeated == found.gaps.len() {
        Check::warn(
            name,
            figure,
            "every read returned the same counters: cached copies (macOS rate limit) or a machine at rest",
        )
    } else {
        Check::ok(name, figure)
    }
}

/// What the history database looks like from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HistoryFinding {
    Missing,
    Unreadable(String),
    Found { integrity: String, samples: u64, bytes: u64 },
}

/// The recorded samples' cadence (the app's or `headroom record`'s), when they are recent: this is
/// where App Nap would show, since it slows the app and not the doctor.
/// `target` is `sample_interval`; a recorder asked for a shorter one (`headroom record --interval
/// 1s`) is judged against its own: samples more frequent than the setting are not late.
pub(crate) fn recorded_cadence(raw_ms: &[i64], now_ms: i64, target: Duration) -> Option<Check> {
    let last = *raw_ms.last()?;
    // Older than the longest flush interval and a margin: nobody is recording now.
    if now_ms.saturating_sub(last) > 10 * 60 * 1000 {
        return None;
    }
    let gaps: Vec<Duration> = raw_ms
        .windows(2)
        .map(|w| Duration::from_millis(u64::try_from(w[1].saturating_sub(w[0])).unwrap_or(0)))
        .collect();
    if gaps.len() < 2 {
        // The recorder writes a batch a minute: just after it starts there is nothing to judge yet.
        return Some(Check::warn(
            "recorded cadence",
            format!("not enough yet: {} recorded in the last 10 minutes", plural(raw_ms.len(), "sample")),
            "run `headroom doctor` again in a minute or two",
        ));
    }
    let mut sorted = gaps.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let target = if median < target.mul_f64(0.9) { median } else { target };
    Some(cadence("recorded cadence", &CadenceFinding { target, gaps, repeated: 0 }))
}

/// "1 sample", "3 samples".
fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

/// A database's size: "48 KB" under a megabyte, where "0 MB" would say nothing.
fn file_size(bytes: u64) -> String {
    if bytes < 1 << 20 { format!("{} KB", bytes.div_ceil(1024)) } else { format_adaptive(bytes) }
}

pub(crate) fn history(found: &HistoryFinding) -> Check {
    match found {
        HistoryFinding::Missing => Check::warn(
            "history",
            "no history yet",
            "run the menu-bar app or `headroom record` to keep one (creeping needs a day of it)",
        ),
        HistoryFinding::Unreadable(why) => {
            Check::fail("history", why.clone(), "quit Headroom; its next start moves a corrupt database aside")
        }
        HistoryFinding::Found { integrity, samples, bytes } if integrity == "ok" => {
            let rows = plural(usize::try_from(*samples).unwrap_or(usize::MAX), "row");
            Check::ok("history", format!("{rows}, {}, integrity ok", file_size(*bytes)))
        }
        HistoryFinding::Found { integrity, .. } => Check::fail(
            "history",
            format!("integrity_check: {integrity}"),
            "quit Headroom; its next start moves the damaged database aside and begins a new one",
        ),
    }
}

/// config.toml: absent (defaults), valid, with unknown keys, or broken.
pub(crate) fn config(path: Option<&std::path::Path>, loaded: &Loaded) -> Check {
    let Some(path) = path else {
        return Check::warn("config", "no config directory (no home directory?)", "set HOME or HEADROOM_CONFIG");
    };
    if !loaded.errors.is_empty() {
        let said: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
        return Check::fail(
            "config",
            said.join("; "),
            format!("fix {}; each setting named takes its default until then", path.display()),
        );
    }
    if !loaded.warnings.is_empty() {
        let said: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        return Check::warn("config", said.join("; "), format!("edit {}", path.display()));
    }
    if loaded.file_found {
        Check::ok("config", format!("{} is valid", path.display()))
    } else {
        Check::ok("config", format!("no {}; the defaults are in use", path.display()))
    }
}

/// One source of suspects: found (what), unknown (why), or not here.
pub(crate) fn suspect_source(name: &str, probe: &Probe<String>) -> Option<Check> {
    let name = format!("suspects: {name}");
    match probe {
        Probe::Found(found) => Some(Check::ok(&name, found.clone())),
        Probe::Unknown(why) => {
            Some(Check::warn(&name, why.clone(), "this suspect shows as unknown; see the figure for why"))
        }
        Probe::NotApplicable => None,
    }
}

/// Who holds wired memory: how much of it the holders name, and what could not be read.
pub(crate) fn wired_holders(owners: &crate::owners::WiredOwners) -> Check {
    let unknown = owners.unknown.join("; ");
    if owners.owners.is_empty() && owners.mixed.is_empty() && !unknown.is_empty() {
        return Check::warn(
            "wired holders",
            unknown,
            "`explain` cannot name who holds wired memory here; the figure says why (run as root where it says root)",
        );
    }
    let mut figure = format!(
        "{} of {} named by {} holder(s)",
        format_adaptive(owners.explained),
        format_adaptive(owners.wired),
        owners.owners.len() + owners.mixed.len()
    );
    if !unknown.is_empty() {
        figure.push_str("; ");
        figure.push_str(&unknown);
    }
    Check::ok("wired holders", figure)
}

/// A source slower than this is worth a warning: it runs off the sampling path, but it costs CPU.
pub(crate) const SLOW_SOURCE: Duration = Duration::from_secs(2);

/// What each source of suspects cost to read (`kmutil showloaded` is the one to watch on a Mac).
pub(crate) fn suspects_cost(costs: &[crate::suspects::ProbeCost]) -> Check {
    let figure = costs.iter().map(|c| format!("{} {} ms", c.source, c.took.as_millis())).collect::<Vec<_>>().join(", ");
    match costs.iter().filter(|c| c.took > SLOW_SOURCE).max_by_key(|c| c.took) {
        Some(slow) => Check::warn(
            "suspects: time",
            figure,
            format!("{} is slow here; Headroom reads it at start and every 10 minutes only", slow.source),
        ),
        None if costs.is_empty() => Check::ok("suspects: time", "no source read"),
        None => Check::ok("suspects: time", figure),
    }
}

/// Whether a purge can run without asking: root, or a sudo rule that needs no password.
pub(crate) fn purge_permission(is_root: bool, found: &PermissionCheck, problems: &[String]) -> Check {
    if is_root {
        return Check::ok("purge", "running as root: purge runs directly");
    }
    let include = match &found.include {
        IncludeStatus::Included => "sudoers includes the drop-in directory".to_owned(),
        IncludeStatus::Missing => "sudoers does not include the drop-in directory".to_owned(),
        IncludeStatus::Unreadable(why) => format!("sudoers unreadable ({why})"),
    };
    match &found.sudo {
        SudoStatus::Allowed => Check::ok("purge", format!("sudo allows it without a password; {include}")),
        SudoStatus::Refused(why) => {
            let fix = if problems.is_empty() {
                "purge asks for a password; `sudo headroom setup purge` allows it without one".to_owned()
            } else {
                problems.join(" ")
            };
            Check::warn("purge", format!("sudo asks for a password ({why}); {include}"), fix)
        }
        // Nothing is claimed either way: sudo's listing could not settle it.
        SudoStatus::Unavailable(why) => Check::warn(
            "purge",
            format!("not known whether sudo asks for a password ({why}); {include}"),
            "purge may ask for a password; `sudo headroom setup purge` allows it without one",
        ),
    }
}

/// Who would show a notification now (the freedesktop server; Notification Center's standing
/// answer or osascript on macOS), asked without sending one. The advice is the `service`'s own: a
/// Mac has no notification server to start.
pub(crate) fn notifications(status: Result<String, crate::notify::deliver::DeliveryError>, service: Service) -> Check {
    use crate::notify::deliver::DeliveryError;
    let error = match status {
        Ok(who) => return Check::ok("notifications", who),
        Err(error) => error,
    };
    let figure = error.to_string();
    match (&error, service) {
        (DeliveryError::NotAllowed(_), Service::NotificationCenter) => Check::warn(
            "notifications",
            figure,
            "allow them in System Settings › Notifications › Headroom, or turn notifications off in the menu",
        ),
        (DeliveryError::NoAnswer(_), Service::NotificationCenter) => Check::warn(
            "notifications",
            figure,
            "Notification Center is slow to answer, often just after login: run `headroom notify --test` in a \
             minute; if it stays silent, log out and in again",
        ),
        (DeliveryError::NoAnswer(_), _) => Check::warn(
            "notifications",
            figure,
            "the notification server is busy: run `headroom notify --test` in a minute; if it stays silent, \
             restart it or log out and in again",
        ),
        (_, Service::NotificationCenter) => Check::fail(
            "notifications",
            figure,
            "run Headroom.app from Applications (outside the bundle notifications go through \
             /usr/bin/osascript); `headroom notify --test` says what happens",
        ),
        (_, Service::None) => Check::fail("notifications", figure, "this system has no notification backend"),
        (_, Service::Freedesktop) => Check::fail(
            "notifications",
            figure,
            "start a notification server on the session bus (GNOME and KDE have one; dunst or mako elsewhere)",
        ),
    }
}

/// The login item as its own room assesses it (mechanism, state, and whether it points somewhere real).
pub(crate) fn login(assessment: &crate::setup::login::Assessment) -> Check {
    use crate::setup::login::Health;
    let fix = assessment.fix.clone().unwrap_or_else(|| "see `headroom setup login`".to_owned());
    match assessment.health {
        Health::Ok => Check::ok("login item", assessment.figure.clone()),
        Health::Warn => Check::warn("login item", assessment.figure.clone(), fix),
        Health::Fail => Check::fail("login item", assessment.figure.clone(), fix),
    }
}

/// "2.0 s", "250 ms".
fn seconds(duration: Duration) -> String {
    if duration >= Duration::from_secs(1) {
        format!("{:.2} s", duration.as_secs_f64())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

#[cfg(test)]
mod tests;
