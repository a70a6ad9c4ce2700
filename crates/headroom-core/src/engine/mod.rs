//! The one engine under every front end: it runs the sampler, the suspects prober, the top scan
//! and the recording (every SQLite call) on threads of their own and sends what they find to a sink
//! as [`Event`]s. The app, `watch`, `record` and `export` only present what arrives and wire clicks
//! back; none of them touches the history, a file or a child process on its own thread.

mod recorder;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::config::Config;
use crate::history::{self, RecorderNotice, Seed};
use crate::model::Snapshot;
use crate::sampling::sampler::{self, SampleEvent, SinkClosed, Source};
use crate::sampling::{CancelToken, prober, top_scan};
use crate::suspects::Suspects;
use crate::sys::ReadError;
use crate::top::{Grouping, TopList};

pub use recorder::RecordingState;

/// What the engine tells its front end, in the order it happens.
#[derive(Debug)]
pub enum Event {
    Sample(Box<Snapshot>),
    /// A read failed; sampling goes on and a later tick may succeed.
    ReadFailed(ReadError),
    Suspects(Box<Suspects>),
    /// A scan of who uses memory (when asked for with [`Options::top`]).
    Top(Box<TopList>),
    /// Whether this process records the history, said once, as soon as it is known.
    Recording(RecordingState),
    /// This boot's recent history, read after the first sample (when asked for with [`Options::seed`]).
    /// Always sent, empty when there is no history or it cannot be read now.
    Seed(Box<Seed>),
    /// The settings file changed (with [`Options::settings_file`]): read and checked again, off the
    /// front end's thread. [`Engine::apply_settings`] puts what applies to the engine into effect.
    Settings(Box<crate::config::Loaded>),
    /// SIGINT or SIGTERM arrived (with [`Options::on_signals`]): end as on Quit.
    Stop,
}

/// Where events go: a channel for the commands, tao's event-loop proxy in the app. Each thread holds
/// a clone; `send` says false once the front end is gone, and the thread then ends.
pub trait Sink: Clone + Send + 'static {
    fn send(&self, event: Event) -> bool;
}

impl Sink for mpsc::Sender<Event> {
    fn send(&self, event: Event) -> bool {
        mpsc::Sender::send(self, event).is_ok()
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub settings: Config,
    pub interval: Duration,
    /// Record the history, unless another process already does ([`RecordingState::Deferred`]).
    pub record: bool,
    /// Probe who holds wired memory (VMs, GPU work, drivers) every [`prober::DEFAULT_INTERVAL`].
    pub probe: bool,
    /// Scan who uses memory, grouped so, every [`top_scan::INTERVAL`] and when [`Engine::refresh_top`] asks.
    pub top: Option<Grouping>,
    /// Read this boot's recent history after the first sample and send it as [`Event::Seed`].
    pub seed: bool,
    /// Time the recorder's batches by the samples' own clock (a replay's days of samples).
    pub sample_clock: bool,
    /// Take SIGINT and SIGTERM (once per process): cancel, and send [`Event::Stop`].
    pub on_signals: bool,
    /// Look at this settings file with every sample and send [`Event::Settings`] when it changed
    /// (the app: settings apply without a restart; the commands read the file once, at start).
    pub settings_file: Option<std::path::PathBuf>,
    /// Says what the recording has to tell (a corrupt database moved aside, a disk that cannot be
    /// written, writing again), on the recording thread, as it happens and at the end. The library
    /// prints nothing: the command line sets this to print [`RecorderNotice::line`] on stderr; the
    /// default logs it as a warning.
    pub say: fn(&RecorderNotice),
}

impl Options {
    /// Sampling at the configured interval, nothing else.
    pub fn sampling(settings: Config) -> Options {
        Options {
            interval: settings.sample_interval.duration(),
            settings,
            record: false,
            probe: false,
            top: None,
            seed: false,
            sample_clock: false,
            on_signals: true,
            settings_file: None,
            say: |notice| tracing::warn!("{}", notice.line()),
        }
    }
}

/// Why the engine did not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot install the signal handler: {0}")]
    Signals(#[from] ctrlc::Error),
    #[error("cannot start the {0} thread: {1}")]
    Thread(&'static str, io::Error),
    #[error("the {0} thread panicked")]
    Panicked(&'static str),
}

/// The running engine. Dropping it without [`Engine::finish`] leaves the threads to end with the process.
pub struct Engine {
    token: CancelToken,
    interval: sampler::SharedInterval,
    top_token: CancelToken,
    to_recorder: mpsc::Sender<recorder::Job>,
    threads: Vec<(&'static str, JoinHandle<()>)>,
}

impl Engine {
    /// Starts the threads. With `on_signals`, the handler goes in first, so a Ctrl-C during
    /// start-up also ends with the history written.
    pub fn start<S: Source, K: Sink>(source: S, options: Options, sink: K) -> Result<Engine, EngineError> {
        let token = CancelToken::new();
        if options.on_signals {
            let (on_signal, signal_sink) = (token.clone(), sink.clone());
            ctrlc::set_handler(move || {
                on_signal.cancel();
                signal_sink.send(Event::Stop);
            })?;
        }
        let (to_recorder, jobs) = mpsc::channel();
        let mut threads = Vec::new();
        let wants_samples = Arc::new(AtomicBool::new(options.record || options.seed));
        let queue = recorder::Queue::default();
        let recorder_options = recorder::Options {
            queue: Arc::clone(&queue),
            settings: options.settings.clone(),
            record: options.record,
            seed: options.seed,
            sample_clock: options.sample_clock,
            say: options.say,
            wants_samples: Arc::clone(&wants_samples),
        };
        let spawned = recorder::spawn(recorder_options, jobs, sink.clone());
        threads.push(("recording", spawned.map_err(|e| EngineError::Thread("recording", e))?));
        let fanout = Fanout {
            sink: sink.clone(),
            to_recorder: to_recorder.clone(),
            wants_samples,
            queue,
            first_handed: false,
            records: options.record,
            settings: options.settings_file.clone().map(crate::config::SettingsWatch::new),
        };
        let interval = sampler::SharedInterval::new(options.interval);
        let spawned = sampler::spawn(source, interval.clone(), fanout, token.clone());
        threads.push(("sampler", spawned.map_err(|e| EngineError::Thread("sampler", e))?));
        if options.probe {
            let (probe_sink, to_recorder) = (sink.clone(), to_recorder.clone());
            let spawned = prober::spawn(
                crate::sys::gather_suspects,
                prober::DEFAULT_INTERVAL,
                move |suspects: Suspects| {
                    let _ = to_recorder.send(recorder::Job::Suspects(Box::new(suspects.clone())));
                    probe_sink.send(Event::Suspects(Box::new(suspects)))
                },
                token.clone(),
            );
            threads.push(("prober", spawned.map_err(|e| EngineError::Thread("prober", e))?));
        }
        let top_token = CancelToken::new();
        // Recording keeps who used memory too (by app, on a timer: the history needs a series even
        // where the front end scans only when its menu opens); a front end that asked gets each scan.
        let for_front_end = options.top.is_some();
        let top = options.top.or(options.record.then_some(Grouping::ByApp));
        if let Some(grouping) = top {
            let (top_sink, to_recorder) = (sink.clone(), to_recorder.clone());
            let mut scanner = crate::sys::top::Scanner::new();
            let interval = if options.record { Some(top_scan::RECORDED_EVERY) } else { top_scan::INTERVAL };
            let spawned = top_scan::spawn(
                move |now| scanner.scan(grouping, now).inspect_err(|e| tracing::warn!("top: {e}")).ok(),
                interval,
                move |list: TopList| {
                    if options.record && grouping == Grouping::ByApp {
                        let _ = to_recorder.send(recorder::Job::Top(Box::new(list.clone())));
                    }
                    !for_front_end || top_sink.send(Event::Top(Box::new(list)))
                },
                top_token.clone(),
            );
            threads.push(("top", spawned.map_err(|e| EngineError::Thread("top", e))?));
        }
        Ok(Engine { token, interval, top_token, to_recorder, threads })
    }

    /// Puts changed settings into effect where the engine holds them: the sample interval (from the
    /// next sample on) and the history's batching and retention. The rest is the front end's.
    pub fn apply_settings(&self, settings: &Config) {
        self.interval.set(settings.sample_interval.duration());
        let _ = self.to_recorder.send(recorder::Job::Settings(Box::new(settings.history.clone())));
    }

    /// Scans who uses memory now (the menu opens).
    pub fn refresh_top(&self) {
        self.top_token.nudge();
    }

    /// Probes the suspects now (wired memory changed level).
    pub fn nudge_prober(&self) {
        self.token.nudge();
    }

    /// Adds an event to the history, on the recording thread (into this process's recording, or
    /// into the database of the process that records).
    pub fn record_event(&self, event: history::Event) {
        let _ = self.to_recorder.send(recorder::Job::Event(Box::new(event)));
    }

    /// A handle that adds events to the history from another thread (the notification worker).
    pub fn event_writer(&self) -> EventWriter {
        EventWriter(self.to_recorder.clone())
    }

    /// Stops sampling (e.g. the output went away); [`Engine::finish`] still writes what is queued.
    pub fn cancel(&self) {
        self.token.cancel();
    }

    /// Stops every thread, writes every queued sample and event, releases the recording lock.
    pub fn finish(self) -> Result<(), EngineError> {
        self.token.cancel();
        self.top_token.cancel();
        // The others end first: the sampler hands its last samples to the recording thread as it
        // ends, and they must be queued before Finish.
        let (recording, others): (Vec<_>, Vec<_>) =
            self.threads.into_iter().partition(|(name, _)| *name == "recording");
        let mut panicked = None;
        for (name, handle) in others {
            if handle.join().is_err() {
                panicked.get_or_insert(name);
            }
        }
        let _ = self.to_recorder.send(recorder::Job::Finish);
        for (name, handle) in recording {
            if handle.join().is_err() {
                panicked.get_or_insert(name);
            }
        }
        panicked.map_or(Ok(()), |name| Err(EngineError::Panicked(name)))
    }
}

/// Adds events to the history through the engine's recording thread; cheap to clone.
#[derive(Clone)]
pub struct EventWriter(mpsc::Sender<recorder::Job>);

impl EventWriter {
    pub fn record(&self, event: history::Event) {
        let _ = self.0.send(recorder::Job::Event(Box::new(event)));
    }
}

/// Most samples left in the queue before the recording thread is woken for them (a replay at
/// full speed fills it in moments; live sampling never gets near).
const MOST_IN_A_BATCH: usize = 256;

/// The sampler's sink: each snapshot to the front end, and into the recording thread's queue
/// (while it has a use for samples). That thread is not woken per sample: it takes the queue once
/// per `history.flush_every`, when it would write anyway — waking it every 2 s cost the idle app
/// measurably (issue 23). The first sample is handed over at once (the seed is read when it arrives).
struct Fanout<K> {
    sink: K,
    to_recorder: mpsc::Sender<recorder::Job>,
    /// Cleared by the recording thread once it neither records nor waits for the seed's sample
    /// (`watch`, a second app that defers): no copy and no queueing at all.
    wants_samples: Arc<AtomicBool>,
    queue: recorder::Queue,
    first_handed: bool,
    /// Recording was asked for (the "sample queued" trace the kill tests count).
    records: bool,
    /// The settings file, looked at with each sample (one `stat`), when the front end asked.
    settings: Option<crate::config::SettingsWatch>,
}

impl<K> Fanout<K> {
    /// Wakes the recording thread for what is queued now.
    fn hand_over(&self) {
        let batch = recorder::take(&self.queue);
        if !batch.is_empty() {
            let _ = self.to_recorder.send(recorder::Job::Samples(batch));
        }
    }
}

/// The samples still queued go to the recording thread as the sampler ends, before Finish.
impl<K> Drop for Fanout<K> {
    fn drop(&mut self) {
        self.hand_over();
    }
}

impl<K: Sink> sampler::Sink for Fanout<K> {
    fn deliver(&mut self, event: SampleEvent) -> Result<(), SinkClosed> {
        let event = match event {
            SampleEvent::Snapshot(snapshot) => {
                if self.wants_samples.load(Ordering::Relaxed) {
                    if self.records {
                        // Counted by the kill -9 and exit tests (HEADROOM_LOG=trace) against the database.
                        tracing::trace!(target: "headroom_core::history::recording", at = %snapshot.at, "sample queued");
                    }
                    let queued = recorder::push(&self.queue, (*snapshot).clone());
                    if !self.first_handed || queued >= MOST_IN_A_BATCH {
                        self.first_handed = true;
                        self.hand_over();
                    }
                }
                Event::Sample(snapshot)
            }
            SampleEvent::ReadFailed(error) => Event::ReadFailed(error),
        };
        if !self.sink.send(event) {
            return Err(SinkClosed);
        }
        let changed = self.settings.as_mut().and_then(crate::config::SettingsWatch::changed);
        match changed.map(|loaded| self.sink.send(Event::Settings(Box::new(loaded)))) {
            Some(false) => Err(SinkClosed),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
