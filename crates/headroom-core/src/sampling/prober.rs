//! The suspects prober: gathers who holds wired memory on its own thread, slower than sampling, until cancelled.

use std::io;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::sampling::budget;
use crate::sampling::cancel::{CancelToken, Wake};
use crate::suspects::Suspects;

/// How often suspects are gathered by default: they change slowly and gathering may run tools.
/// VMs and GPU memory are read at this pace; the slow sources (macOS kernel and system extensions,
/// `kmutil showloaded`) are kept by the backend and read only every
/// [`EXTENSIONS_INTERVAL`](crate::suspects::slow::EXTENSIONS_INTERVAL), also when a nudge asks early.
/// Each gathering's `Suspects::costs` says what every source took.
pub(crate) const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);

/// Calls `gather` every `interval` (first at once; later when a probe is slow, see
/// [`budget`](crate::sampling::budget)), and whenever the token is nudged, handing
/// each result to `sink`, until `token` is cancelled or `sink` returns false.
pub(crate) fn spawn<G, K>(
    mut gather: G,
    interval: Duration,
    mut sink: K,
    token: CancelToken,
) -> io::Result<JoinHandle<()>>
where
    G: FnMut(OffsetDateTime) -> Suspects + Send + 'static,
    K: FnMut(Suspects) -> bool + Send + 'static,
{
    thread::Builder::new().name("headroom-prober".into()).spawn(move || {
        let interval = interval.max(Duration::from_millis(1));
        let mut seen = 0;
        loop {
            let started = Instant::now();
            let suspects = gather(OffsetDateTime::now_utc());
            // A machine of 10,000 processes makes a probe slow: it then waits longer (budget.rs).
            let next = budget::next_run(started, started.elapsed(), interval);
            if token.is_cancelled() || !sink(suspects) {
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
    use std::sync::mpsc;

    #[test]
    fn gathers_repeatedly_and_stops_on_cancel_or_a_closed_sink() {
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let handle = spawn(
            |at| Suspects::unknown(at, "test"),
            Duration::from_millis(1),
            move |s| tx.send(s).is_ok(),
            token.clone(),
        )
        .expect("spawns");
        let first: Vec<Suspects> = rx.iter().take(3).collect();
        assert_eq!(first.len(), 3);
        token.cancel();
        handle.join().expect("stops on cancel");

        let handle = spawn(|at| Suspects::unknown(at, "test"), Duration::from_millis(1), |_| false, CancelToken::new())
            .expect("spawns");
        handle.join().expect("stops when the sink refuses");
    }

    #[test]
    fn a_nudge_gathers_at_once_instead_of_waiting_for_the_interval() {
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let handle = spawn(
            |at| Suspects::unknown(at, "test"),
            Duration::from_secs(3600),
            move |s| tx.send(s).is_ok(),
            token.clone(),
        )
        .expect("spawns");
        rx.recv().expect("the first gathering comes at once");
        token.nudge();
        // Without the nudge the next one would come in an hour; recv returning proves it came now.
        rx.recv().expect("the nudged gathering");
        token.cancel();
        handle.join().expect("a cancel alone wakes and stops it");
    }
}
