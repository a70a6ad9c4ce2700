//! Systems without a tray backend (tao, tray-icon and muda support only macOS and Linux here):
//! the app prints what it would show, as `headroom watch`.

use std::process::ExitCode;
use std::time::Duration;

pub fn run(_offset: time::UtcOffset, _replay: Option<Duration>) -> anyhow::Result<ExitCode> {
    crate::watch_instead()
}
