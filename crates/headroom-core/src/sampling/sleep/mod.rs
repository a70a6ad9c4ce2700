//! The sampler's sleep with a timer tolerance: it ends at the deadline or up to `tolerance` later,
//! as the OS prefers (so it can group wake-ups), or at once on cancel. Per OS in its own file.

use std::time::{Duration, Instant};

use super::cancel::CancelToken;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
use macos as imp;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod exact;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use exact as imp;

/// A sleeper for one thread: made on the thread that sleeps (Linux's timer slack is per thread).
pub(crate) struct TolerantSleep {
    inner: imp::Sleeper,
}

impl TolerantSleep {
    pub(crate) fn new(token: CancelToken, tolerance: Duration) -> TolerantSleep {
        TolerantSleep { inner: imp::Sleeper::new(token, tolerance) }
    }

    /// Sleeps until `deadline` (late by up to the tolerance if the OS so chooses) or until the
    /// token is cancelled; returns true when cancelled.
    pub(crate) fn until(&mut self, deadline: Instant) -> bool {
        self.inner.until(deadline)
    }
}
