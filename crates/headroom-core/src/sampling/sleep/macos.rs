//! macOS: a one-shot kqueue timer with an explicit leeway is the tolerance. `EVFILT_TIMER` with
//! `NOTE_LEEWAY` takes the leeway in `ext[1]`, in the unit of `data` (XNU `bsd/kern/kern_event.c`,
//! `filt_timervalidate`: "transform the leeway in kn_ext[1] to same time scale"); libdispatch arms
//! its own leeway timers the same way. A plain condition-variable wait has no way to say it. The
//! cancel token wakes the wait through an `EVFILT_USER` event, triggered by a small thread that
//! waits on the token (it wakes once an hour to see whether the sampler is gone).

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::sampling::cancel::CancelToken;

const TIMER: u64 = 1;
const CANCEL: u64 = 2;
/// How often the bridge thread checks whether its sampler is gone (a wake-up an hour costs nothing).
const BRIDGE_CHECK: Duration = Duration::from_secs(3600);

pub(crate) struct Sleeper {
    token: CancelToken,
    tolerance: Duration,
    /// None when the kqueue or its bridge could not be set up: then the sleep is on time.
    queue: Option<Arc<Kqueue>>,
    gone: Arc<AtomicBool>,
}

impl Sleeper {
    pub(crate) fn new(token: CancelToken, tolerance: Duration) -> Sleeper {
        let gone = Arc::new(AtomicBool::new(false));
        let queue = match Kqueue::with_bridge(&token, &gone) {
            Ok(queue) => Some(queue),
            Err(error) => {
                tracing::debug!(%error, "no kqueue timer; the sampler sleeps on time");
                None
            }
        };
        Sleeper { token, tolerance, queue, gone }
    }

    pub(crate) fn until(&mut self, deadline: Instant) -> bool {
        if self.token.is_cancelled() {
            return true;
        }
        let Some(queue) = &self.queue else { return self.token.sleep_until(deadline) };
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return false;
        }
        match queue.wait_timer(wait, self.tolerance) {
            Ok(Woken::Cancelled) => true,
            // Never before the deadline: if the timer came early, the rest is an ordinary sleep.
            Ok(Woken::Timer) => self.token.sleep_until(deadline),
            Err(error) => {
                tracing::debug!(%error, "kqueue timer failed; sleeping on time");
                self.token.sleep_until(deadline)
            }
        }
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        self.gone.store(true, Ordering::Relaxed);
    }
}

enum Woken {
    Timer,
    Cancelled,
}

/// A kqueue descriptor, closed when the last holder (sleeper or bridge) lets go.
struct Kqueue(libc::c_int);

impl Kqueue {
    fn with_bridge(token: &CancelToken, gone: &Arc<AtomicBool>) -> io::Result<Arc<Kqueue>> {
        // SAFETY: kqueue() takes no arguments and returns a new descriptor or -1.
        let fd = unsafe { libc::kqueue() };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let queue = Arc::new(Kqueue(fd));
        queue.change(event(CANCEL, libc::EVFILT_USER, libc::EV_ADD | libc::EV_CLEAR, 0, 0, 0))?;
        let (bridge_queue, token, gone) = (Arc::clone(&queue), token.clone(), Arc::clone(gone));
        std::thread::Builder::new().name("headroom-sampler-cancel".into()).spawn(move || {
            loop {
                if token.sleep_until(Instant::now() + BRIDGE_CHECK) {
                    let _ = bridge_queue.change(event(CANCEL, libc::EVFILT_USER, 0, libc::NOTE_TRIGGER, 0, 0));
                    return;
                }
                if gone.load(Ordering::Relaxed) {
                    return;
                }
            }
        })?;
        Ok(queue)
    }

    /// Arms a one-shot timer `wait` from now, late by up to `leeway`, and blocks until it or the cancel fires.
    fn wait_timer(&self, wait: Duration, leeway: Duration) -> io::Result<Woken> {
        let nanos = |d: Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
        let timer = event(
            TIMER,
            libc::EVFILT_TIMER,
            libc::EV_ADD | libc::EV_ONESHOT,
            libc::NOTE_NSECONDS | libc::NOTE_LEEWAY,
            nanos(wait),
            nanos(leeway) as u64,
        );
        let mut out = event(0, 0, 0, 0, 0, 0);
        loop {
            // SAFETY: one valid change in, room for one event out, no timeout (blocks until an event).
            let n = unsafe { libc::kevent64(self.0, &timer, 1, &mut out, 1, 0, std::ptr::null()) };
            if n < 0 {
                let error = io::Error::last_os_error();
                if error.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(error);
            }
            if out.flags & libc::EV_ERROR != 0 {
                return Err(io::Error::from_raw_os_error(out.data as i32));
            }
            if n == 1 {
                return Ok(if out.ident == CANCEL { Woken::Cancelled } else { Woken::Timer });
            }
        }
    }

    fn change(&self, change: libc::kevent64_s) -> io::Result<()> {
        // SAFETY: one valid change in, no events out, a zero timeout so it never blocks.
        let zero = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        let n = unsafe { libc::kevent64(self.0, &change, 1, std::ptr::null_mut(), 0, 0, &zero) };
        if n < 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
    }
}

impl Drop for Kqueue {
    fn drop(&mut self) {
        // SAFETY: the descriptor is ours and closed once, when the last Arc goes.
        unsafe { libc::close(self.0) };
    }
}

fn event(ident: u64, filter: i16, flags: u16, fflags: u32, data: i64, leeway: u64) -> libc::kevent64_s {
    libc::kevent64_s { ident, filter, flags, fflags, data, udata: 0, ext: [0, leeway] }
}
