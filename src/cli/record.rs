//! `headroom record` and `watch --record`: the one recorder of this machine's history, with its lock.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use anyhow::Context;
use headroom::config::Config;
use headroom::history::{self, Event, HistoryError, Recorder, RecorderLock, RecorderNotice};
use headroom::sampler::{self, CancelToken, SampleEvent};
use headroom::snapshot::Snapshot;
use headroom::suspects::{Suspects, appeared};
use headroom::sys::SystemReader;

/// A recorder that holds the machine's recording lock for as long as it lives.
pub struct Recording {
    recorder: Recorder,
    _lock: RecorderLock,
    db_path: PathBuf,
    /// The prober's latest result, picked up with the next sample.
    latest: Arc<Mutex<Option<Suspects>>>,
    /// The suspects last noted, to see what appears between two probes.
    noted: Option<Suspects>,
    boot_id: Option<String>,
    /// Replay only: batches are timed by the samples' own clock, anchored at the first sample.
    sample_clock: Option<Option<(Instant, time::OffsetDateTime)>>,
}

impl Recording {
    /// Takes the lock and opens the history; `Err(code)` when another recorder runs (already said on stderr).
    pub fn start(settings: &Config) -> anyhow::Result<Result<Recording, ExitCode>> {
        let dir = history::data_dir().context("cannot find the home directory to keep the history in")?;
        let lock = match RecorderLock::acquire(&dir) {
            Ok(lock) => lock,
            Err(error @ HistoryError::AlreadyRecording { .. }) => {
                eprintln!("headroom: {error}");
                return Ok(Err(ExitCode::FAILURE));
            }
            Err(error) => return Err(error).context("cannot take the recording lock"),
        };
        let db_path = dir.join(history::DB_FILE);
        let mut recording = Recording {
            recorder: Recorder::open(&db_path, &settings.history),
            _lock: lock,
            db_path,
            latest: Arc::new(Mutex::new(None)),
            noted: None,
            boot_id: None,
            sample_clock: None,
        };
        recording.say_notices();
        Ok(Ok(recording))
    }

    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    /// Starts the suspects prober, so recorded samples carry what explained wired memory and the
    /// history notes what appeared.
    pub fn start_probing(&self, token: CancelToken) -> anyhow::Result<std::thread::JoinHandle<()>> {
        let latest = Arc::clone(&self.latest);
        headroom::prober::spawn(
            headroom::sys::gather_suspects,
            headroom::prober::DEFAULT_INTERVAL,
            move |suspects| {
                *latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(suspects);
                true
            },
            token,
        )
        .context("cannot start the suspects prober")
    }

    /// Takes a probe's result: samples from now on carry what it explains, and each suspect that
    /// appeared since the last probe becomes a `suspect_appeared` event, so a later jump can be paired with it.
    pub fn note_suspects(&mut self, suspects: &Suspects) {
        self.recorder.set_explained(suspects.explained_bytes());
        if let Some(before) = &self.noted {
            for named in appeared(before, suspects) {
                self.recorder.record_event(Event {
                    at: suspects.at,
                    boot_id: self.boot_id.clone(),
                    kind: "suspect_appeared".to_owned(),
                    detail: serde_json::json!({ "kind": named.kind, "name": named.name }),
                });
            }
        }
        self.noted = Some(suspects.clone());
    }

    pub fn record(&mut self, snapshot: &Snapshot) {
        self.boot_id = Some(snapshot.boot_id.clone());
        let latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(suspects) = latest {
            self.note_suspects(&suspects);
        }
        let now = match self.sample_clock.as_mut() {
            Some(origin) => {
                let (instant, at) = *origin.get_or_insert((Instant::now(), snapshot.at));
                instant + Duration::try_from(snapshot.at - at).unwrap_or_default()
            }
            None => Instant::now(),
        };
        self.recorder.record(snapshot, now);
        self.say_notices();
    }

    /// For a replay: time the batches by the samples (60 s of samples per batch, as live), not by
    /// the wall clock, which would put days of samples in one batch.
    // Called by the menu-bar app binary only (this file is compiled into both executables).
    #[allow(dead_code)]
    pub fn use_sample_clock(&mut self) {
        self.sample_clock = Some(None);
    }

    /// Writes what is queued; called at exit (dropping does it too, but this reports problems).
    pub fn finish(mut self) {
        self.recorder.flush();
        self.say_notices();
    }

    fn say_notices(&mut self) {
        for notice in self.recorder.take_notices() {
            match notice {
                RecorderNotice::MovedAside(path) => eprintln!(
                    "headroom: warning: the history database was corrupt; it was moved to {} and a new one started",
                    path.display()
                ),
                RecorderNotice::Unwritable(message) => eprintln!("headroom: warning: history: {message}"),
                RecorderNotice::WritableAgain => eprintln!("headroom: history: writing again; nothing was lost"),
                RecorderNotice::BacklogTrimmed => {
                    eprintln!(
                        "headroom: warning: history: the unwritten backlog is full; the oldest samples are dropped"
                    )
                }
            }
        }
    }
}

/// `headroom record`: samples and records until Ctrl-C, printing nothing but problems.
pub fn run(interval: Option<Duration>) -> anyhow::Result<ExitCode> {
    // The handler goes in first, so Ctrl-C during start-up also ends with the history flushed.
    let token = CancelToken::new();
    let on_signal = token.clone();
    ctrlc::set_handler(move || on_signal.cancel()).context("cannot install the Ctrl-C handler")?;
    let settings = super::load_settings();
    let mut recording = match Recording::start(&settings)? {
        Ok(recording) => recording,
        Err(code) => return Ok(code),
    };
    let interval = interval.unwrap_or(settings.sample_interval.duration());
    let reader = SystemReader::new().context("cannot open the memory counters")?;
    let (sender, samples) = mpsc::channel();
    let sampler = sampler::spawn(reader, interval, sender, token.clone()).context("cannot start sampling")?;
    let prober = recording.start_probing(token.clone())?;
    eprintln!(
        "headroom: recording to {} every {} (Ctrl-C stops)",
        recording.db_path().display(),
        humantime::format_duration(interval)
    );
    for event in samples {
        match event {
            SampleEvent::Snapshot(snapshot) => recording.record(&snapshot),
            SampleEvent::ReadFailed(error) => tracing::warn!("read failed: {error}"),
        }
    }
    recording.finish();
    token.cancel();
    if sampler.join().is_err() || prober.join().is_err() {
        anyhow::bail!("a sampling thread panicked");
    }
    Ok(ExitCode::SUCCESS)
}
