//! What the app does in the world when the state asks: run a purge, show notifications, write
//! events, open the settings, change the login item. Each runs off the main thread or returns at once.

use std::fs::OpenOptions;
use std::io::Write;

use tao::event_loop::EventLoopProxy;

use super::events::UserEvent;
use super::state::LoginShown;
use headroom_core::config::{Config, SettingValue};
use headroom_core::engine::EventWriter;
use headroom_core::notify::deliver::{Courier, Delivered, DeliveryError};
use headroom_core::notify::{self, Notification, events};
use headroom_core::sys::SystemReader;

/// Runs the purge on its own thread (it may wait for a password prompt); the result comes back as
/// [`UserEvent::Purged`]. Returns false when it could not start.
pub fn start_purge(settings: &Config, proxy: EventLoopProxy<UserEvent>) -> bool {
    let Some(dir) = headroom_core::history::data_dir() else { return false };
    let units = settings.units.label().to_owned();
    let settings = settings.purge.clone();
    let spawned = std::thread::Builder::new().name("headroom-purge".into()).spawn(move || {
        use headroom_core::purge::{self, run};
        let result = SystemReader::new().map_err(|e| e.to_string()).and_then(|mut reader| {
            let before = reader.read().map_err(|e| e.to_string())?;
            let attempts = purge::attempts(before.platform, run::is_root(), true, settings.linux_drop_caches);
            let report = run::guarded(&dir, &before, &attempts, &settings, false, || reader.read().ok())
                .map_err(|e| e.to_string())?;
            run::record(&dir, &before.boot_id, &report);
            Ok(report.summary(&units))
        });
        let _ = proxy.send_event(UserEvent::Purged(result.unwrap_or_else(|why| format!("not run: {why}"))));
    });
    spawned.is_ok()
}

/// Changes the login item on a thread of its own (it writes files and may ask the system); what the
/// menu shows afterwards comes back as [`UserEvent::Login`]. `None` reads it without changing it.
pub fn start_login(change: Option<bool>, proxy: EventLoopProxy<UserEvent>) {
    let spawned = std::thread::Builder::new().name("headroom-login".into()).spawn(move || {
        let shown = match change {
            Some(enable) => set_login(enable),
            None => LoginShown::from(headroom_core::setup::login::is_enabled()),
        };
        let _ = proxy.send_event(UserEvent::Login(shown));
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start the login-item thread");
    }
}

/// Turns the login item on or off by the same path as `headroom setup login`; returns what the
/// menu shows afterwards (a refusal, e.g. from a translocated copy, or a pending approval, in words).
pub fn set_login(enable: bool) -> LoginShown {
    use headroom_core::setup::login;
    let exe = match headroom_core::sys::exe::this_program() {
        Ok(exe) => exe,
        Err(error) => {
            tracing::warn!(%error, "cannot tell where this program is; launch at login unchanged");
            return LoginShown { enabled: login::is_enabled(), note: Some("not changed: where is Headroom?".into()) };
        }
    };
    let changed = if enable {
        login::enable(&exe).map(|done| tracing::info!(?done, "launch at login on"))
    } else {
        login::disable(&exe).map(|done| tracing::info!(?done, "launch at login off"))
    };
    let state = login::state(&exe);
    let note = match changed {
        Ok(()) => state.menu_note(),
        Err(error) => {
            tracing::warn!(%error, "cannot change launch at login");
            Some(error.menu_note())
        }
    };
    LoginShown { enabled: state.is_on(), note }
}

/// "Snooze for a day" picked on a notification, as an event for the loop.
pub fn snooze_callback(proxy: EventLoopProxy<UserEvent>) -> notify::deliver::OnSnooze {
    let snooze_proxy = std::sync::Mutex::new(proxy);
    std::sync::Arc::new(move |kind| {
        if let Ok(proxy) = snooze_proxy.lock() {
            let _ = proxy.send_event(UserEvent::Snooze(kind));
        }
    })
}

/// The boot the app samples, known from the first sample on; shared with the notification worker.
pub type BootId = std::sync::Arc<std::sync::OnceLock<String>>;

/// The notification worker: each outcome goes into the history's events (through the engine's
/// recording thread) and back to the menu.
pub fn start_courier(proxy: EventLoopProxy<UserEvent>, history: EventWriter, boot_id: BootId) -> Option<Courier> {
    let on_snooze = snooze_callback(proxy.clone());
    let done = move |notification: &Notification, outcome: &Result<Delivered, DeliveryError>| {
        let boot = boot_id.get().cloned();
        // An answer to a click is not an alert: the history's events keep alerts only.
        if notification.kind != notify::Kind::Answer {
            history.record(events::sent(notification, boot, time::OffsetDateTime::now_utc(), outcome));
        }
        // "handed to osascript …" rather than "shown" where macOS gives no way to know (issue 14, item 7).
        let said = match outcome {
            Ok(delivered) => delivered.said(),
            Err(error) => format!("not shown: {error}"),
        };
        let _ = proxy.send_event(UserEvent::Notified(notification.kind, said));
    };
    Courier::spawn(done, on_snooze).map_err(|error| tracing::warn!(%error, "cannot start the notification worker")).ok()
}

/// How long an opener (`open`, `xdg-open`) is watched for a failure before it counts as working.
const OPENER_WATCHED: std::time::Duration = std::time::Duration::from_secs(5);

/// Hands a worker's answer to the event loop, to show as a notification.
fn answer(proxy: &EventLoopProxy<UserEvent>, title: &str, body: String) {
    let _ = proxy.send_event(UserEvent::Answer(notify::answer(title, body)));
}

/// Writes a setting changed in the menu into config.toml (comments kept), on a thread of its own.
/// If it cannot be saved — a file that does not parse is never overwritten — the user is told
/// where and why; the menu keeps the new value for this run either way.
pub fn save_setting(key: &'static str, value: SettingValue, proxy: EventLoopProxy<UserEvent>) {
    let spawned = std::thread::Builder::new().name("headroom-settings".into()).spawn(move || {
        let Some(path) = headroom_core::config::config_path() else {
            answer(&proxy, &headroom_core::tr!("answer-not-saved"), headroom_core::tr!("answer-no-settings-dir"));
            return;
        };
        match headroom_core::config::save(&path, key, &value) {
            Ok(()) => tracing::info!(key, ?value, path = %path.display(), "setting saved"),
            Err(error) => {
                tracing::warn!(%error, "setting not saved");
                let body = headroom_core::tr!("answer-lasts", error = error.to_string());
                answer(&proxy, &headroom_core::tr!("answer-not-saved"), body);
            }
        }
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start the settings thread");
    }
}

/// Who made this and which version, where the platform has no About panel.
pub fn about() -> Notification {
    let where_ = |path: Option<std::path::PathBuf>| path.map_or_else(|| "—".to_owned(), |p| p.display().to_string());
    notify::answer(
        format!("Headroom {}", env!("CARGO_PKG_VERSION")),
        headroom_core::tr!(
            "answer-about",
            settings = where_(headroom_core::config::config_path()),
            history = where_(headroom_core::history::data_dir())
        ),
    )
}

/// Opens config.toml in the default editor, writing the commented defaults first if it is missing;
/// on a thread of its own, since it writes a file and starts a program. When no editor opens, the
/// user is told where the file is.
pub fn open_settings(proxy: EventLoopProxy<UserEvent>) {
    let spawned = std::thread::Builder::new().name("headroom-settings".into()).spawn(move || {
        if let Err(why) = write_and_open_settings() {
            tracing::warn!(%why, "cannot open the settings");
            answer(&proxy, &headroom_core::tr!("answer-settings-not-opened"), why);
        }
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start the settings thread");
    }
}

fn write_and_open_settings() -> Result<(), String> {
    let path = headroom_core::config::config_path().ok_or("There is no settings directory.")?;
    if !path.exists() {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // create_new: never overwrite a file that appeared meanwhile.
        if let Ok(mut file) = OpenOptions::new().write(true).create_new(true).open(&path) {
            let _ = file.write_all(headroom_core::config::DEFAULT_FILE.as_bytes());
        }
    }
    let mut command = super::platform::open_text_file(&path);
    headroom_core::sys::command::open_within(&mut command, OPENER_WATCHED)
        .map_err(|error| format!("No editor opened it ({error}). The settings are at {}", path.display()))
}

/// Writes the last 7 days of history as a page in the user's cache directory and opens it in the
/// default browser, on a thread of its own (reading a week takes a moment; the menu must not wait).
/// When no browser opens, the user is told where the page is.
pub fn show_history(
    settings: &Config,
    offset: time::UtcOffset,
    anchor: Option<&'static str>,
    proxy: EventLoopProxy<UserEvent>,
) {
    let settings = settings.clone();
    let spawned = std::thread::Builder::new().name("headroom-report".into()).spawn(move || {
        if let Err(why) = write_and_open_history(&settings, offset, anchor) {
            tracing::warn!(%why, "cannot show the history");
            answer(&proxy, &headroom_core::tr!("answer-history-not-shown"), why);
        }
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start the report thread");
    }
}

fn write_and_open_history(
    settings: &Config,
    offset: time::UtcOffset,
    anchor: Option<&'static str>,
) -> Result<(), String> {
    use headroom_core::history::{self, Store};
    use headroom_core::report::{self, Scope};
    let dir = history::data_dir().ok_or("There is no data directory, so no history.")?;
    let store = Store::open_to_read(&dir.join(history::DB_FILE)).map_err(|error| format!("{error}."))?;
    let now = time::OffsetDateTime::now_utc();
    let scope = Scope { since: now - time::Duration::days(7), until: now, boot: None };
    let page = report::build(&store, &scope, settings, offset).map_err(|error| format!("{error}."))?;
    let reports = report::open::reports_dir().ok_or("There is no cache directory to write the page in.")?;
    let (path, mut file) = report::open::private_file(&reports, now)
        .map_err(|error| format!("Cannot write the page in {}: {error}.", reports.display()))?;
    file.write_all(page.as_bytes()).map_err(|error| format!("Cannot write {}: {error}.", path.display()))?;
    drop(file);
    let mut opener = match anchor {
        Some(anchor) => report::open::command_at(&path, anchor),
        None => report::open::command(&path),
    };
    headroom_core::sys::command::open_within(&mut opener, OPENER_WATCHED)
        .map_err(|error| format!("No browser opened it ({error}). The page is at {}", path.display()))?;
    tracing::info!(path = %path.display(), "history report opened");
    Ok(())
}

/// Quits the app the user confirmed, on a thread of its own: the processes named by a scan made
/// now (pids may have been reused, or the app restarted, since the menu's scan), each asked as
/// [`crate::quit::plan`] says, up to [`crate::quit::WAIT_FOR_EXIT`] for them to go, then headroom
/// measured again. The answer comes back as a notification.
pub fn quit_app(request: crate::effect::QuitRequest, proxy: EventLoopProxy<UserEvent>) {
    let spawned = std::thread::Builder::new().name("headroom-quit".into()).spawn(move || {
        let outcome = quit_and_measure(&request.name);
        tracing::info!(name = request.name, ?outcome, "quit from the menu");
        let _ = proxy.send_event(UserEvent::Answer(crate::quit::answer(&request.name, &outcome)));
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start the quit thread");
    }
}

fn quit_and_measure(name: &str) -> crate::quit::Outcome {
    use crate::quit::{Ask, Outcome, WAIT_FOR_EXIT, plan};
    let headroom = |reader: &mut SystemReader| reader.read().ok().and_then(|s| s.headroom).map(|h| h.bytes);
    let Ok(mut reader) = SystemReader::new() else { return Outcome::Refused("cannot read memory".into()) };
    let now = time::OffsetDateTime::now_utc();
    let list = match headroom_core::sys::top::scan(headroom_core::top::Grouping::ByApp, now) {
        Ok(list) => list,
        Err(error) => return Outcome::Refused(format!("cannot list its processes: {error}")),
    };
    let Some(entry) = list.entries.into_iter().find(|e| e.name == name) else { return Outcome::Gone };
    let before = headroom(&mut reader);
    for (pid, ask) in plan(&entry.pids, super::platform::is_app) {
        let asked = match ask {
            Ask::App => super::platform::ask_app_to_quit(pid),
            // SAFETY: kill(2) with a pid from the scan just made and SIGTERM; no memory is touched.
            Ask::Terminate => {
                libc::pid_t::try_from(pid).is_ok_and(|pid| unsafe { libc::kill(pid, libc::SIGTERM) } == 0)
            }
        };
        tracing::debug!(pid, ?ask, asked, "asked to quit");
    }
    let running = |pids: &[u32]| {
        // SAFETY: signal 0 only checks that the process exists (kill(2)).
        pids.iter()
            .filter(|pid| libc::pid_t::try_from(**pid).is_ok_and(|pid| unsafe { libc::kill(pid, 0) } == 0))
            .count()
    };
    let deadline = std::time::Instant::now() + WAIT_FOR_EXIT;
    while running(&entry.pids) > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let left = running(&entry.pids);
    if left > 0 {
        return Outcome::StillRunning { left };
    }
    // The memory of an exited process is freed as it exits, but the figure can take a moment to
    // show it (a VM's free page reporting holds freed pages aside briefly): read until two readings
    // 250 ms apart agree within 16 MiB, for at most 3 s.
    let mut after = headroom(&mut reader);
    for _ in 0..12 {
        std::thread::sleep(std::time::Duration::from_millis(250));
        let again = headroom(&mut reader);
        let settled = matches!((after, again), (Some(a), Some(b)) if a.abs_diff(b) < 16 << 20);
        after = again.max(after);
        if settled {
            break;
        }
    }
    match (before, after) {
        (Some(before), Some(after)) => Outcome::Quit { before, after },
        _ => Outcome::Refused("it quit, but headroom could not be read to measure it".into()),
    }
}
