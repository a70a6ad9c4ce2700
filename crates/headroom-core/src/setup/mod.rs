//! What Headroom writes into the desktop so it starts and is found: the login item and the applications-menu entry.

pub mod desktop;
pub mod exporter;
pub mod file;
pub mod login;
