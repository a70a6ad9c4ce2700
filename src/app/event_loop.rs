//! The app's wiring: starts the threads, runs tao's event loop on the main thread, hands each event
//! to the state and carries out the effects it returns.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use tao::event::{Event, StartCause};
use tao::event_loop::{ControlFlow, EventLoopBuilder, EventLoopProxy};
use time::{OffsetDateTime, UtcOffset};
use tray_icon::menu::MenuEvent;

use super::events::{ProxySink, UserEvent};
use super::start::Recorded;
use super::state::{AppState, Effect, Start};
use super::tray::Tray;
use super::{actions, ids, instance, platform, replay};
use crate::history::{HistoryError, Recording};
use crate::notify::deliver::Courier;
use crate::sampling::sampler::{self, SampleEvent};
use crate::sampling::{CancelToken, prober, top_scan};
use crate::sys::{SystemReader, gather_suspects};
use crate::top::Grouping;

/// The state plus what only the shell holds: the tray, the recorder, the threads' handles.
struct Shell {
    state: AppState,
    tray: Option<Tray>,
    recording: Option<Recording>,
    token: CancelToken,
    /// Wakes the top-processes scanner (the menu opens) and stops it.
    top_token: CancelToken,
    proxy: EventLoopProxy<UserEvent>,
    /// Shows notifications off the main thread; None if its thread could not start.
    courier: Option<Courier>,
    /// Replay only: one credit back per sample handled, so the replay runs at the app's own pace.
    replay_credits: Option<std::sync::mpsc::SyncSender<()>>,
}

/// The menu-bar app until Quit or a signal. One per user: a second start says the first's pid and exits 0.
pub fn run(offset: UtcOffset, replay: Option<Duration>) -> anyhow::Result<ExitCode> {
    let _instance = match instance::single_instance()? {
        Ok(lock) => lock,
        Err(pid) => {
            println!("Headroom is already running (pid {pid})");
            return Ok(ExitCode::SUCCESS);
        }
    };
    let settings = crate::config::load_or_defaults();
    let mut recording = start_recording(&settings)?;
    if let (Some(recording), Some(_)) = (recording.as_mut(), replay) {
        recording.use_sample_clock();
    }

    let mut event_loop = EventLoopBuilder::<UserEvent>::with_user_event().build();
    platform::prepare_event_loop(&mut event_loop);
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
        Some(span) => Some(replay::start_replay(&mut reader, span, &settings, proxy.clone(), token.clone())?),
        None => {
            sampler::spawn(reader, settings.sample_interval.duration(), ProxySink(proxy.clone()), token.clone())
                .context("cannot start sampling")?;
            None
        }
    };
    let prober_proxy = proxy.clone();
    prober::spawn(
        gather_suspects,
        prober::DEFAULT_INTERVAL,
        move |suspects| prober_proxy.send_event(UserEvent::Suspects(Box::new(suspects))).is_ok(),
        token.clone(),
    )
    .context("cannot start the suspects prober")?;
    let top_token = CancelToken::new();
    let top_proxy = proxy.clone();
    top_scan::spawn(
        {
            let mut scanner = crate::sys::top::Scanner::new();
            move |now| scanner.scan(Grouping::ByApp, now).inspect_err(|e| tracing::warn!("top: {e}")).ok()
        },
        top_scan::INTERVAL,
        move |list| top_proxy.send_event(UserEvent::Top(Box::new(list))).is_ok(),
        top_token.clone(),
    )
    .context("cannot start the top-processes scanner")?;

    // Before the loop runs: Apple wants the notification delegate set before launch finishes.
    crate::notify::deliver::prepare(actions::snooze_callback(proxy.clone()));
    let courier = actions::start_courier(proxy.clone(), recorded.boot_id.clone());
    let state = AppState::new(Start {
        settings,
        offset,
        recorded,
        launch_at_login: crate::setup::login::is_enabled(),
        sparkline_as_text: platform::SPARKLINE_AS_TEXT,
        template_icon: platform::TEMPLATE_ICON,
        now: now(),
    });
    let mut shell = Shell { state, tray: None, recording, token, top_token, proxy, courier, replay_credits };
    // Held for the app's life (`run` never returns): App Nap would stretch the sampling cadence.
    let _app_nap = platform::hold_off_app_nap();

    event_loop.run(move |event, _, control_flow| {
        *control_flow = ControlFlow::Wait;
        let quit = match event {
            // macOS wants the tray icon made once the loop runs.
            Event::NewEvents(StartCause::Init) => {
                let created = Tray::create(
                    shell.state.menu_items(now()),
                    shell.state.icon_state(),
                    &shell.state.sparkline_image(),
                );
                platform::wake_main_run_loop();
                match created {
                    Ok(tray) => {
                        shell.tray = Some(tray);
                        false
                    }
                    Err(error) => {
                        eprintln!("headroom: cannot create the tray icon: {error:#}");
                        *control_flow = ControlFlow::ExitWithCode(1);
                        return;
                    }
                }
            }
            Event::UserEvent(event) => shell.on_event(event),
            // Every way out ends here, and only here are the threads stopped and the history written.
            // tao sends it when the loop exits (Quit, a signal, the session bus gone: tao
            // platform_impl/linux/event_loop.rs `run_return`) and — the one way that never passes
            // through our own Quit — when macOS quits the app at logout, restart or shutdown: AppKit's
            // `applicationWillTerminate:` → `AppState::exit` → `Event::LoopDestroyed`, after which AppKit
            // exits the process (tao 0.37 platform_impl/macos/app_delegate.rs, app_state.rs).
            Event::LoopDestroyed => {
                shell.stop();
                // And the process ends here, on every OS, as AppKit ends it after
                // `applicationWillTerminate:`: nothing after this event runs, not even the drops that
                // would otherwise write the history once more on Linux. So what the tests here see
                // (tests/app_exit.rs) is what a Mac's logout sees.
                let code = match *control_flow {
                    ControlFlow::ExitWithCode(code) => code,
                    _ => 0,
                };
                std::process::exit(code);
            }
            _ => false,
        };
        if quit {
            *control_flow = ControlFlow::Exit;
        }
    })
}

impl Shell {
    /// Hands one event to the state and carries out what it asks; returns true to quit.
    fn on_event(&mut self, event: UserEvent) -> bool {
        let effects = match event {
            UserEvent::Stop => return true,
            UserEvent::Sample(SampleEvent::Snapshot(snapshot)) => {
                if let Some(recording) = self.recording.as_mut() {
                    recording.record(&snapshot);
                }
                let effects = self.state.on_sample(*snapshot);
                if let Some(tray) = self.tray.as_mut() {
                    tray.show_icon(self.state.icon_state());
                    tray.show_title(self.state.title());
                }
                if let Some(credits) = &self.replay_credits {
                    let _ = credits.try_send(());
                }
                effects
            }
            UserEvent::Sample(SampleEvent::ReadFailed(error)) => {
                tracing::warn!("read failed: {error}");
                return false;
            }
            UserEvent::Suspects(suspects) => {
                if let Some(recording) = self.recording.as_mut() {
                    recording.note_suspects(&suspects);
                }
                self.state.on_suspects(*suspects);
                Vec::new()
            }
            UserEvent::Icon(event) => {
                tracing::debug!(?event, "tray icon");
                // A click opens the menu (macOS); its Top memory section is scanned afresh.
                match event {
                    tray_icon::TrayIconEvent::Click { .. } => self.state.on_menu_opening(),
                    _ => return false,
                }
            }
            UserEvent::Top(list) => {
                self.state.on_top(*list);
                Vec::new()
            }
            UserEvent::Purged(result) => self.state.on_purged(result, now()),
            UserEvent::Snooze(kind) => vec![self.state.snooze(kind, now())],
            UserEvent::Notified(kind, outcome) => {
                self.state.on_notified(kind, outcome);
                Vec::new()
            }
            UserEvent::Menu(event) => match ids::id_from_text(&event.id.0) {
                Some(id) => self.state.on_menu(id, now()),
                None => return false,
            },
        };
        for effect in effects {
            if self.carry_out(effect) {
                return true;
            }
        }
        if let Some(tray) = self.tray.as_mut() {
            // The sparkline is drawn only if the menu must be rebuilt.
            let state = &self.state;
            tray.show(state.menu_items(now()), || state.sparkline_image());
        }
        false
    }

    /// Does what the state asked; returns true for Quit.
    fn carry_out(&mut self, effect: Effect) -> bool {
        match effect {
            Effect::Quit => return true,
            Effect::Notify(notification) => match &self.courier {
                Some(courier) => courier.send(notification),
                None => {
                    tracing::warn!(title = notification.title, "no notification worker; not shown");
                    let why = "not shown: the notification worker did not start".to_owned();
                    self.state.on_notified(notification.kind, why);
                }
            },
            Effect::NudgeProber => self.token.nudge(),
            Effect::RefreshTop => self.top_token.nudge(),
            Effect::RedrawSparkline => {
                if let (false, Some(tray)) = (platform::SPARKLINE_AS_TEXT, self.tray.as_ref()) {
                    tray.show_sparkline(&self.state.sparkline_image());
                }
            }
            Effect::StartPurge => {
                if !actions::start_purge(self.state.settings(), self.proxy.clone()) {
                    self.state.purge_not_started();
                }
            }
            Effect::Record(event) => actions::record_event(event),
            Effect::ToggleLogin { enable } => self.state.set_launch_at_login(actions::set_login(enable)),
            Effect::OpenSettings => actions::open_settings(),
            Effect::ShowHistory { offset } => actions::show_history(self.state.settings(), offset),
        }
        false
    }

    /// Stops the threads and writes every queued sample; a second call does nothing more.
    fn stop(&mut self) {
        self.token.cancel();
        self.top_token.cancel();
        if let Some(recording) = self.recording.take() {
            recording.finish();
        }
    }
}

/// Records the history while the app runs, unless another recorder (e.g. `headroom record` as a
/// login agent) already does; then the app only shows.
fn start_recording(settings: &crate::config::Config) -> anyhow::Result<Option<Recording>> {
    let dir = crate::history::data_dir().context("cannot find the home directory to keep the history in")?;
    match Recording::start(&dir, settings) {
        Ok(recording) => Ok(Some(recording)),
        Err(error @ HistoryError::AlreadyRecording { .. }) => {
            eprintln!("headroom: {error}");
            Ok(None)
        }
        Err(error) => Err(error).context("cannot take the recording lock"),
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
