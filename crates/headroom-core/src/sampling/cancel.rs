//! The threads' shared stop-and-wake signal: an interruptible sleep (Mutex + Condvar) that cancel and nudge cut short.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Instant;

/// What the sleepers share: cancelled for good, and how many nudges were sent.
#[derive(Default)]
struct TokenState {
    cancelled: bool,
    nudges: u64,
}

/// The threads' shared stop-and-wake signal. Cancelling wakes every sleeper at once instead of
/// after its interval; a nudge wakes only those that asked to be nudged (the prober, when a
/// verdict changed), so one mechanism serves both and cancel always wakes everyone.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<(Mutex<TokenState>, Condvar)>,
}

/// Why a nudgeable wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    Elapsed,
    Nudged,
    Cancelled,
}

impl CancelToken {
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, TokenState> {
        // A poisoned lock only means another thread panicked while holding it; the state is still usable.
        self.inner.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn cancel(&self) {
        self.state().cancelled = true;
        self.inner.1.notify_all();
    }

    /// Wakes the sleepers that wait with [`CancelToken::wait_until`] without cancelling anything.
    pub(crate) fn nudge(&self) {
        self.state().nudges += 1;
        self.inner.1.notify_all();
    }

    pub fn is_cancelled(&self) -> bool {
        self.state().cancelled
    }

    /// Sleeps until `deadline` or until cancelled (nudges are ignored); returns true when cancelled.
    pub fn sleep_until(&self, deadline: Instant) -> bool {
        let mut unused = u64::MAX;
        self.wait(deadline, &mut unused, false) == Wake::Cancelled
    }

    /// Sleeps until `deadline`, a cancel, or a nudge newer than `seen` (which it then records).
    pub(crate) fn wait_until(&self, deadline: Instant, seen: &mut u64) -> Wake {
        self.wait(deadline, seen, true)
    }

    fn wait(&self, deadline: Instant, seen: &mut u64, nudgeable: bool) -> Wake {
        let mut state = self.state();
        loop {
            if state.cancelled {
                return Wake::Cancelled;
            }
            if nudgeable && state.nudges != *seen {
                *seen = state.nudges;
                return Wake::Nudged;
            }
            let now = Instant::now();
            if now >= deadline {
                return Wake::Elapsed;
            }
            state = self.inner.1.wait_timeout(state, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_nudge_wakes_only_those_who_wait_for_nudges_and_cancel_wakes_all() {
        let token = CancelToken::new();
        let mut seen = 0;
        token.nudge();
        let soon = Instant::now() + Duration::from_millis(20);
        assert!(!token.sleep_until(soon), "the sampler's sleep ignores nudges and is not cancelled");
        assert_eq!(token.wait_until(Instant::now() + Duration::from_secs(3600), &mut seen), Wake::Nudged);
        assert_eq!(
            token.wait_until(Instant::now() + Duration::from_millis(10), &mut seen),
            Wake::Elapsed,
            "a nudge counts once"
        );
        token.cancel();
        assert_eq!(token.wait_until(Instant::now() + Duration::from_secs(3600), &mut seen), Wake::Cancelled);
        assert!(token.sleep_until(Instant::now() + Duration::from_secs(3600)));
    }
}
