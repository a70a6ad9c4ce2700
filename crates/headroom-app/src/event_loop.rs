//! The app's wiring: starts the threads, runs tao's event loop on the main thread, hands each event
//! to the state and carries out the effects it returns.

use std::process::ExitCode;

use anyhow::Context;
use tao::event::{Event, StartCause};
use tao::event_loop::{ControlFlow, EventLoopBuilder, EventLoopProxy};
use time::{OffsetDateTime, UtcOffset};
use tray_icon::menu::MenuEvent;

use super::actions::BootId;
use super::events::{ProxySink, UserEvent};
use super::start::Recorded;
use super::state::{AppState, Effect, Start};
use super::tray::Tray;
use super::{actions, ids, instance, platform, replay};
use headroom_core::engine::{self, Engine, RecordingState};
use headroom_core::notify::deliver::Courier;
use headroom_core::sys::SystemReader;
use headroom_core::top::Grouping;

/// The state plus what only the shell holds: the tray, the engine, the notification worker.
struct Shell {
    state: AppState,
    tray: Option<Tray>,
    /// Samples, probes, scans and records on its own threads; None once stopped.
    engine: Option<Engine>,
    proxy: EventLoopProxy<UserEvent>,
    /// Shows notifications off the main thread; None if its thread could not start.
    courier: Option<Courier>,
    boot_id: BootId,
    /// Replay only: one credit back per sample handled, so the replay runs at the app's own pace.
    replay_credits: Option<std::sync::mpsc::SyncSender<()>>,
}

/// The menu-bar app until Quit or a signal. One per user: a second start says the first's pid and exits 0.
/// Nothing here reads or writes the history: the engine does that on its own threads, and what it
/// read comes back as events.
pub fn run(offset: UtcOffset, replay: Option<std::time::Duration>) -> anyhow::Result<ExitCode> {
    let _instance = match instance::single_instance()? {
        Ok(lock) => lock,
        Err(pid) => {
            println!("Headroom is already running (pid {pid})");
            return Ok(ExitCode::SUCCESS);
        }
    };
    let settings = headroom_core::config::load_or_defaults(|line| eprintln!("{line}"));
    // Every size the app shows (menu, notifications, the report) follows `units`.
    headroom_core::units::show_sizes_in(settings.units);
    let language = headroom_core::i18n::use_language(settings.language.tag());
    tracing::info!(language, "speaking");

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

    let mut options = engine::Options::sampling(settings.clone());
    options.record = true;
    options.say = |notice| eprintln!("{}", notice.line());
    options.probe = true;
    options.top = Some(Grouping::ByApp);
    // The sparkline and the notification watch start from the recorded history of this boot, read
    // by the engine after the first sample and handed over as a seed.
    options.seed = true;
    // A saved config.toml applies within a sample, without a restart.
    options.settings_file = headroom_core::config::config_path();
    let mut reader = SystemReader::new().context("cannot open the memory counters")?;
    let sink = ProxySink(proxy.clone());
    let (engine, replay_credits) = match replay {
        Some(span) => {
            let (source, credits) = replay::source(&mut reader, span, &settings, proxy.clone())?;
            options.interval = std::time::Duration::from_millis(1);
            options.sample_clock = true;
            (Engine::start(source, options, sink)?, Some(credits))
        }
        None => (Engine::start(reader, options, sink)?, None),
    };

    // Before the loop runs: Apple wants the notification delegate set before launch finishes.
    headroom_core::notify::deliver::prepare(actions::snooze_callback(proxy.clone()));
    let boot_id = BootId::default();
    let courier = actions::start_courier(proxy.clone(), engine.event_writer(), boot_id.clone());
    let state = AppState::new(Start {
        settings,
        offset,
        recorded: Recorded::default(),
        awaiting_seed: true,
        // Read off the main thread; the menu shows it when it arrives (UserEvent::Login).
        launch_at_login: false,
        sparkline_as_text: platform::SPARKLINE_AS_TEXT,
        top_rows_as_submenus: platform::SUBMENU_TEXT_IN_PLACE,
        template_icon: platform::TEMPLATE_ICON,
        now: now(),
    });
    let mut shell = Shell { state, tray: None, engine: Some(engine), proxy, courier, boot_id, replay_credits };
    actions::start_login(None, shell.proxy.clone());
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
                    shell.proxy.clone(),
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
            // Headroom.app opened again while it runs (Finder, Spotlight, `open -a`): AppKit's
            // `applicationShouldHandleReopen:` (tao 0.37 platform_impl/macos/app_delegate.rs). With no
            // window to bring forward, the answer a user can see is the dropdown itself.
            Event::Reopen { .. } => {
                if let Some(tray) = shell.tray.as_ref() {
                    tray.open_menu();
                }
                let effects = shell.state.on_menu_opening();
                for effect in effects {
                    shell.carry_out(effect);
                }
                false
            }
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
            UserEvent::Engine(event) => match self.on_engine(event) {
                Some(effects) => effects,
                None => return true,
            },
            UserEvent::Icon(event) => {
                tracing::debug!(?event, "tray icon");
                // A click opens the menu (macOS); its Top memory section is scanned afresh.
                match event {
                    tray_icon::TrayIconEvent::Click { .. } => self.state.on_menu_opening(),
                    _ => return false,
                }
            }
            UserEvent::MenuOpening => self.state.on_menu_opening(),
            UserEvent::Purged(result) => self.state.on_purged(result, now()),
            UserEvent::Snooze(kind) => vec![self.state.snooze(kind, now())],
            UserEvent::Login(shown) => {
                self.state.set_launch_at_login(shown);
                Vec::new()
            }
            UserEvent::Answer(answer) => vec![self.state.on_answer(answer)],
            UserEvent::QuitConfirmed(request) => {
                actions::quit_app(request, self.proxy.clone());
                Vec::new()
            }
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

    /// What the engine found, for the state; None for Stop (a signal, the replay's end).
    fn on_engine(&mut self, event: engine::Event) -> Option<Vec<Effect>> {
        Some(match event {
            engine::Event::Stop => return None,
            engine::Event::Sample(snapshot) => {
                let _ = self.boot_id.set(snapshot.boot_id.clone());
                let effects = self.state.on_sample(*snapshot);
                if let Some(tray) = self.tray.as_mut() {
                    tray.show_icon(self.state.icon_state());
                    tray.show_title(self.state.title());
                    if platform::TOOLTIP || tray.is_status_notifier() {
                        // Built per sample only where it shows.
                        tray.show_tooltip(self.state.tooltip());
                    }
                }
                if let Some(credits) = &self.replay_credits {
                    let _ = credits.try_send(());
                }
                effects
            }
            engine::Event::ReadFailed(error) => {
                tracing::warn!("read failed: {error}");
                Vec::new()
            }
            engine::Event::Suspects(suspects) => {
                self.state.on_suspects(*suspects);
                Vec::new()
            }
            engine::Event::Top(list) => self.state.on_top(*list),
            engine::Event::Settings(loaded) => self.state.on_settings(*loaded),
            engine::Event::Seed(seed) => {
                self.state.on_seed(Recorded::from_seed(&seed, now()));
                vec![Effect::RedrawSparkline]
            }
            engine::Event::Recording(state) => {
                match state {
                    RecordingState::Recording { db_path } => tracing::info!(path = %db_path.display(), "recording"),
                    // The app then only shows; the other recorder's history still feeds it.
                    RecordingState::Deferred { pid } => eprintln!("headroom: already recording (pid {pid})"),
                    RecordingState::Failed { why } => eprintln!("headroom: warning: not recording the history: {why}"),
                    RecordingState::Off => {}
                }
                Vec::new()
            }
        })
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
            Effect::NudgeProber => {
                if let Some(engine) = &self.engine {
                    engine.nudge_prober();
                }
            }
            Effect::RefreshTop => {
                if let Some(engine) = &self.engine {
                    engine.refresh_top();
                }
            }
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
            Effect::Record(event) => {
                if let Some(engine) = &self.engine {
                    engine.record_event(event);
                }
            }
            Effect::ToggleLogin { enable } => actions::start_login(Some(enable), self.proxy.clone()),
            Effect::ReadLogin => actions::start_login(None, self.proxy.clone()),
            Effect::SaveSetting { key, value } => actions::save_setting(key, value, self.proxy.clone()),
            Effect::OpenSettings => actions::open_settings(self.proxy.clone()),
            Effect::ShowHistory { offset, anchor } => {
                actions::show_history(self.state.settings(), offset, anchor, self.proxy.clone());
            }
            Effect::ConfirmQuit(request) => platform::confirm_quit(request, self.proxy.clone()),
            Effect::ApplySettings(settings) => {
                headroom_core::units::show_sizes_in(settings.units);
                headroom_core::i18n::use_language(settings.language.tag());
                if let Some(engine) = &self.engine {
                    engine.apply_settings(&settings);
                }
            }
            Effect::About => {
                if !platform::show_about_panel() {
                    let about = self.state.on_answer(actions::about());
                    return self.carry_out(about);
                }
            }
        }
        false
    }

    /// Stops the threads and writes every queued sample and event; a second call does nothing more.
    fn stop(&mut self) {
        // A replay's source waits for credits: dropping them lets it end.
        self.replay_credits = None;
        if let Some(engine) = self.engine.take()
            && let Err(error) = engine.finish()
        {
            eprintln!("headroom: {error}");
        }
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
