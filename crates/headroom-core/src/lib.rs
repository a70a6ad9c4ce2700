//! Headroom: a menu-bar memory monitor that says where memory went, in Activity Monitor's categories, and explains wired memory.
//!
//! Data flows one way (see ARCHITECTURE.md): `sys` reads raw kernel counters → `model` computes a
//! [`Snapshot`] → `verdict`, `suspects`, `history`, `notify` and `purge` decide and keep → `ui`
//! presents → the front ends `app` (the menu-bar app) and `cli` (one module per command).
//!
//! The library prints nothing: what the user should read comes back as data (or a line handed to a
//! front end's callback), and the front ends print it. Logging goes through `tracing`.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod decide;
pub mod i18n;
pub mod units;

pub mod sys;

pub mod model;
pub mod sampling;

pub mod history;
pub mod notify;
pub mod owners;
pub mod purge;
pub mod report;
pub mod setup;
pub mod suspects;
pub mod verdict;

pub mod top;
pub mod ui;

pub mod doctor;
pub mod engine;
pub mod export;

pub mod logging;

pub use model::{Breakdown, Platform, Pressure, Snapshot};
