//! The headroom-app crate's integration tests as one binary (ripgrep's tests/tests.rs is the model):
//! one link of the library instead of one per file; each module is one former test file.

mod app_answers;
mod app_exit;
mod app_state;
mod app_support;
mod time_faults;
mod tray_e2e;
mod tray_language;
mod tray_quit;
mod tray_restart;
mod tray_settings;
mod tray_sni;
