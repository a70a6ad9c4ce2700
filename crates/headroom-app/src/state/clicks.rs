//! What a click in the dropdown does to the state, and the effects it asks for: toggles, answers,
//! snoozes, baselines, and the Top memory rows' Quit and Show in Report.

use time::OffsetDateTime;

use super::{AppState, Effect};
use crate::effect::QuitRequest;
use headroom_core::config::SettingValue;
use headroom_core::notify;
use headroom_core::top::EntryKind;
use headroom_core::ui::baseline::{self, Baseline};
use headroom_core::ui::menu::{ItemId, TopPart};
use headroom_core::ui::top_section;

impl AppState {
    /// A click on the item `id`.
    pub fn on_menu(&mut self, id: ItemId, now: OffsetDateTime) -> Vec<Effect> {
        match id {
            ItemId::Quit => return vec![Effect::Quit],
            ItemId::Notifications => {
                // The watch keeps following the verdicts either way, so turning them back on does not replay old edges.
                let enabled = !self.settings.notifications.enabled;
                self.settings.notifications.enabled = enabled;
                return vec![Effect::SaveSetting { key: "notifications.enabled", value: SettingValue::Bool(enabled) }];
            }
            ItemId::TestNotification => {
                self.notification_test = Some("sending…".to_owned());
                return vec![self.notify(notify::test_notification(self.snapshot.as_ref()))];
            }
            ItemId::Snooze => {
                if let Some(kind) = self.last_notified {
                    return self.snooze_from_menu(kind, now);
                }
            }
            ItemId::LaunchAtLogin => return vec![Effect::ToggleLogin { enable: !self.launch_at_login }],
            ItemId::OpenSettings | ItemId::SettingsProblem => return vec![Effect::OpenSettings],
            ItemId::Setting(choice) => {
                // In effect at once, and written into config.toml (its comments kept), which the
                // live reload then reads back unchanged.
                let (changed, key, value) = choice.apply(&self.settings);
                self.settings = changed;
                self.spark.set_units(self.settings.units);
                return vec![
                    Effect::SaveSetting { key, value },
                    Effect::ApplySettings(Box::new(self.settings.clone())),
                ];
            }
            ItemId::ShowHistory => return vec![Effect::ShowHistory { offset: self.offset, anchor: None }],
            ItemId::TopPart(_, TopPart::Report) => {
                return vec![Effect::ShowHistory { offset: self.offset, anchor: Some("chart-apps") }];
            }
            ItemId::TopPart(row, TopPart::Quit) => {
                // The row as the menu shows it now (its labels follow every scan); the confirmation
                // names the app, so a scan that reordered the rows since cannot quit the wrong one unseen.
                let wired = self.snapshot.as_ref().map(|s| s.memory.wired);
                let shown = self.top.as_ref().map(|list| top_section::shown_rows(list, wired)).unwrap_or_default();
                if let Some(entry) = shown.into_iter().nth(usize::from(row)).filter(|e| {
                    e.kind != EntryKind::Kernel && !headroom_core::top::session::is_session_process(&e.name)
                }) {
                    return vec![Effect::ConfirmQuit(QuitRequest {
                        name: entry.name,
                        pids: entry.pids,
                        bytes: entry.bytes,
                    })];
                }
            }
            ItemId::About => return vec![Effect::About],
            ItemId::Purge if !self.purging => {
                self.purging = true;
                return vec![Effect::StartPurge];
            }
            ItemId::MarkBaseline => {
                if let Some(snapshot) = &self.snapshot {
                    let marked = Baseline::of(snapshot, self.suspect_names());
                    let record = Effect::Record(marked.event(Some(snapshot.boot_id.clone())));
                    let said = notify::answer(
                        headroom_core::tr!("baseline-marked", when = self.when(marked.at, now)),
                        headroom_core::tr!(
                            "answer-baseline-body",
                            figures = marked.figures(self.settings.units.label())
                        ),
                    );
                    self.baseline = Some(marked);
                    self.comparison = None;
                    return vec![record, self.notify(said)];
                }
            }
            ItemId::CompareBaseline => {
                if let (Some(before), Some(after)) = (&self.baseline, &self.snapshot) {
                    let since = self.when(before.at, now);
                    let units = self.settings.units.label();
                    let line = baseline::compare(before, after, &self.suspect_names(), units, &since);
                    self.comparison = Some((line.clone(), now));
                    return vec![self.notify(notify::answer(headroom_core::tr!("baseline-compared"), line))];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Snoozed from the menu: the event, and a notification saying until when.
    fn snooze_from_menu(&mut self, kind: notify::Kind, now: OffsetDateTime) -> Vec<Effect> {
        let record = self.snooze(kind, now);
        let until = self.snoozed_until(kind).map_or_else(String::new, |u| self.when(u, now));
        let said = notify::answer(
            headroom_core::tr!("notify-snoozed-title"),
            headroom_core::tr!("notify-snoozed-body", kind = self.snooze_target(kind), until = until),
        );
        vec![record, self.notify(said)]
    }
}
