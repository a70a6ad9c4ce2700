//! Headroom: a menu-bar memory monitor that says where memory went, in Activity Monitor's categories, and explains wired memory.
//!
//! Data flows one way: `sys` reads raw kernel counters, the OS-free models (`macos_model`,
//! `linux_model`) turn them into a [`Snapshot`], and the front ends render it.

pub mod analyze;
pub mod config;
pub mod desktop;
pub mod history;
pub mod linux_model;
pub mod login;
pub mod macos_model;
pub mod notify;
pub mod prober;
pub mod purge;
pub mod render;
pub mod replay;
pub mod sampler;
pub mod snapshot;
pub mod suspects;
pub mod sys;
pub mod ui;
pub mod units;
pub mod verdict;
pub mod vm_stat;

pub use snapshot::{Breakdown, Platform, Pressure, Snapshot};
