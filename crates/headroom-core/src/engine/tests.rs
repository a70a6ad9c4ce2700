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

type Channels = (Fanout<mpsc::Sender<Event>>, mpsc::Receiver<Event>, mpsc::Receiver<recorder::Job>);

fn fanout(wanted: bool) -> Channels {
    let (sink, events) = mpsc::channel();
    let (to_recorder, jobs) = mpsc::channel();
    let wants_samples = Arc::new(AtomicBool::new(wanted));
    let queue = recorder::Queue::default();
    let fanout = Fanout { sink, to_recorder, wants_samples, queue, first_handed: false, records: true, settings: None };
    (fanout, events, jobs)
}

fn batch_sizes(jobs: &mpsc::Receiver<recorder::Job>) -> Vec<usize> {
    jobs.try_iter()
        .map(|job| match job {
            recorder::Job::Samples(batch) => batch.len(),
            _ => 0,
        })
        .collect()
}

#[test]
fn samples_wait_in_the_queue_without_waking_the_recorder_except_the_first_and_the_last() {
    let (mut fanout, events, jobs) = fanout(true);
    for _ in 0..5 {
        fanout.deliver(SampleEvent::Snapshot(snapshot())).expect("the front end is there");
    }
    assert_eq!(events.try_iter().filter(|e| matches!(e, Event::Sample(_))).count(), 5, "the front end sees each");
    assert_eq!(batch_sizes(&jobs), vec![1], "the first goes at once (the seed waits for it), the rest wait");
    assert_eq!(recorder::take(&fanout.queue).len(), 4, "taken by the recording thread on its own timer");
    fanout.deliver(SampleEvent::Snapshot(snapshot())).expect("the front end is there");
    drop(fanout);
    assert_eq!(batch_sizes(&jobs), vec![1], "nothing is lost when sampling ends");
}

#[test]
fn a_full_queue_wakes_the_recorder() {
    let (mut fanout, _events, jobs) = fanout(true);
    for _ in 0..=super::MOST_IN_A_BATCH {
        fanout.deliver(SampleEvent::Snapshot(snapshot())).expect("the front end is there");
    }
    assert_eq!(batch_sizes(&jobs), vec![1, super::MOST_IN_A_BATCH]);
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
        queue: recorder::Queue::default(),
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
