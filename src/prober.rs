//! The suspects prober: gathers who holds wired memory on its own thread, slower than sampling, until cancelled.

use std::io;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::sampler::CancelToken;
use crate::suspects::Suspects;

/// How often suspects are gathered by default: they change slowly and gathering may run tools.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);

/// Asks the prober to gather now rather than at its next tick (e.g. when a verdict changed).
/// Cancelling the prober's token should be followed by `fire`, so it wakes to see it.
#[derive(Clone, Default)]
pub struct Trigger {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl Trigger {
    pub fn new() -> Trigger {
        Trigger::default()
    }

    pub fn fire(&self) {
        let (fired, wake) = &*self.inner;
        *fired.lock().unwrap_or_else(PoisonError::into_inner) = true;
        wake.notify_all();
    }

    /// Waits until fired or `deadline`; true when fired (and the request is consumed).
    fn wait_until(&self, deadline: Instant) -> bool {
        let (fired, wake) = &*self.inner;
        let mut flag = fired.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if *flag {
                *flag = false;
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            flag = wake.wait_timeout(flag, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

/// Calls `gather` every `interval` (first at once), and whenever `trigger` fires, handing each
/// result to `sink`, until `token` is cancelled or `sink` returns false.
pub fn spawn<G, K>(
    mut gather: G,
    interval: Duration,
    mut sink: K,
    token: CancelToken,
    trigger: Trigger,
) -> io::Result<JoinHandle<()>>
where
    G: FnMut(OffsetDateTime) -> Suspects + Send + 'static,
    K: FnMut(Suspects) -> bool + Send + 'static,
{
    thread::Builder::new().name("headroom-prober".into()).spawn(move || {
        let interval = interval.max(Duration::from_millis(1));
        loop {
            let started = Instant::now();
            let suspects = gather(OffsetDateTime::now_utc());
            if token.is_cancelled() || !sink(suspects) {
                return;
            }
            trigger.wait_until(started + interval);
            if token.is_cancelled() {
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
        let trigger = Trigger::new();
        let handle = spawn(
            |at| Suspects::unknown(at, "test"),
            Duration::from_millis(1),
            move |s| tx.send(s).is_ok(),
            token.clone(),
            trigger.clone(),
        )
        .expect("spawns");
        let first: Vec<Suspects> = rx.iter().take(3).collect();
        assert_eq!(first.len(), 3);
        token.cancel();
        trigger.fire();
        handle.join().expect("stops on cancel");

        let handle = spawn(
            |at| Suspects::unknown(at, "test"),
            Duration::from_millis(1),
            |_| false,
            CancelToken::new(),
            Trigger::new(),
        )
        .expect("spawns");
        handle.join().expect("stops when the sink refuses");
    }

    #[test]
    fn a_trigger_gathers_at_once_instead_of_waiting_for_the_interval() {
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let trigger = Trigger::new();
        let handle = spawn(
            |at| Suspects::unknown(at, "test"),
            Duration::from_secs(3600),
            move |s| tx.send(s).is_ok(),
            token.clone(),
            trigger.clone(),
        )
        .expect("spawns");
        rx.recv().expect("the first gathering comes at once");
        trigger.fire();
        // Without the trigger the next one would come in an hour; recv returning proves it came now.
        rx.recv().expect("the triggered gathering");
        token.cancel();
        trigger.fire();
        handle.join().expect("stops");
    }
}
