//! The menu-bar app's state as the tests start it.

use headroom_app::start::Recorded;
use headroom_app::state::{AppState, Start};
use headroom_core::config::Config;
use time::OffsetDateTime;

/// The menu-bar app's state as it starts with no history: UTC, text sparkline, template icon.
pub fn app(settings: Config, now: OffsetDateTime) -> AppState {
    AppState::new(Start {
        settings,
        offset: time::UtcOffset::UTC,
        recorded: Recorded::default(),
        awaiting_seed: false,
        launch_at_login: false,
        sparkline_as_text: true,
        top_rows_as_submenus: false,
        template_icon: true,
        now,
    })
}

/// The app's state as it starts again at `now` after a restart, from what the history kept (`seed`).
pub fn restarted(settings: Config, seed: &headroom_core::history::Seed, now: OffsetDateTime) -> AppState {
    AppState::new(Start {
        settings,
        offset: time::UtcOffset::UTC,
        recorded: Recorded::from_seed(seed, now),
        awaiting_seed: false,
        launch_at_login: false,
        sparkline_as_text: true,
        top_rows_as_submenus: true,
        template_icon: true,
        now,
    })
}
