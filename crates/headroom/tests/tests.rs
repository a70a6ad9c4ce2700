//! The headroom crate's integration tests as one binary but the purge (ripgrep's tests/tests.rs is the model):
//! one link of the library instead of one per file; each module is one former test file.

mod analyze_cli;
mod apps_history;
mod bundle;
mod completions_cli;
mod config_cli;
mod decide_cli;
mod doctor_cli;
mod env_faults;
mod explain_cli;
mod export_prometheus;
mod export_server;
mod export_support;
mod package_linux;
mod pages_once;
mod purge_sudo_live;
mod readme_examples;
mod record_cli;
mod record_faults;
mod report_chromium;
mod report_spans;
mod status_cli;
mod top_cli;
mod watch_cli;
