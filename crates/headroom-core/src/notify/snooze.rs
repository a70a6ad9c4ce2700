//! Snoozes: a kind silenced for a day (from the notification or the menu), or one app's leak and
//! runaway alerts (the last such alert's app), while other apps' still come.

use time::OffsetDateTime;

use super::{Kind, State};

/// Snoozes a kind for a day (from the notification or the menu); returns until when.
pub fn snooze(state: &mut State, kind: Kind, now: OffsetDateTime) -> OffsetDateTime {
    let until = now + SNOOZE;
    state.snoozed_until.insert(kind, until);
    until
}

/// Silences one app's alerts (its leak, its runaway) for a day; other apps' still come.
pub fn snooze_app(state: &mut State, app: &str, now: OffsetDateTime) -> OffsetDateTime {
    let until = now + SNOOZE;
    state.snoozed_apps.insert(app.to_owned(), until);
    until
}

/// Whether `app`'s alerts may come at `now` (not snoozed, or its snooze is over).
pub(crate) fn app_awake(state: &State, app: &str, now: OffsetDateTime) -> bool {
    state.snoozed_apps.get(app).is_none_or(|until| now >= *until)
}

/// How long a snooze lasts.
pub(super) const SNOOZE: time::Duration = time::Duration::days(1);
