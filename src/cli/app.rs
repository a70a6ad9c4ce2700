//! The menu-bar app: a tao event loop on the main thread, the tray icon and its menu, fed by the sampler and prober.

use std::collections::{HashMap, VecDeque};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use headroom::config::{Config, MenuBarTitle};
use headroom::notify::deliver::{Courier, Delivered, DeliveryError};
use headroom::notify::watch::Watch;
use headroom::notify::{self, Notification, events};
use headroom::sampler::{self, CancelToken, SampleEvent, Sink, SinkClosed};
use headroom::snapshot::Snapshot;
use headroom::suspects::Suspects;
use headroom::sys::{SystemReader, gather_suspects};
use headroom::ui::icon::{self, IconState};
use headroom::ui::menu::{self, Item, ItemId, Kind, MenuState, SnoozeItem};
use headroom::ui::sparkline;
use headroom::verdict::{self, LevelVerdict, WiredPoint};
use tao::event::{Event, StartCause};
use tao::event_loop::{ControlFlow, EventLoopBuilder, EventLoopProxy};
use time::UtcOffset;
use tray_icon::menu::{CheckMenuItem, IconMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tray_icon::{TrayIcon, TrayIconBuilder};

use super::record::Recording;

/// Icon edge in pixels: 2× the 22-point menu bar, so it stays sharp on Retina displays.
const ICON_SIZE: u32 = 44;
const SPARK_WIDTH: u32 = 240;
const SPARK_HEIGHT: u32 = 40;
/// The sparkline covers this many hours at one point a minute.
const SPARK_HOURS: u32 = 6;
/// Characters of the text sparkline (Linux).
const SPARK_TEXT_WIDTH: usize = 24;
/// Recent raw samples kept for smoothing the wired level.
const RECENT_MINUTES: i64 = verdict::LEVEL_SMOOTHING_MINUTES;

enum UserEvent {
    /// SIGINT or SIGTERM: end like Quit, so the history is flushed.
    Stop,
    Sample(SampleEvent),
    Suspects(Box<Suspects>),
    Menu(MenuEvent),
    Icon(tray_icon::TrayIconEvent),
    /// A purge finished: the one-line result or why it did not run.
    Purged(String),
    /// A notification was shown, or why not.
    Notified(notify::Kind, String),
    /// "Snooze for a day" was picked on a notification of this kind.
    Snooze(notify::Kind),
}

/// The sampler's sink in the app: tao's event-loop proxy.
struct ProxySink(EventLoopProxy<UserEvent>);

impl Sink for ProxySink {
    fn deliver(&mut self, event: SampleEvent) -> Result<(), SinkClosed> {
        self.0.send_event(UserEvent::Sample(event)).map_err(|_| SinkClosed)
    }
}

/// The muda item behind each model item, so labels change in place instead of rebuilding the menu.
enum Handle {
    Text(MenuItem),
    Check(CheckMenuItem),
    Image(IconMenuItem),
}

struct App {
    settings: Config,
    offset: UtcOffset,
    token: CancelToken,
    recording: Option<Recording>,
    tray: Option<TrayIcon>,
    handles: HashMap<ItemId, Handle>,
    shown: HashMap<ItemId, Item>,
    icon_state: Option<IconState>,
    title: Option<String>,
    snapshot: Option<Snapshot>,
    suspects: Option<Suspects>,
    level: Option<LevelVerdict>,
    recent: VecDeque<WiredPoint>,
    /// (minute, used fraction, wired fraction) for the sparkline.
    minutes: VecDeque<(i64, f64, f64)>,
    /// The text sparkline, rebuilt when a minute is added.
    spark_text: Option<String>,
    /// Stands in for the suspects until the first probe.
    unprobed: Suspects,
    notifications: bool,
    launch_at_login: bool,
    baseline: Option<(Snapshot, Vec<String>)>,
    proxy: EventLoopProxy<UserEvent>,
    purging: bool,
    purge_result: Option<String>,
    comparison: Option<String>,
    about_shown: bool,
    /// Decides what to notify, sample by sample.
    watch: Watch,
    /// Shows notifications off the main thread; None if its thread could not start.
    courier: Option<Courier>,
    /// The last kind notified (what "Snooze" silences) and the last test's outcome.
    last_notified: Option<notify::Kind>,
    notification_test: Option<String>,
    /// Replay only: one credit back per sample handled, so the replay runs at the app's own pace.
    replay_credits: Option<std::sync::mpsc::SyncSender<()>>,
}

/// `headroom` with no command: the menu-bar app, or `watch` where there is no display.
pub fn run(offset: UtcOffset, replay: Option<std::time::Duration>) -> anyhow::Result<ExitCode> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        eprintln!("headroom: no display (DISPLAY and WAYLAND_DISPLAY are unset); running `headroom watch` instead");
        return super::watch::run(&super::WatchArgs::default(), offset);
    }
    let _instance = match single_instance()? {
        Ok(lock) => lock,
        Err(pid) => {
            println!("Headroom is already running (pid {pid})");
            return Ok(ExitCode::SUCCESS);
        }
    };
    let settings = super::load_settings();
    // When another recorder (e.g. `headroom record` as a login agent) keeps the history, the app only shows.
    let mut recording = Recording::start(&settings)?.ok();
    if let (Some(recording), Some(_)) = (recording.as_mut(), replay) {
        recording.use_sample_clock();
    }

    let mut builder = EventLoopBuilder::<UserEvent>::with_user_event();
    let event_loop = builder.build();
    #[cfg(target_os = "macos")]
    let event_loop = {
        use tao::platform::macos::{ActivationPolicy, EventLoopExtMacOS};
        let mut event_loop = event_loop;
        // No Dock icon: a menu-bar app, as Info.plist's LSUIElement says.
        event_loop.set_activation_policy(ActivationPolicy::Accessory);
        event_loop
    };
    let proxy = event_loop.create_proxy();
    let menu_proxy = proxy.clone();
    MenuEvent::set_event_handler(Some(move |event| {
        let _ = menu_proxy.send_event(UserEvent::Menu(event));
    }));
    let icon_proxy = proxy.clone();
    // Clicks on the icon open the menu by themselves; the events still come through the loop, not a poll.
    tray_icon::TrayIconEvent::set_event_handler(Some(move |event| {
        let _ = icon_proxy.send_event(UserEvent::Icon(event));
    }));

    let token = CancelToken::new();
    let on_signal = token.clone();
    let signal_proxy = proxy.clone();
    ctrlc::set_handler(move || {
        on_signal.cancel();
        let _ = signal_proxy.send_event(UserEvent::Stop);
    })
    .context("cannot install the signal handler")?;
    let mut reader = SystemReader::new().context("cannot open the memory counters")?;
    // The sparkline and the notification watch start from the recorded history of this boot, not empty.
    let recorded = reader.read().map(|first| Recorded::load(&first, &settings)).unwrap_or_default();
    let replay_credits = match replay {
        Some(span) => Some(start_replay(&mut reader, span, &settings, proxy.clone(), token.clone())?),
        None => {
            sampler::spawn(reader, settings.sample_interval.duration(), ProxySink(proxy.clone()), token.clone())
                .context("cannot start sampling")?;
            None
        }
    };
    let prober_proxy = proxy.clone();
    headroom::prober::spawn(
        gather_suspects,
        headroom::prober::DEFAULT_INTERVAL,
        move |suspects| prober_proxy.send_event(UserEvent::Suspects(Box::new(suspects))).is_ok(),
        token.clone(),
    )
    .context("cannot start the suspects prober")?;

    let mut app = App {
        settings,
        offset,
        token,
        recording,
        tray: None,
        handles: HashMap::new(),
        shown: HashMap::new(),
        icon_state: None,
        title: None,
        snapshot: None,
        suspects: None,
        level: None,
        recent: VecDeque::new(),
        spark_text: sparkline_text(&recorded.minutes),
        unprobed: Suspects::unknown(time::OffsetDateTime::now_utc(), "not probed yet"),
        minutes: recorded.minutes,
        notifications: true,
        launch_at_login: headroom::login::is_enabled(),
        baseline: None,
        proxy: proxy.clone(),
        purging: false,
        purge_result: None,
        comparison: None,
        about_shown: false,
        watch: Watch::new(recorded.wired, recorded.notify_state),
        courier: start_courier(proxy.clone(), recorded.boot_id.clone()),
        last_notified: recorded.last_notified,
        notification_test: None,
        replay_credits,
    };
    app.notifications = app.settings.notifications.enabled;

    event_loop.run(move |event, _, control_flow| {
        *control_flow = ControlFlow::Wait;
        match event {
            // macOS wants the tray icon made once the loop runs.
            Event::NewEvents(StartCause::Init) => {
                if let Err(error) = app.create_tray() {
                    eprintln!("headroom: cannot create the tray icon: {error:#}");
                    app.stop();
                    *control_flow = ControlFlow::ExitWithCode(1);
                }
                wake_main_run_loop();
            }
            Event::UserEvent(UserEvent::Sample(SampleEvent::Snapshot(snapshot))) => app.on_sample(*snapshot),
            Event::UserEvent(UserEvent::Stop) => {
                app.stop();
                *control_flow = ControlFlow::Exit;
            }
            Event::UserEvent(UserEvent::Sample(SampleEvent::ReadFailed(error))) => {
                tracing::warn!("read failed: {error}")
            }
            Event::UserEvent(UserEvent::Suspects(suspects)) => {
                if let Some(recording) = app.recording.as_mut() {
                    recording.note_suspects(&suspects);
                }
                app.suspects = Some(*suspects);
                app.refresh_menu();
            }
            Event::UserEvent(UserEvent::Icon(event)) => tracing::debug!(?event, "tray icon"),
            Event::UserEvent(UserEvent::Purged(result)) => {
                app.purging = false;
                if let Some(notification) =
                    notify::purge_result(&mut app.watch.state, &app.settings.notifications, &result, now())
                {
                    app.notify(notification);
                }
                app.purge_result = Some(result);
                app.refresh_menu();
            }
            Event::UserEvent(UserEvent::Snooze(kind)) => {
                app.snooze(kind);
                app.refresh_menu();
            }
            Event::UserEvent(UserEvent::Notified(kind, outcome)) => {
                if kind == notify::Kind::Test {
                    app.notification_test = Some(outcome);
                }
                app.refresh_menu();
            }
            Event::UserEvent(UserEvent::Menu(event)) if app.on_menu(&event) => {
                app.stop();
                *control_flow = ControlFlow::Exit;
            }
            _ => {}
        }
    })
}

impl App {
    fn create_tray(&mut self) -> anyhow::Result<()> {
        let menu = Menu::new();
        for item in menu::build(&self.menu_state()) {
            match (&item.kind, item.id) {
                (Kind::Separator, _) | (_, None) => menu.append(&PredefinedMenuItem::separator())?,
                (Kind::Check(checked), Some(id)) => {
                    let check = CheckMenuItem::with_id(id_text(id), escape(&item.label), item.enabled, *checked, None);
                    menu.append(&check)?;
                    self.handles.insert(id, Handle::Check(check));
                }
                (Kind::Image, Some(id)) => {
                    let image =
                        IconMenuItem::with_id(id_text(id), escape(&item.label), false, self.sparkline_icon(), None);
                    menu.append(&image)?;
                    self.handles.insert(id, Handle::Image(image));
                }
                (_, Some(id)) => {
                    let text = MenuItem::with_id(id_text(id), escape(&item.label), item.enabled, None);
                    menu.append(&text)?;
                    self.handles.insert(id, Handle::Text(text));
                }
            }
            if let Some(id) = item.id {
                self.shown.insert(id, item);
            }
        }
        let state = IconState::new(0, 1, headroom::Pressure::Normal, cfg!(target_os = "macos"));
        let image = tray_icon_image(state)?;
        let builder = TrayIconBuilder::new().with_menu(Box::new(menu)).with_tooltip("Headroom");
        // A template icon follows the light or dark menu bar on macOS; warn and critical stay in colour.
        #[cfg(target_os = "macos")]
        let builder = if state.template { builder.with_icon_templated(image) } else { builder.with_icon(image) };
        #[cfg(not(target_os = "macos"))]
        let builder = builder.with_icon(image);
        let tray = builder.build().context("tray-icon")?;
        self.icon_state = Some(state);
        self.tray = Some(tray);
        Ok(())
    }

    fn on_sample(&mut self, snapshot: Snapshot) {
        if let Some(recording) = self.recording.as_mut() {
            recording.record(&snapshot);
        }
        let at = snapshot.at;
        let point = WiredPoint {
            at,
            wired: snapshot.memory.wired,
            explained: self.suspects.as_ref().map_or(0, Suspects::explained_bytes),
        };
        self.recent.push_back(point);
        while self.recent.front().is_some_and(|p| p.at < at - time::Duration::minutes(RECENT_MINUTES)) {
            self.recent.pop_front();
        }
        let minute = at.unix_timestamp().div_euclid(60);
        let total = snapshot.memory.total.max(1) as f64;
        if self.minutes.back().is_none_or(|(m, _, _)| *m != minute) {
            self.minutes.push_back((
                minute,
                snapshot.memory.used() as f64 / total,
                snapshot.memory.wired as f64 / total,
            ));
            while self.minutes.len() > (SPARK_HOURS * 60) as usize {
                self.minutes.pop_front();
            }
            if let (false, Some(Handle::Image(item))) =
                (cfg!(target_os = "linux"), self.handles.get(&ItemId::Sparkline))
            {
                item.set_icon(self.sparkline_icon());
            }
            self.spark_text = sparkline_text(&self.minutes);
        }
        // Per sample: no copies of the recent window and no placeholder suspects built anew.
        let recent = self.recent.make_contiguous();
        let suspects = self.suspects.as_ref().unwrap_or(&self.unprobed);
        let smoothed = verdict::smoothed_wired(snapshot.memory.wired, suspects.explained_bytes(), recent, at);
        let previous = self.level.as_ref().map(|l| l.level);
        let level = verdict::wired_level(smoothed, snapshot.memory.total, suspects, &self.settings.wired, previous);
        if previous.is_some_and(|p| p != level.level) {
            // A verdict changed: find out now what holds the memory, not at the next 30-second probe.
            self.token.nudge();
        }
        let to_send = self.watch.observe(&snapshot, suspects, &level, &self.settings, at);
        for notification in to_send {
            self.notify(notification);
        }
        self.level = Some(level);
        self.update_icon(&snapshot);
        self.snapshot = Some(snapshot);
        self.refresh_menu();
        if let Some(credits) = &self.replay_credits {
            let _ = credits.try_send(());
        }
    }

    fn update_icon(&mut self, snapshot: &Snapshot) {
        let state =
            IconState::new(snapshot.memory.used(), snapshot.memory.total, snapshot.pressure, cfg!(target_os = "macos"));
        let Some(tray) = self.tray.as_ref() else { return };
        // Redraw only when what the icon shows changes (whole percent, pressure).
        if self.icon_state != Some(state) {
            match tray_icon_image(state) {
                Ok(image) => {
                    #[cfg(target_os = "macos")]
                    let result =
                        if state.template { tray.set_icon_templated(Some(image)) } else { tray.set_icon(Some(image)) };
                    #[cfg(not(target_os = "macos"))]
                    let result = tray.set_icon(Some(image));
                    if let Err(error) = result {
                        tracing::warn!(%error, "cannot update the tray icon");
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot draw the tray icon"),
            }
            self.icon_state = Some(state);
        }
        let m = &snapshot.memory;
        let title = match self.settings.menu_bar.title {
            MenuBarTitle::None => None,
            MenuBarTitle::UsedPercent => {
                Some(format!("{} %", m.used().saturating_mul(100).checked_div(m.total).unwrap_or(0)))
            }
            MenuBarTitle::WiredGb => Some(headroom::units::format_gb_as(m.wired, self.settings.units.label())),
        };
        if title != self.title {
            tray.set_title(title.as_deref());
            self.title = title;
        }
    }

    fn menu_state(&self) -> MenuState<'_> {
        MenuState {
            snapshot: self.snapshot.as_ref(),
            level: self.level.as_ref(),
            suspects: self.suspects.as_ref(),
            units: self.settings.units.label(),
            notifications: self.notifications,
            launch_at_login: self.launch_at_login,
            purge_unavailable: None,
            purging: self.purging,
            purge_result: self.purge_result.clone(),
            has_baseline: self.baseline.is_some(),
            comparison: self.comparison.clone(),
            sparkline_hours: SPARK_HOURS,
            // GTK shows item icons at 16 × 16, far too small for a sparkline: draw it in text there.
            sparkline_text: self.spark_text.clone(),
            notification_test: self.notification_test.clone(),
            snooze: self.last_notified.map(|kind| SnoozeItem {
                kind: kind.label(),
                until: self.watch.state.snoozed_until.get(&kind).filter(|until| **until > now()).map(|until| {
                    until
                        .to_offset(self.offset)
                        .format(time::macros::format_description!("[hour]:[minute]"))
                        .unwrap_or_default()
                }),
            }),
        }
    }

    /// Updates labels, enabled and checked state in place; only what changed is touched.
    fn refresh_menu(&mut self) {
        let mut items = menu::build(&self.menu_state());
        if self.about_shown
            && let Some(about) = items.iter_mut().find(|i| i.id == Some(ItemId::About))
        {
            about.label = format!("Headroom {} — memory headroom at a glance", env!("CARGO_PKG_VERSION"));
        }
        for item in items {
            let Some(id) = item.id else { continue };
            if self.shown.get(&id) == Some(&item) {
                continue;
            }
            match (self.handles.get(&id), &item.kind) {
                (Some(Handle::Text(handle)), _) => {
                    handle.set_text(escape(&item.label));
                    handle.set_enabled(item.enabled);
                }
                (Some(Handle::Check(handle)), Kind::Check(checked)) => {
                    handle.set_text(escape(&item.label));
                    handle.set_checked(*checked);
                }
                (Some(Handle::Image(handle)), _) => handle.set_text(escape(&item.label)),
                // The top suspect line appears only once there is one; the menu was built without it.
                _ => {}
            }
            self.shown.insert(id, item);
        }
    }

    fn sparkline_icon(&self) -> Option<tray_icon::menu::Icon> {
        let used: Vec<f64> = self.minutes.iter().map(|m| m.1).collect();
        let wired: Vec<f64> = self.minutes.iter().map(|m| m.2).collect();
        let image = sparkline::render(&used, &wired, SPARK_WIDTH, SPARK_HEIGHT);
        tray_icon::menu::Icon::from_rgba(image.pixels, image.width, image.height).ok()
    }

    /// Handles a menu click; returns true to quit.
    fn on_menu(&mut self, event: &MenuEvent) -> bool {
        let Some(id) = id_from_text(&event.id.0) else { return false };
        match id {
            ItemId::Quit => return true,
            ItemId::Notifications => {
                self.notifications = !self.notifications;
                // The watch keeps following the verdicts either way, so turning them back on does not replay old edges.
                self.settings.notifications.enabled = self.notifications;
            }
            ItemId::TestNotification => {
                self.notification_test = Some("sending…".to_owned());
                self.notify(notify::test_notification(self.snapshot.as_ref()));
            }
            ItemId::Snooze => {
                if let Some(kind) = self.last_notified {
                    self.snooze(kind);
                }
            }
            ItemId::LaunchAtLogin => self.toggle_login(),
            ItemId::OpenSettings => open_settings(),
            ItemId::About => self.about_shown = true,
            ItemId::Purge if !self.purging => self.start_purge(),
            ItemId::MarkBaseline => {
                if let Some(snapshot) = self.snapshot.clone() {
                    self.baseline = Some((snapshot, self.suspect_names()));
                    self.comparison = None;
                }
            }
            ItemId::CompareBaseline => {
                if let (Some((before, names)), Some(now)) = (&self.baseline, &self.snapshot) {
                    let since = before
                        .at
                        .to_offset(self.offset)
                        .format(time::macros::format_description!("[hour]:[minute]"))
                        .unwrap_or_default();
                    self.comparison = Some(menu::compare(
                        before,
                        now,
                        names,
                        &self.suspect_names(),
                        self.settings.units.label(),
                        &since,
                    ));
                }
            }
            _ => {}
        }
        self.refresh_menu();
        false
    }

    /// Runs the purge on its own thread (it may wait for a password prompt); the result comes back as an event.
    fn start_purge(&mut self) {
        let Some(dir) = headroom::history::data_dir() else { return };
        self.purging = true;
        let settings = self.settings.purge.clone();
        let units = self.settings.units.label().to_owned();
        let proxy = self.proxy.clone();
        let spawned = std::thread::Builder::new().name("headroom-purge".into()).spawn(move || {
            use headroom::purge::{self, run};
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
        if spawned.is_err() {
            self.purging = false;
        }
    }

    /// Silences a kind for a day (from the menu or the notification) and records it, so a restart keeps it.
    fn snooze(&mut self, kind: notify::Kind) {
        let at = now();
        let until = notify::snooze(&mut self.watch.state, kind, at);
        let boot = self.snapshot.as_ref().map(|s| s.boot_id.clone());
        record_event(events::snoozed(kind, boot, at, until));
    }

    /// Hands a notification to the worker that shows it; the outcome comes back as an event.
    fn notify(&mut self, notification: Notification) {
        if notification.kind != notify::Kind::Test {
            self.last_notified = Some(notification.kind);
        }
        match &self.courier {
            Some(courier) => courier.send(notification),
            None => {
                tracing::warn!(title = notification.title, "no notification worker; not shown");
                if notification.kind == notify::Kind::Test {
                    self.notification_test = Some("not shown: the notification worker did not start".to_owned());
                }
            }
        }
    }

    fn suspect_names(&self) -> Vec<String> {
        self.suspects
            .as_ref()
            .and_then(|s| s.vms.found())
            .into_iter()
            .flatten()
            .map(|vm| format!("{} `{}`", vm.kind, vm.name))
            .collect()
    }

    fn toggle_login(&mut self) {
        let result = if self.launch_at_login {
            headroom::login::disable()
        } else {
            std::env::current_exe().and_then(|exe| headroom::login::enable(&exe).map(|_| ()))
        };
        match result {
            Ok(()) => self.launch_at_login = headroom::login::is_enabled(),
            Err(error) => tracing::warn!(%error, "cannot change launch at login"),
        }
    }

    fn stop(&mut self) {
        self.token.cancel();
        if let Some(recording) = self.recording.take() {
            recording.finish();
        }
    }
}

/// The sparkline as text where GTK would shrink the image (Linux); redrawn once a minute, not per sample.
fn sparkline_text(minutes: &VecDeque<(i64, f64, f64)>) -> Option<String> {
    cfg!(target_os = "linux").then(|| {
        let used: Vec<f64> = minutes.iter().map(|m| m.1).collect();
        let wired: Vec<f64> = minutes.iter().map(|m| m.2).collect();
        format!(
            "Used {}  Wired {}  ({} h)",
            sparkline::blocks(&used, SPARK_TEXT_WIDTH),
            sparkline::blocks(&wired, SPARK_TEXT_WIDTH),
            SPARK_HOURS
        )
    })
}

/// macOS: the status item made at `StartCause::Init` shows only once the main run loop turns
/// again, so nudge it (without this the icon can stay invisible until the first event).
#[cfg(target_os = "macos")]
fn wake_main_run_loop() {
    #[link(name = "CoreFoundation", kind = "framework")]
    unsafe extern "C" {
        fn CFRunLoopGetMain() -> *mut std::ffi::c_void;
        fn CFRunLoopWakeUp(run_loop: *mut std::ffi::c_void);
    }
    // SAFETY: CFRunLoopGetMain returns the process's main run loop (never null once the app runs),
    // and waking a run loop is allowed from any thread.
    unsafe { CFRunLoopWakeUp(CFRunLoopGetMain()) };
}

#[cfg(not(target_os = "macos"))]
fn wake_main_run_loop() {}

/// Samples handed to the app ahead of what it has handled, during a replay.
const REPLAY_WINDOW: usize = 4;

/// Benchmark mode: feeds `span` of synthetic 2-second samples (ending now) through the app's own
/// sample path as fast as it handles them, then stops the app. Returns the credit sender the app
/// answers each sample with.
fn start_replay(
    reader: &mut SystemReader,
    span: std::time::Duration,
    settings: &Config,
    proxy: EventLoopProxy<UserEvent>,
    token: CancelToken,
) -> anyhow::Result<std::sync::mpsc::SyncSender<()>> {
    let base = reader.read().context("cannot read a first snapshot to shape the replay")?;
    let span = time::Duration::try_from(span).context("replay span")?;
    let step = time::Duration::try_from(settings.sample_interval.duration()).context("sample interval")?;
    let replay = headroom::replay::Replay::new(base, span, step, now());
    eprintln!("headroom: replaying {} samples ({span} of virtual time)", replay.len());
    let (credits, credit) = std::sync::mpsc::sync_channel::<()>(REPLAY_WINDOW);
    for _ in 0..REPLAY_WINDOW {
        let _ = credits.send(());
    }
    std::thread::Builder::new().name("headroom-replay".into()).spawn(move || {
        for snapshot in replay {
            if credit.recv().is_err() || token.is_cancelled() {
                return;
            }
            if proxy.send_event(UserEvent::Sample(SampleEvent::Snapshot(Box::new(snapshot)))).is_err() {
                return;
            }
        }
        eprintln!("headroom: replay finished");
        let _ = proxy.send_event(UserEvent::Stop);
    })?;
    Ok(credits)
}

/// What the app starts from, read once from this boot's history.
#[derive(Default)]
struct Recorded {
    boot_id: Option<String>,
    /// The last `SPARK_HOURS` as (minute, used, wired) fractions of RAM.
    minutes: VecDeque<(i64, f64, f64)>,
    /// The wired series the creeping and jump verdicts look back over.
    wired: Vec<WiredPoint>,
    /// What was notified and snoozed lately, so a restart neither repeats nor forgets.
    notify_state: notify::State,
    last_notified: Option<notify::Kind>,
}

impl Recorded {
    fn load(now: &Snapshot, settings: &Config) -> Recorded {
        let mut recorded = Recorded { boot_id: Some(now.boot_id.clone()), ..Recorded::default() };
        let Some(path) =
            headroom::history::data_dir().map(|d| d.join(headroom::history::DB_FILE)).filter(|p| p.exists())
        else {
            return recorded;
        };
        let store = match headroom::history::Store::open(&path) {
            Ok((store, _)) => store,
            Err(error) => {
                tracing::warn!(%error, "cannot read the history");
                return recorded;
            }
        };
        let creep = time::Duration::try_from(settings.growth.creep_window.duration()).unwrap_or(time::Duration::ZERO);
        let look_back = creep.max(time::Duration::hours(verdict::JUMP_LOOK_BACK_HOURS));
        let points = store.minutes(headroom::history::unix_ms(now.at - look_back), &now.boot_id).unwrap_or_default();
        let spark_since = now.at - time::Duration::hours(i64::from(SPARK_HOURS));
        for point in &points {
            recorded.wired.push(WiredPoint { at: point.at, wired: point.wired, explained: point.explained });
            if point.at >= spark_since {
                let total = point.total.max(1) as f64;
                let minute = point.at.unix_timestamp().div_euclid(60);
                recorded.minutes.push_back((minute, point.used as f64 / total, point.wired as f64 / total));
            }
        }
        let since = headroom::history::unix_ms(now.at - events::RESTORE_LOOK_BACK);
        let found = store.events(since).unwrap_or_default();
        recorded.notify_state = events::restore(&found, now.at);
        recorded.last_notified = recorded
            .notify_state
            .last_sent
            .iter()
            .filter(|(kind, _)| **kind != notify::Kind::Test)
            .max_by_key(|(_, at)| **at)
            .map(|(kind, _)| *kind);
        recorded
    }
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// The notification worker: each outcome goes into the history's events and back to the menu.
fn start_courier(proxy: EventLoopProxy<UserEvent>, boot_id: Option<String>) -> Option<Courier> {
    let snooze_proxy = std::sync::Mutex::new(proxy.clone());
    let on_snooze: notify::deliver::OnSnooze = std::sync::Arc::new(move |kind| {
        if let Ok(proxy) = snooze_proxy.lock() {
            let _ = proxy.send_event(UserEvent::Snooze(kind));
        }
    });
    let done = move |notification: &Notification, outcome: &Result<Delivered, DeliveryError>| {
        record_event(events::sent(notification, boot_id.clone(), now(), outcome));
        let said = match outcome {
            Ok(delivered) => format!("shown by {}", delivered.by),
            Err(error) => format!("not shown: {error}"),
        };
        let _ = proxy.send_event(UserEvent::Notified(notification.kind, said));
    };
    Courier::spawn(done, on_snooze).map_err(|error| tracing::warn!(%error, "cannot start the notification worker")).ok()
}

/// Adds an event to the history (opened for just this; a recorder elsewhere may hold the samples).
fn record_event(event: headroom::history::Event) {
    let Some(dir) = headroom::history::data_dir() else { return };
    if let Err(error) = headroom::history::append_event(&dir, event) {
        tracing::warn!(%error, "the event was not written to the history");
    }
}

fn tray_icon_image(state: IconState) -> anyhow::Result<tray_icon::Icon> {
    let image = icon::render(state, ICON_SIZE);
    tray_icon::Icon::from_rgba(image.pixels, image.width, image.height).context("icon image")
}

/// Menu labels are mnemonic strings: a literal '&' is written '&&'.
fn escape(label: &str) -> String {
    label.replace('&', "&&")
}

const IDS: &[(ItemId, &str)] = &[
    (ItemId::Pressure, "pressure"),
    (ItemId::App, "app"),
    (ItemId::Wired, "wired"),
    (ItemId::Compressed, "compressed"),
    (ItemId::CachedFiles, "cached"),
    (ItemId::Free, "free"),
    (ItemId::Swap, "swap"),
    (ItemId::WiredVerdict, "wired-verdict"),
    (ItemId::TopSuspect, "top-suspect"),
    (ItemId::Sparkline, "sparkline"),
    (ItemId::Purge, "purge"),
    (ItemId::MarkBaseline, "mark-baseline"),
    (ItemId::CompareBaseline, "compare-baseline"),
    (ItemId::Notifications, "notifications"),
    (ItemId::TestNotification, "test-notification"),
    (ItemId::Snooze, "snooze"),
    (ItemId::OpenSettings, "open-settings"),
    (ItemId::LaunchAtLogin, "launch-at-login"),
    (ItemId::About, "about"),
    (ItemId::Quit, "quit"),
];

fn id_text(id: ItemId) -> &'static str {
    IDS.iter().find(|(item, _)| *item == id).map_or("unknown", |(_, text)| text)
}

fn id_from_text(text: &str) -> Option<ItemId> {
    IDS.iter().find(|(_, name)| *name == text).map(|(id, _)| *id)
}

/// Opens config.toml in the default editor, writing the commented defaults first if it is missing.
fn open_settings() {
    let Some(path) = headroom::config::config_path() else { return };
    if !path.exists() {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // create_new: never overwrite a file that appeared meanwhile.
        if let Ok(mut file) = OpenOptions::new().write(true).create_new(true).open(&path) {
            let _ = file.write_all(headroom::config::DEFAULT_FILE.as_bytes());
        }
    }
    let opener = if cfg!(target_os = "macos") { "/usr/bin/open" } else { "/usr/bin/xdg-open" };
    let mut command = std::process::Command::new(opener);
    if cfg!(target_os = "macos") {
        command.arg("-t");
    }
    if let Err(error) = command.arg(&path).spawn() {
        tracing::warn!(%error, opener, "cannot open the settings file");
    }
}

/// Holds `headroom.lock` in the runtime (or data) directory while the app runs; `Err(pid)` when another app holds it.
fn single_instance() -> anyhow::Result<Result<File, String>> {
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .or_else(headroom::history::data_dir)
        .context("no runtime or data directory for the single-instance lock")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("headroom-app.lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            write!(file, "{}", std::process::id())?;
            Ok(Ok(file))
        }
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            Ok(Err(pid.trim().to_owned()))
        }
        Err(TryLockError::Error(error)) => Err(error).with_context(|| format!("cannot lock {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_id_round_trips_through_its_menu_id() {
        for (id, text) in IDS {
            assert_eq!(id_from_text(text), Some(*id));
            assert_eq!(id_text(*id), *text);
        }
        // Every item the menu can show has a menu id of its own, or its clicks would be lost.
        let built: Vec<ItemId> = menu::build(&MenuState::default()).into_iter().filter_map(|i| i.id).collect();
        assert_eq!(built.len(), IDS.len());
        assert!(built.iter().all(|id| id_text(*id) != "unknown"), "{built:?}");
        assert_eq!(escape("Tom & Jerry"), "Tom && Jerry");
    }

    #[test]
    fn a_second_instance_is_told_the_first_ones_pid() {
        let dir = tempfile::tempdir().expect("tempdir");
        // SAFETY of the environment change: this test binary's other tests do not read XDG_RUNTIME_DIR.
        unsafe { std::env::set_var("XDG_RUNTIME_DIR", dir.path()) };
        let first = single_instance().expect("works").expect("first");
        let second = single_instance().expect("works");
        assert_eq!(second.err(), Some(std::process::id().to_string()));
        drop(first);
        assert!(single_instance().expect("works").is_ok());
    }
}
