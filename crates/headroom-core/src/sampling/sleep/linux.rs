//! Linux: the thread's timer slack is the tolerance. The cancel token's wait is a futex wait, and
//! "the timer expirations affected by timer slack are those set by … futex(2) (and thus the library
//! functions implemented via futexes, including pthread_cond_timedwait(3) …)"; expirations "may be
//! up to the specified number of nanoseconds late (but will never expire early)"
//! (PR_SET_TIMERSLACK(2const), https://man7.org/linux/man-pages/man2/pr_set_timerslack.2const.html).

use std::time::{Duration, Instant};

use crate::sampling::cancel::CancelToken;

pub(crate) struct Sleeper {
    token: CancelToken,
}

impl Sleeper {
    /// Sets the calling thread's timer slack to `tolerance` (the default is 50 µs).
    pub(crate) fn new(token: CancelToken, tolerance: Duration) -> Sleeper {
        // 0 would mean "back to the default": at least 1 ns.
        let slack = libc::c_ulong::try_from(tolerance.as_nanos()).unwrap_or(libc::c_ulong::MAX).max(1);
        // SAFETY: PR_SET_TIMERSLACK takes one unsigned long and touches only the calling thread.
        let result = unsafe {
            libc::prctl(libc::PR_SET_TIMERSLACK, slack, 0 as libc::c_ulong, 0 as libc::c_ulong, 0 as libc::c_ulong)
        };
        if result != 0 {
            tracing::debug!(error = %std::io::Error::last_os_error(), "cannot set the sampler's timer slack; it sleeps on time");
        }
        Sleeper { token }
    }

    pub(crate) fn until(&mut self, deadline: Instant) -> bool {
        self.token.sleep_until(deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current_slack() -> i32 {
        // SAFETY: PR_GET_TIMERSLACK takes no argument and returns the calling thread's slack.
        unsafe {
            libc::prctl(
                libc::PR_GET_TIMERSLACK,
                0 as libc::c_ulong,
                0 as libc::c_ulong,
                0 as libc::c_ulong,
                0 as libc::c_ulong,
            )
        }
    }

    #[test]
    fn the_tolerance_becomes_the_sleeping_threads_timer_slack_and_no_other() {
        let before = current_slack();
        let slack = std::thread::spawn(|| {
            let _sleeper = Sleeper::new(CancelToken::new(), Duration::from_millis(100));
            current_slack()
        })
        .join()
        .expect("thread");
        assert_eq!(slack, 100_000_000, "100 ms in ns");
        assert_eq!(current_slack(), before, "other threads keep theirs");
    }

    #[test]
    fn a_zero_tolerance_is_one_nanosecond_not_the_default() {
        let slack = std::thread::spawn(|| {
            let _sleeper = Sleeper::new(CancelToken::new(), Duration::ZERO);
            current_slack()
        })
        .join()
        .expect("thread");
        assert_eq!(slack, 1);
    }
}
