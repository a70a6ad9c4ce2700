//! Headroom's menu-bar app, a front end over the core's engine: the pure state (`state` and its `effect`s, `spark`, `start`, `ids`) decides what is
//! shown and what to do; the shell (`event_loop`, `tray`, `actions`, `instance`, `replay`) wires
//! tao, tray-icon and muda to it and carries the effects out; `platform` holds what differs per OS.

pub mod effect;
pub mod ids;
pub mod platform;
pub mod quit;
pub mod spark;
pub mod start;
pub mod state;

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod actions;
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod event_loop;
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod events;
mod instance;
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod replay;
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod tray;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod unsupported;
mod watch;

#[cfg(any(target_os = "linux", target_os = "macos"))]
pub use event_loop::run;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
pub use unsupported::run;
pub use watch::watch_instead;
