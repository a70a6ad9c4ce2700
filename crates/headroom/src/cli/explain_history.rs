//! What `headroom explain` reads from the history: this boot's wired series, the previous boot's
//! trend, the suspects that appeared around a jump, and which holder of wired memory grew most.

use headroom_core::history::{self, AppRow, EventKind, Store};
use headroom_core::model::Snapshot;
use headroom_core::verdict::{self, CreepVerdict, WiredPoint};
use serde::Serialize;
use time::OffsetDateTime;

/// The history, opened once for everything `explain` reads from it; None without one.
/// Read-only: a command that only reads never moves a damaged database aside.
pub(super) fn open() -> Option<Store> {
    let path = history::data_dir().map(|dir| dir.join(history::DB_FILE)).filter(|p| p.exists())?;
    Store::open_to_read(&path).inspect_err(|error| tracing::warn!(%error, "cannot open the history")).ok()
}

/// This boot's recorded wired series over the verdicts' look-back, plus the current sample, and the
/// trend at the end of the previous recorded boot. Without a history the verdicts that need one say so.
pub(super) fn boot_history(
    store: Option<&Store>,
    snapshot: &Snapshot,
    settings: &headroom_core::config::Config,
) -> (Vec<WiredPoint>, Option<CreepVerdict>) {
    let growth = &settings.growth;
    let mut points = Vec::new();
    let mut previous = None;
    if let Some(store) = store {
        let to_points = |rows: Vec<history::Row>| {
            rows.into_iter().map(|r| WiredPoint { at: r.at, wired: r.wired, explained: r.explained })
        };
        points.extend(history::Seed::load(store, &snapshot.boot_id, snapshot.at, settings).wired_points());
        let boots = store.boots().unwrap_or_default();
        if let Some(boot) = boots.iter().rev().find(|boot| boot.id != snapshot.boot_id) {
            let start = boot.last_seen - growth.creep_window.duration();
            if let Ok(rows) = store.rows(history::unix_ms(start), Some(&boot.id)) {
                let before: Vec<WiredPoint> = to_points(rows).collect();
                previous = Some(verdict::creeping(&before, growth, false, boot.last_seen));
            }
        }
    }
    points.push(WiredPoint { at: snapshot.at, wired: snapshot.memory.wired, explained: 0 });
    (points, previous)
}

/// Suspects the recorder saw appear within `window` of `at` (kernel extensions, system extensions,
/// VMs, GPU memory), from the history's `suspect_appeared` events.
pub(super) fn appeared_around(store: Option<&Store>, at: OffsetDateTime, window: time::Duration) -> Vec<String> {
    let Some(store) = store else { return Vec::new() };
    let since_ms = history::unix_ms(at - window);
    store
        .events(since_ms)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.kind == EventKind::SuspectAppeared && e.at <= at + window)
        .map(|e| {
            let kind = e.detail["kind"].as_str().unwrap_or("suspect");
            let name = e.detail["name"].as_str().unwrap_or("?");
            format!("{kind} {name} appeared {}", e.at)
        })
        .collect()
}

/// The holder of wired memory that grew most over `window` before `at`, from the history.
#[derive(Debug, Serialize)]
pub(super) struct Grew {
    pub kind: String,
    pub name: String,
    pub from: u64,
    pub to: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

pub(super) fn holder_grew(store: Option<&Store>, at: OffsetDateTime, window: time::Duration) -> Option<Grew> {
    let since = at - window;
    // Rows from before the window too: the holder's figure when the window began.
    let rows = store?.holders(history::unix_ms(since - time::Duration::hours(7))).ok()?;
    let (kind, name, from, to) = history::grew_most(&rows, since)?;
    Some(Grew { kind, name, from, to, since })
}

/// The recorded apps `explain` judges, read once: over the leak window and the last ten minutes,
/// and the 7 hours before (apps are recorded when they move, and every 6 hours while steady).
pub(super) fn recent_apps(
    store: Option<&Store>,
    at: OffsetDateTime,
    settings: &headroom_core::config::Config,
) -> Vec<AppRow> {
    let window = time::Duration::try_from(settings.apps.leak_window.duration()).unwrap_or(time::Duration::HOUR);
    let since = at - window.max(time::Duration::minutes(10)) - time::Duration::hours(7);
    store.and_then(|store| store.apps(history::unix_ms(since)).ok()).unwrap_or_default()
}

/// What grew in the last ten minutes (apps, at least 64 MiB each, the three largest): what to look
/// at when pressure rose or swap grew.
pub(super) fn grew_lately(apps: &[AppRow], at: OffsetDateTime) -> Vec<history::AppGrowth> {
    let mut grew: Vec<history::AppGrowth> = history::app_growth(apps, at - time::Duration::minutes(10))
        .into_iter()
        .filter(|g| g.growth >= 64 << 20)
        .collect();
    grew.truncate(3);
    grew
}
