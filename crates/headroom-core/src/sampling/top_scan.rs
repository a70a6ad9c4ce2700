//! The top-processes scanner: lists who uses memory on its own thread, when the menu opens (a nudge) or on a slow timer, never per sample.

use std::io;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::model::Platform;
use crate::sampling::budget;
use crate::sampling::cancel::{CancelToken, Wake};
use crate::top::TopList;

/// Where the platform says when the menu opens, the scan waits for that; elsewhere it repeats.
/// macOS: tray-icon 0.26.1 sends `TrayIconEvent::Click` from the status item's `mouseDown:` before
/// `on_tray_click` calls `performClick` to open the menu (src/platform_impl/macos/mod.rs), and
/// tao's proxy wakes the run loop in its common modes, so the scan lands while the menu is open.
/// Linux: clicks produce no event (the menu opens by itself; see docs/platform-facts.md), and muda
/// 0.21 has no "menu opened" event either, so the list is refreshed on this timer.
pub(crate) const INTERVAL: Option<Duration> = interval(crate::sys::PLATFORM);

/// How often a recording process scans, whatever the platform: the apps' history needs a series.
pub(crate) const RECORDED_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// [`INTERVAL`] on `platform`.
pub(crate) const fn interval(platform: Platform) -> Option<Duration> {
    match platform {
        Platform::Macos => None,
        Platform::Linux => Some(Duration::from_secs(10)),
    }
}

/// How long a scan without a timer waits for a nudge before looking again anyway.
const IDLE: Duration = Duration::from_secs(24 * 3600);

/// Calls `scan` at once, then every `interval` (or only when nudged, when `None`; later when a
/// scan is slow, see [`budget`]) and at every nudge of `token`, handing each result to `sink` until `token` is cancelled or `sink` returns false.
pub(crate) fn spawn<S, K>(
    mut scan: S,
    interval: Option<Duration>,
    mut sink: K,
    token: CancelToken,
) -> io::Result<JoinHandle<()>>
where
    S: FnMut(OffsetDateTime) -> Option<TopList> + Send + 'static,
    K: FnMut(TopList) -> bool + Send + 'static,
{
    thread::Builder::new().name("headroom-top".into()).spawn(move || {
        let interval = interval.unwrap_or(IDLE).max(Duration::from_millis(1));
        let mut seen = 0;
        loop {
            let started = Instant::now();
            let list = scan(OffsetDateTime::now_utc());
            let next = budget::next_run(started, started.elapsed(), interval);
            if let Some(list) = list
                && (token.is_cancelled() || !sink(list))
            {
                return;
            }
            if token.wait_until(next, &mut seen) == Wake::Cancelled {
                return;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::top::Grouping;
    use std::sync::mpsc;

    fn empty(at: OffsetDateTime) -> Option<TopList> {
        Some(TopList::build(Vec::new(), Grouping::ByApp, at))
    }

    #[test]
    fn without_a_timer_it_scans_once_then_only_when_nudged() {
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let handle = spawn(empty, None, move |list| tx.send(list).is_ok(), token.clone()).expect("spawns");
        rx.recv().expect("the first scan comes at once");
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "no scan without a nudge");
        token.nudge();
        rx.recv().expect("the nudged scan (the menu opened)");
        token.cancel();
        handle.join().expect("stops on cancel");
    }

    #[test]
    fn with_a_timer_it_repeats_and_stops_when_the_sink_closes() {
        let handle = spawn(empty, Some(Duration::from_millis(1)), |_| false, CancelToken::new()).expect("spawns");
        handle.join().expect("stops when the sink refuses");
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let handle =
            spawn(empty, Some(Duration::from_millis(1)), move |l| tx.send(l).is_ok(), token.clone()).expect("spawns");
        assert_eq!(rx.iter().take(3).count(), 3);
        token.cancel();
        handle.join().expect("stops on cancel");
    }
}
