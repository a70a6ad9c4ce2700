//! A sampling thread with an interruptible sleep that sends snapshots (or read errors) to a sink until cancelled.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::cadence;
use super::cancel::CancelToken;
use super::sleep::TolerantSleep;
use crate::model::Snapshot;
use crate::sys::{ReadError, SystemReader};

/// What the sampler delivers each tick.
#[derive(Debug)]
pub(crate) enum SampleEvent {
    Snapshot(Box<Snapshot>),
    /// A read failed; the sampler keeps going and a later tick may succeed.
    ReadFailed(ReadError),
}

/// The receiving end is gone; the sampler stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SinkClosed;

/// Where samples go: a channel for `watch`, the tao `EventLoopProxy` in the tray app.
pub(crate) trait Sink: Send + 'static {
    fn deliver(&mut self, event: SampleEvent) -> Result<(), SinkClosed>;
}

impl Sink for mpsc::Sender<SampleEvent> {
    fn deliver(&mut self, event: SampleEvent) -> Result<(), SinkClosed> {
        self.send(event).map_err(|_| SinkClosed)
    }
}

impl Sink for mpsc::SyncSender<SampleEvent> {
    fn deliver(&mut self, event: SampleEvent) -> Result<(), SinkClosed> {
        self.send(event).map_err(|_| SinkClosed)
    }
}

/// Something that produces a snapshot on demand: the live reader, or a replay.
pub trait Source: Send + 'static {
    fn sample(&mut self) -> Result<Snapshot, ReadError>;
}

impl Source for SystemReader {
    fn sample(&mut self) -> Result<Snapshot, ReadError> {
        self.read()
    }
}

impl<F> Source for F
where
    F: FnMut() -> Result<Snapshot, ReadError> + Send + 'static,
{
    fn sample(&mut self) -> Result<Snapshot, ReadError> {
        self()
    }
}

/// The sampler's interval, changed while it runs (settings applied at once): the sampler reads it
/// before each sleep and starts a new grid of ticks when it changed.
#[derive(Debug, Clone)]
pub(crate) struct SharedInterval(Arc<AtomicU64>);

impl SharedInterval {
    pub(crate) fn new(interval: Duration) -> SharedInterval {
        SharedInterval(Arc::new(AtomicU64::new(nanos(interval))))
    }

    pub(crate) fn set(&self, interval: Duration) {
        self.0.store(nanos(interval), Ordering::Relaxed);
    }

    fn get(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed)).max(Duration::from_millis(1))
    }
}

fn nanos(interval: Duration) -> u64 {
    u64::try_from(interval.as_nanos()).unwrap_or(u64::MAX)
}

impl From<Duration> for SharedInterval {
    fn from(interval: Duration) -> SharedInterval {
        SharedInterval::new(interval)
    }
}

/// Samples `source` every `interval` on its own thread until `token` is cancelled or the sink closes.
///
/// Ticks are kept on a fixed cadence (start + n × interval), so slow reads do not make the
/// interval drift; a tick that is already past when the previous one ends is skipped, not bunched.
/// Each sleep may end up to [`cadence::timer_tolerance`] after its tick, so the OS can group the
/// wake-up with others; the fixed grid keeps that lateness from adding up.
pub(crate) fn spawn<S: Source, K: Sink>(
    mut source: S,
    interval: impl Into<SharedInterval>,
    mut sink: K,
    token: CancelToken,
) -> io::Result<JoinHandle<()>> {
    let shared = interval.into();
    thread::Builder::new().name("headroom-sampler".into()).spawn(move || {
        let mut interval = shared.get();
        let mut sleep = TolerantSleep::new(token.clone(), cadence::timer_tolerance(interval));
        let mut start = Instant::now();
        let mut tick: u32 = 0;
        loop {
            if token.is_cancelled() {
                return;
            }
            let event = match source.sample() {
                Ok(snapshot) => SampleEvent::Snapshot(Box::new(snapshot)),
                Err(error) => SampleEvent::ReadFailed(error),
            };
            // A sample taken while being cancelled is dropped, so nothing arrives after cancel().
            if token.is_cancelled() || sink.deliver(event).is_err() {
                return;
            }
            if shared.get() != interval {
                // A new interval: a new grid from this sample, and the tolerance that goes with it.
                interval = shared.get();
                sleep = TolerantSleep::new(token.clone(), cadence::timer_tolerance(interval));
                start = Instant::now();
                tick = 0;
            }
            let elapsed = start.elapsed();
            tick = next_tick(tick, elapsed, interval);
            let Some(deadline) = interval.checked_mul(tick).and_then(|offset| start.checked_add(offset)) else {
                return;
            };
            if sleep.until(deadline) {
                return;
            }
        }
    })
}

/// The next tick number after `tick` whose time (tick × interval) is still ahead of `elapsed`.
fn next_tick(tick: u32, elapsed: Duration, interval: Duration) -> u32 {
    let due = (elapsed.as_nanos() / interval.as_nanos()) as u32;
    tick.saturating_add(1).max(due.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyze;
    use time::OffsetDateTime;

    fn fixture_snapshot() -> Snapshot {
        let text = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 1 kB\nCached: 1 kB\nAnonPages: 1 kB\n\
                    Shmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
        analyze::analyze(text, None, OffsetDateTime::UNIX_EPOCH).expect("fixture parses")
    }

    #[test]
    fn a_new_interval_takes_effect_at_the_next_sample() {
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let interval = SharedInterval::new(Duration::from_secs(1));
        let handle = spawn(|| Ok(fixture_snapshot()), interval.clone(), tx, token.clone()).expect("spawns");
        let started = Instant::now();
        rx.recv_timeout(Duration::from_secs(5)).expect("the first sample, at once");
        interval.set(Duration::from_millis(5));
        // The sleep under way ends on the old grid (a second); from then on, every 5 ms: ten more
        // samples within two seconds, where the old interval would have given two.
        for _ in 0..10 {
            rx.recv_timeout(Duration::from_secs(5)).expect("samples at the new interval");
        }
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        token.cancel();
        handle.join().expect("sampler exits cleanly");
    }

    #[test]
    fn read_errors_are_events_and_the_sampler_recovers() {
        let mut calls = 0;
        let source = move || {
            calls += 1;
            if calls == 2 || calls == 3 { Err(ReadError::Unsupported("test")) } else { Ok(fixture_snapshot()) }
        };
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let handle = spawn(source, Duration::from_millis(1), tx, token.clone()).expect("spawns");
        let kinds: Vec<bool> = rx.iter().take(5).map(|e| matches!(e, SampleEvent::Snapshot(_))).collect();
        token.cancel();
        handle.join().expect("sampler exits cleanly");
        assert_eq!(kinds, vec![true, false, false, true, true]);
    }

    #[test]
    fn cancel_wakes_a_long_sleep_and_nothing_arrives_after() {
        let (tx, rx) = mpsc::channel();
        let token = CancelToken::new();
        let handle = spawn(|| Ok(fixture_snapshot()), Duration::from_secs(3600), tx, token.clone()).expect("spawns");
        assert!(matches!(rx.recv(), Ok(SampleEvent::Snapshot(_))), "first sample comes at once");
        token.cancel();
        // join() returning at all proves the hour-long sleep was interrupted.
        handle.join().expect("sampler exits cleanly");
        assert!(rx.try_recv().is_err(), "no sample after cancel");
    }

    #[test]
    fn a_closed_sink_stops_the_sampler() {
        let (tx, rx) = mpsc::channel();
        drop(rx);
        let handle =
            spawn(|| Ok(fixture_snapshot()), Duration::from_millis(1), tx, CancelToken::new()).expect("spawns");
        handle.join().expect("sampler stops when nobody listens");
    }

    #[test]
    fn ticks_skip_rather_than_bunch() {
        let second = Duration::from_secs(1);
        assert_eq!(next_tick(0, Duration::from_millis(10), second), 1);
        assert_eq!(next_tick(1, Duration::from_millis(1010), second), 2);
        // A read that took 3.5 intervals: the next tick is 4, not 2.
        assert_eq!(next_tick(1, Duration::from_millis(3500), second), 4);
    }
}
