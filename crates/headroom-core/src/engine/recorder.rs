//! The recording thread: the only place a front end's history is opened, written and read at
//! start. It takes the recording lock (or defers to the process that holds it), records each
//! sample and probe, writes events, and reads the seed a front end starts from.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::{Event, Sink};
use crate::config::Config;
use crate::history::{self, HistoryError, RecorderNotice, Recording, Seed};
use crate::model::Snapshot;
use crate::suspects::Suspects;

/// Samples waiting for the recording thread, in the order taken.
pub(super) type Queue = Arc<Mutex<Vec<Snapshot>>>;

/// Adds a sample to the queue; how many wait now. A panic elsewhere while holding the lock leaves
/// plain data behind, so a poisoned lock is used as it is.
pub(super) fn push(queue: &Queue, snapshot: Snapshot) -> usize {
    let mut waiting = queue.lock().unwrap_or_else(PoisonError::into_inner);
    waiting.push(snapshot);
    waiting.len()
}

/// Everything queued, leaving the queue empty.
pub(super) fn take(queue: &Queue) -> Vec<Snapshot> {
    std::mem::take(&mut *queue.lock().unwrap_or_else(PoisonError::into_inner))
}

/// What the other threads hand the recording thread.
pub(super) enum Job {
    /// Samples in the order taken, handed over in batches.
    Samples(Vec<Snapshot>),
    Suspects(Box<Suspects>),
    /// A top scan, whose apps the history keeps.
    Top(Box<crate::top::TopList>),
    Event(Box<history::Event>),
    /// The history's settings changed (the app applies a saved config.toml at once).
    Settings(Box<crate::config::History>),
    /// Write what is queued and end.
    Finish,
}

pub(super) struct Options {
    pub settings: Config,
    pub record: bool,
    pub seed: bool,
    pub sample_clock: bool,
    pub say: fn(&RecorderNotice),
    /// Whether the sampler should go on handing samples here; cleared when they have no use.
    pub wants_samples: Arc<AtomicBool>,
    /// Where the sampler leaves samples between hand-overs; taken once per `flush_every`.
    pub queue: Queue,
}

/// Whether this process records, as decided at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordingState {
    /// This process holds the recording lock and writes the history here.
    Recording { db_path: PathBuf },
    /// Another process (the app, `headroom record`) holds the lock and records; this one only shows.
    Deferred { pid: String },
    /// Recording was asked for but cannot be: no data directory, or the lock cannot be taken.
    Failed { why: String },
    /// Recording was not asked for.
    Off,
}

pub(super) fn spawn<K: Sink>(options: Options, jobs: Receiver<Job>, sink: K) -> io::Result<JoinHandle<()>> {
    thread::Builder::new().name("headroom-recording".into()).spawn(move || run(options, &jobs, &sink))
}

fn run<K: Sink>(options: Options, jobs: &Receiver<Job>, sink: &K) {
    let dir = history::data_dir();
    let (mut recording, state) = match (&dir, options.record) {
        (_, false) => (None, RecordingState::Off),
        (None, true) => (None, RecordingState::Failed { why: "no home directory to keep the history in".into() }),
        (Some(dir), true) => match Recording::start(dir, &options.settings, options.say) {
            Ok(mut recording) => {
                if options.sample_clock {
                    recording.use_sample_clock();
                } else {
                    match crate::sys::boot_time() {
                        Ok(booted) => recording.set_boot_time(booted),
                        Err(error) => tracing::warn!(%error, "no boot time for the history's boots table"),
                    }
                }
                let db_path = recording.db_path().to_owned();
                (Some(recording), RecordingState::Recording { db_path })
            }
            Err(HistoryError::AlreadyRecording { pid }) => (None, RecordingState::Deferred { pid }),
            Err(error) => (None, RecordingState::Failed { why: error.to_string() }),
        },
    };
    let mut seed_wanted = options.seed;
    let stop_samples_unless_recording = |recording: &Option<Recording>| {
        if recording.is_none() {
            options.wants_samples.store(false, Ordering::Relaxed);
        }
    };
    if !seed_wanted {
        stop_samples_unless_recording(&recording);
    }
    sink.send(Event::Recording(state));
    let mut take_every = options.settings.history.flush_every.duration();
    let mut next_take = Instant::now() + take_every;
    loop {
        let job = match jobs.recv_timeout(next_take.saturating_duration_since(Instant::now())) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                next_take = Instant::now() + take_every;
                // The timer is the write schedule: what was taken is written now (and dropped when
                // nothing records: the seed's sample went by message).
                let taken = take(&options.queue);
                if let Some(recording) = recording.as_mut() {
                    recording.record_and_write(&taken);
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => Job::Finish,
        };
        match job {
            Job::Samples(snapshots) => {
                if let (true, Some(first)) = (seed_wanted, snapshots.first()) {
                    seed_wanted = false;
                    // Read before these samples are queued, so the seed holds only what came before.
                    let seed = match recording.as_ref().and_then(Recording::store) {
                        Some(store) => Seed::load(store, &first.boot_id, first.at, &options.settings),
                        None => Seed::read(&first.boot_id, first.at, &options.settings),
                    };
                    sink.send(Event::Seed(Box::new(seed)));
                    stop_samples_unless_recording(&recording);
                }
                if let Some(recording) = recording.as_mut() {
                    recording.record_all(&snapshots);
                }
            }
            Job::Suspects(suspects) => {
                if let Some(recording) = recording.as_mut() {
                    recording.note_suspects(&suspects);
                }
            }
            Job::Top(list) => {
                if let Some(recording) = recording.as_mut() {
                    recording.note_apps(&list);
                }
            }
            Job::Event(event) => match (recording.as_mut(), &dir) {
                (Some(recording), _) => recording.record_event(*event),
                // Another process records: the event goes into the same database, opened for it.
                (None, Some(dir)) => {
                    if let Err(error) = history::append_event(dir, *event) {
                        tracing::warn!(%error, "the event was not written to the history");
                    }
                }
                (None, None) => tracing::warn!("no data directory: the event was not written"),
            },
            Job::Settings(history) => {
                take_every = history.flush_every.duration();
                next_take = next_take.min(Instant::now() + take_every);
                if let Some(recording) = recording.as_mut() {
                    recording.set_history(&history);
                }
            }
            Job::Finish => {
                if let Some(recording) = recording.as_mut() {
                    recording.record_all(&take(&options.queue));
                }
                break;
            }
        }
    }
    if let Some(recording) = recording {
        recording.finish();
    }
}
