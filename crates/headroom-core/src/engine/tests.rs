//! The engine's hand-offs: samples reach the recording thread only while it has a use for them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use super::{Event, Fanout, recorder};
use crate::config::Config;
use crate::model::{Snapshot, analyze};
use crate::sampling::sampler::{SampleEvent, Sink as _};

fn snapshot() -> Box<Snapshot> {
    let text = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 1 kB\nCached: 1 kB\nAnonPages: 1 kB\n\
                Shmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
    Box::new(analyze::analyze(text, None, time::OffsetDateTime::UNIX_EPOCH).expect("fixture parses"))
}

fn fanout(wanted: bool) -> (Fanout<mpsc::Sender<Event>>, mpsc::Receiver<Event>, mpsc::Receiver<recorder::Job>) {
    let (sink, events) = mpsc::channel();
    let (to_recorder, jobs) = mpsc::channel();
    let fanout = Fanout { sink, to_recorder, wants_samples: Arc::new(AtomicBool::new(wanted)) };
    (fanout, events, jobs)
}

#[test]
fn a_sample_goes_to_the_recorder_and_the_front_end_while_the_recorder_wants_it() {
    let (mut fanout, events, jobs) = fanout(true);
    fanout.deliver(SampleEvent::Snapshot(snapshot())).expect("the front end is there");
    assert!(matches!(jobs.try_recv(), Ok(recorder::Job::Sample(_))));
    assert!(matches!(events.try_recv(), Ok(Event::Sample(_))));
}

#[test]
fn a_sample_skips_a_recorder_that_has_no_use_for_it() {
    let (mut fanout, events, jobs) = fanout(false);
    fanout.deliver(SampleEvent::Snapshot(snapshot())).expect("the front end is there");
    assert!(jobs.try_recv().is_err(), "no copy and no wake-up of the recording thread");
    assert!(matches!(events.try_recv(), Ok(Event::Sample(_))));
}

#[test]
fn a_recorder_that_neither_records_nor_seeds_says_so_at_once() {
    let wants_samples = Arc::new(AtomicBool::new(true));
    let options = recorder::Options {
        settings: Config::default(),
        record: false,
        seed: false,
        sample_clock: false,
        say: |_| {},
        wants_samples: Arc::clone(&wants_samples),
    };
    let (to_recorder, jobs) = mpsc::channel();
    let (sink, events) = mpsc::channel();
    let handle = recorder::spawn(options, jobs, sink).expect("spawns");
    let first = events.recv_timeout(Duration::from_secs(10)).expect("the recording state arrives");
    assert!(matches!(first, Event::Recording(recorder::RecordingState::Off)));
    assert!(!wants_samples.load(Ordering::Relaxed));
    to_recorder.send(recorder::Job::Finish).expect("the thread runs");
    handle.join().expect("ends cleanly");
}
