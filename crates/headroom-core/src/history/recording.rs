//! The one recorder of this machine's history: holds the recording lock, takes samples and probe
//! results, and hands its problems (the recorder's notices) to the front end, which says them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Event, EventKind, HistoryError, Recorder, RecorderLock, RecorderNotice};
use crate::config::Config;
use crate::model::Snapshot;
use crate::suspects::{Suspects, appeared};

/// A recorder that holds the machine's recording lock for as long as it lives.
pub struct Recording {
    recorder: Recorder,
    _lock: RecorderLock,
    db_path: PathBuf,
    /// The suspects last noted, to see what appears between two probes.
    noted: Option<Suspects>,
    /// Which holders of wired memory were recorded, to record only what changed.
    holders: super::HolderLog,
    /// Which apps were recorded, likewise.
    apps: super::AppLog,
    boot_id: Option<String>,
    /// Replay only: batches are timed by the samples' own clock, anchored at the first sample.
    sample_clock: Option<Option<(Instant, time::OffsetDateTime)>>,
    /// Where each notice goes, once (the command line prints [`RecorderNotice::line`] on stderr).
    say: fn(&RecorderNotice),
}

impl Recording {
    /// Takes the lock and opens the history in `dir`; [`HistoryError::AlreadyRecording`] when
    /// another recorder runs. Each notice, from now on, is handed to `say`.
    pub fn start(dir: &Path, settings: &Config, say: fn(&RecorderNotice)) -> Result<Recording, HistoryError> {
        let lock = RecorderLock::acquire(dir)?;
        let db_path = dir.join(super::DB_FILE);
        let mut recording = Recording {
            recorder: Recorder::open(&db_path, &settings.history),
            _lock: lock,
            db_path,
            noted: None,
            holders: super::HolderLog::default(),
            apps: super::AppLog::default(),
            boot_id: None,
            sample_clock: None,
            say,
        };
        recording.say_notices();
        Ok(recording)
    }

    pub(crate) fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    /// Takes a probe's result: samples from now on carry what it explains, and each suspect that
    /// appeared since the last probe becomes a `suspect_appeared` event, so a later jump can be paired with it.
    pub(crate) fn note_suspects(&mut self, suspects: &Suspects) {
        self.recorder.set_explained(suspects.explained_bytes());
        if let Some(before) = &self.noted {
            for named in appeared(before, suspects) {
                self.recorder.record_event(Event {
                    at: suspects.at,
                    boot_id: self.boot_id.clone(),
                    kind: EventKind::SuspectAppeared,
                    detail: serde_json::json!({ "kind": named.kind, "name": named.name }),
                });
            }
        }
        if let Some(boot) = &self.boot_id {
            let rows = self.holders.due(&suspects.holders.found, suspects.at, boot);
            if !rows.is_empty() {
                self.recorder.record_holders(rows);
            }
        }
        self.noted = Some(suspects.clone());
    }

    /// Takes a top scan: the apps that are new, moved or gone are recorded (history/apps.rs).
    pub fn note_apps(&mut self, list: &crate::top::TopList) {
        let Some(boot) = &self.boot_id else { return };
        let rows = self.apps.due(list, boot);
        if !rows.is_empty() {
            self.recorder.record_apps(rows);
        }
    }

    pub fn record(&mut self, snapshot: &Snapshot) {
        self.record_all(std::slice::from_ref(snapshot));
    }

    /// Queues samples taken one after another, then writes them if a write is due: a batch the
    /// engine hands over is written whole, not its first sample now and the rest a period later.
    pub(crate) fn record_all(&mut self, snapshots: &[Snapshot]) {
        self.queue_and_write(snapshots, false);
    }

    /// Queues samples and writes everything queued now (unless failed writes are being spaced
    /// out): the engine's recording thread takes its queue once per `flush_every`, and that is its
    /// write — a second timer deciding "not yet, 0.99 s" would keep a batch back a whole period.
    pub(crate) fn record_and_write(&mut self, snapshots: &[Snapshot]) {
        self.queue_and_write(snapshots, true);
    }

    fn queue_and_write(&mut self, snapshots: &[Snapshot], write: bool) {
        let Some(last) = snapshots.last() else { return };
        for snapshot in snapshots {
            self.recorder.queue(snapshot);
        }
        self.boot_id = Some(last.boot_id.clone());
        let now = match self.sample_clock.as_mut() {
            Some(origin) => {
                let (instant, at) = *origin.get_or_insert((Instant::now(), last.at));
                instant + Duration::try_from(last.at - at).unwrap_or_default()
            }
            None => Instant::now(),
        };
        if write {
            self.recorder.flush_unless_backing_off(now, last.at, true);
        } else {
            self.recorder.flush_if_due(now, last.at);
        }
        self.say_notices();
    }

    /// Adds an event and writes it at once with whatever is queued: events are rare, and
    /// `headroom notify` and the report should see one as soon as it happened.
    pub(crate) fn record_event(&mut self, event: Event) {
        self.recorder.record_event(event);
        self.recorder.flush();
        self.say_notices();
    }

    /// The open history, to read from on the recording thread (None while it cannot be opened).
    pub(crate) fn store(&self) -> Option<&super::Store> {
        self.recorder.store()
    }

    /// When this machine booted (`sys::boot_time`): the boot's row keeps it for the report. Not for
    /// a replay, whose samples are of another boot.
    pub(crate) fn set_boot_time(&mut self, booted: time::OffsetDateTime) {
        self.recorder.set_boot_time(booted);
    }

    /// New history settings, from the next write on: batching and retention.
    pub(crate) fn set_history(&mut self, settings: &crate::config::History) {
        self.recorder.set_history(settings);
    }

    /// For a replay: time the batches by the samples (60 s of samples per batch, as live), not by
    /// the wall clock, which would put days of samples in one batch.
    pub fn use_sample_clock(&mut self) {
        self.sample_clock = Some(None);
    }

    /// Writes what is queued; called at exit (dropping does it too, but this reports problems).
    pub fn finish(mut self) {
        self.recorder.flush();
        self.say_notices();
    }

    /// The data directory was deleted with the lock file in it: take the lock again in the
    /// re-created directory, so a second recorder is still refused.
    fn relock(&mut self) {
        let Some(dir) = self.db_path.parent() else { return };
        match RecorderLock::acquire(dir) {
            Ok(lock) => self._lock = lock,
            Err(error) => tracing::warn!(%error, "cannot take the recording lock again"),
        }
    }

    fn say_notices(&mut self) {
        for notice in self.recorder.take_notices() {
            if let RecorderNotice::Vanished(_) = notice {
                self.relock();
            }
            (self.say)(&notice);
        }
    }
}

impl RecorderNotice {
    /// The line a front end shows for this notice (on stderr, for the command line).
    pub fn line(&self) -> String {
        match self {
            RecorderNotice::MovedAside(path) => format!(
                "headroom: warning: the history database was corrupt; it was moved to {} and a new one started",
                path.display()
            ),
            RecorderNotice::Unwritable(message) => format!("headroom: warning: history: {message}"),
            RecorderNotice::WritableAgain => "headroom: history: writing again; nothing was lost".to_owned(),
            RecorderNotice::Vanished(path) => format!(
                "headroom: warning: history: {} was deleted while recording; a new one is started there",
                path.display()
            ),
            RecorderNotice::BacklogTrimmed => {
                "headroom: warning: history: the unwritten backlog is full; the oldest samples are dropped".to_owned()
            }
        }
    }
}
