//! The headroom-core crate's integration tests as one binary (ripgrep's tests/tests.rs is the model):
//! one link of the library instead of one per file; each module is one former test file.

mod export_metrics;
mod history;
mod history_faults;
mod history_query;
mod linux_pages;
mod macos_availability;
mod notify_decide;
mod notify_dunst;
mod notify_pseudo;
mod parsers_prop;
mod purge_sudo_list;
mod purge_timeout;
mod tidy;
mod verdicts;
