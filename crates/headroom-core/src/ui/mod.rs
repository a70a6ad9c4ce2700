//! Presentation without a display: the menu's content, the icon, the sparkline, the baseline
//! comparison and the command line's text and JSON, all pure and tested by value.

pub mod baseline;
pub mod icon;
pub mod menu;
pub mod owners;
pub mod render;
pub mod settings_menu;
pub mod sparkline;
pub mod text;
pub mod top_section;
pub mod when;

/// The 16 GB M1 Pro capture as a snapshot, for the presentation tests.
#[cfg(test)]
pub(crate) fn fixture_snapshot() -> crate::model::Snapshot {
    let text = include_str!("../../tests/fixtures/vm_stat/m1pro-16g-2026-05-28.txt");
    crate::model::analyze::analyze(text, Some(16 << 30), time::OffsetDateTime::UNIX_EPOCH).expect("fixture")
}
