//! Batches samples into the store: one transaction per flush, retention now and then, and memory when the disk fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::event::Event;
use super::store::Store;
use super::{Retention, Row};
use crate::config;
use crate::model::Snapshot;

/// Something the user should hear about once, taken with `Recorder::take_notices`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecorderNotice {
    /// A corrupt database was renamed to this path and a new one started.
    MovedAside(PathBuf),
    /// The database cannot be written (full disk, read-only directory…); samples stay in memory.
    Unwritable(String),
    /// Writing works again; what was kept in memory has been written.
    WritableAgain,
    /// The in-memory backlog hit its cap; the oldest samples were dropped.
    BacklogTrimmed,
    /// The database file (or its directory) was deleted while recording; a new one is started
    /// there and what was kept in memory goes into it. What the deleted file held is gone.
    Vanished(PathBuf),
}

/// Flush early when this many samples wait, whatever the interval.
const FLUSH_BATCH: usize = 4096;
/// Downsampling runs at most this often.
const RETENTION_EVERY: Duration = Duration::from_secs(600);
/// How long a write waits for another process's lock (a purge or notification appending an
/// event) before it counts as failed.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// While the database is known to be unwritable, a retry waits at most this long for a lock: the
/// app records on its event loop, which must not stall for the full timeout at every attempt.
const RETRY_BUSY_TIMEOUT: Duration = Duration::from_millis(200);
/// After failed writes the attempts are spaced out, doubling from `flush_every` up to this.
const RETRY_MAX: Duration = Duration::from_secs(600);

pub struct Recorder {
    db_path: Option<PathBuf>,
    store: Option<Store>,
    retention: Retention,
    flush_every: Duration,
    pending: Vec<Row>,
    pending_events: Vec<Event>,
    /// Holders to record with the next write (history/holders.rs decides which).
    pending_holders: Vec<super::HolderRow>,
    /// Apps to record with the next write (history/apps.rs decides which).
    pending_apps: Vec<super::AppRow>,
    last_flush: Option<Instant>,
    last_retention: Option<Instant>,
    next_seq: HashMap<String, i64>,
    current_boot: Option<String>,
    /// When this machine booted, until it is noted on the current boot's row.
    boot_time: Option<time::OffsetDateTime>,
    explained: u64,
    unwritable: bool,
    trimmed: bool,
    notices: Vec<RecorderNotice>,
    busy_timeout: Duration,
    /// The wait before the next attempt after a failure, and when that attempt is due.
    retry_after: Duration,
    next_attempt: Option<Instant>,
}

impl Recorder {
    /// Above this many unwritten samples (about 28 h at 2 s, some 10 MB) the oldest are dropped.
    pub const MAX_PENDING: usize = 50_000;

    /// Opens the history at `db_path`. Never fails: when the database cannot be opened, samples
    /// are kept in memory and opening is retried at each flush.
    pub fn open(db_path: &Path, settings: &config::History) -> Recorder {
        let mut recorder = Recorder::new(None, Some(db_path.to_owned()), settings);
        recorder.try_open();
        recorder
    }

    /// A recorder over an already-open store (tests, benchmarks).
    #[cfg(any(test, feature = "testing"))]
    pub fn with_store(store: Store, settings: &config::History) -> Recorder {
        Recorder::new(Some(store), None, settings)
    }

    fn new(store: Option<Store>, db_path: Option<PathBuf>, settings: &config::History) -> Recorder {
        Recorder {
            db_path,
            store,
            retention: Retention::from(settings),
            flush_every: settings.flush_every.duration(),
            pending: Vec::with_capacity(64),
            pending_events: Vec::new(),
            pending_holders: Vec::new(),
            pending_apps: Vec::new(),
            last_flush: None,
            last_retention: None,
            next_seq: HashMap::new(),
            current_boot: None,
            boot_time: None,
            explained: 0,
            unwritable: false,
            trimmed: false,
            notices: Vec::new(),
            busy_timeout: BUSY_TIMEOUT,
            retry_after: settings.flush_every.duration(),
            next_attempt: None,
        }
    }

    /// Sets how long a write waits for another connection's lock (default [`BUSY_TIMEOUT`]); the
    /// fault tests shorten it so a database locked for minutes is tried in milliseconds.
    /// New retention and batching (settings applied without a restart).
    pub(crate) fn set_history(&mut self, settings: &config::History) {
        self.retention = Retention::from(settings);
        self.flush_every = settings.flush_every.duration();
    }

    pub fn set_busy_timeout(&mut self, timeout: Duration) {
        self.busy_timeout = timeout;
        self.apply_busy_timeout();
    }

    fn apply_busy_timeout(&self) {
        let timeout = if self.unwritable { self.busy_timeout.min(RETRY_BUSY_TIMEOUT) } else { self.busy_timeout };
        if let Some(Err(error)) = self.store.as_ref().map(|store| store.set_busy_timeout(timeout)) {
            tracing::debug!(%error, "cannot set the history busy timeout");
        }
    }

    fn try_open(&mut self) {
        let Some(path) = self.db_path.clone() else { return };
        match Store::open(&path) {
            Ok((store, report)) => {
                if let Some(aside) = report.moved_aside {
                    self.notices.push(RecorderNotice::MovedAside(aside));
                }
                self.store = Some(store);
                self.apply_busy_timeout();
            }
            Err(error) => self.mark_unwritable(format!("cannot open {}: {error}", path.display())),
        }
    }

    fn mark_unwritable(&mut self, message: String) {
        if !self.unwritable {
            self.unwritable = true;
            self.apply_busy_timeout();
            self.notices.push(RecorderNotice::Unwritable(format!("{message}; keeping samples in memory until it can")));
        }
    }

    /// Spaces out the next attempt after a failure (doubling, up to [`RETRY_MAX`]): a full disk
    /// or a lock held for minutes is tried a few times, not at every sample.
    fn back_off(&mut self, now: Instant) {
        self.next_attempt = Some(now + self.retry_after);
        self.retry_after = (self.retry_after * 2).min(RETRY_MAX);
    }

    /// When the database file was deleted under the open connection (its directory removed),
    /// SQLite would go on writing to the unlinked file and every sample would be lost: drop the
    /// connection so the next open starts a new database at the same path.
    fn check_still_there(&mut self) {
        let Some(path) = self.db_path.as_ref() else { return };
        if self.store.is_none() {
            return;
        }
        if let Err(error) = std::fs::symlink_metadata(path)
            && error.kind() == std::io::ErrorKind::NotFound
        {
            self.notices.push(RecorderNotice::Vanished(path.clone()));
            self.store = None;
            self.next_seq.clear();
        }
    }

    /// Queues a sample; writes the batch when `flush_every` has passed since the last write.
    pub fn record(&mut self, snapshot: &Snapshot, now: Instant) {
        self.queue(snapshot);
        self.flush_if_due(now, snapshot.at);
    }

    /// Queues a sample without writing.
    pub(crate) fn queue(&mut self, snapshot: &Snapshot) {
        // The sequence is assigned when written, so rows kept in memory take their numbers after
        // whatever the database already holds for the boot.
        let mut row = Row::from_snapshot(snapshot, 0);
        row.explained = self.explained;
        self.pending.push(row);
        if self.current_boot.as_deref() != Some(snapshot.boot_id.as_str()) {
            self.current_boot = Some(snapshot.boot_id.clone());
        }
        if self.pending.len() > Self::MAX_PENDING {
            let excess = self.pending.len() - Self::MAX_PENDING;
            self.pending.drain(..excess);
            if !self.trimmed {
                self.trimmed = true;
                self.notices.push(RecorderNotice::BacklogTrimmed);
            }
        }
    }

    /// Writes what is queued if `flush_every` has passed since the last write (or the batch is
    /// full), unless failed writes are being spaced out; `at` is the newest sample's time.
    pub(crate) fn flush_if_due(&mut self, now: Instant, at: time::OffsetDateTime) {
        let due = self.last_flush.is_none_or(|last| now.duration_since(last) >= self.flush_every);
        self.flush_unless_backing_off(now, at, due);
    }

    /// Writes what is queued now (`due`, or a full batch), unless failed writes are being spaced out.
    pub(crate) fn flush_unless_backing_off(&mut self, now: Instant, at: time::OffsetDateTime, due: bool) {
        let backing_off = self.next_attempt.is_some_and(|at| now < at);
        if !backing_off && (due || self.pending.len() >= FLUSH_BATCH) {
            self.flush_at(now, at);
        }
    }

    /// Sets how many wired bytes running VMs and GPU work account for now (from the latest
    /// suspects probe); samples recorded from now on carry it.
    pub fn set_explained(&mut self, bytes: u64) {
        self.explained = bytes;
    }

    /// When the machine that takes the samples booted: noted on its boot's row after the next write.
    pub(crate) fn set_boot_time(&mut self, booted: time::OffsetDateTime) {
        self.boot_time = Some(booted);
    }

    fn note_boot_time(&mut self) {
        let (Some(booted), Some(boot), Some(store)) = (self.boot_time, &self.current_boot, &self.store) else { return };
        match store.note_booted(boot, booted) {
            Ok(true) => self.boot_time = None,
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "the boot time was not noted; will retry"),
        }
    }

    /// Queues holder rows; written with the next batch. A store that stays unwritable keeps the
    /// newest thousand.
    pub(crate) fn record_holders(&mut self, rows: Vec<super::HolderRow>) {
        self.pending_holders.extend(rows);
        let excess = self.pending_holders.len().saturating_sub(1000);
        self.pending_holders.drain(..excess);
    }

    /// Queues app rows; written with the next batch (the newest thousand while unwritable).
    pub(crate) fn record_apps(&mut self, rows: Vec<super::AppRow>) {
        self.pending_apps.extend(rows);
        let excess = self.pending_apps.len().saturating_sub(1000);
        self.pending_apps.drain(..excess);
    }

    /// Queues an event; it is written with the next batch.
    pub(crate) fn record_event(&mut self, event: Event) {
        self.pending_events.push(event);
    }

    /// Writes everything queued now (at exit, or before reading the history back).
    pub(crate) fn flush(&mut self) -> bool {
        self.flush_at(Instant::now(), time::OffsetDateTime::now_utc())
    }

    /// Writes the queue in one transaction; returns true when nothing is left unwritten. It tries
    /// whatever the back-off says (at exit, or when asked); `record` is what respects it.
    pub fn flush_at(&mut self, now: Instant, wall: time::OffsetDateTime) -> bool {
        self.last_flush = Some(now);
        self.check_still_there();
        if self.store.is_none() {
            self.try_open();
        }
        if self.store.is_none() {
            self.back_off(now);
            return false;
        }
        if self.pending.is_empty() && self.pending_events.is_empty() {
            return true;
        }
        let mut seq_error = None;
        if let Some(store) = self.store.as_ref() {
            for row in &mut self.pending {
                let next = match self.next_seq.get(&row.boot_id) {
                    Some(next) => *next,
                    None => match store.next_seq(&row.boot_id) {
                        Ok(next) => next,
                        Err(error) => {
                            seq_error = Some(error);
                            break;
                        }
                    },
                };
                row.seq = next;
                self.next_seq.insert(row.boot_id.clone(), next + 1);
            }
        }
        let result = match (seq_error, self.store.as_mut()) {
            (Some(error), _) => Err(error),
            (None, Some(store)) => store.insert(&self.pending, &self.pending_events),
            (None, None) => return false,
        };
        match result {
            Ok(()) => {
                self.pending.clear();
                self.pending_events.clear();
                self.next_attempt = None;
                self.retry_after = self.flush_every;
                if self.unwritable {
                    self.unwritable = false;
                    self.apply_busy_timeout();
                    self.notices.push(RecorderNotice::WritableAgain);
                }
                self.note_boot_time();
                if !self.pending_holders.is_empty()
                    && let Some(store) = self.store.as_mut()
                {
                    match store.insert_holders(&self.pending_holders) {
                        Ok(()) => self.pending_holders.clear(),
                        Err(error) => tracing::warn!(%error, "holders not written; will retry"),
                    }
                }
                if !self.pending_apps.is_empty()
                    && let Some(store) = self.store.as_mut()
                {
                    match store.insert_apps(&self.pending_apps) {
                        Ok(()) => self.pending_apps.clear(),
                        Err(error) => tracing::warn!(%error, "apps not written; will retry"),
                    }
                }
            }
            Err(error) => {
                // The numbers were not stored; hand them out again next time from the database.
                self.next_seq.clear();
                let path = self.db_path.as_ref().map_or_else(|| "memory".to_owned(), |p| p.display().to_string());
                self.mark_unwritable(format!("cannot write {path}: {error}"));
                self.back_off(now);
                return false;
            }
        }
        if self.last_retention.is_none_or(|last| now.duration_since(last) >= RETENTION_EVERY) {
            self.last_retention = Some(now);
            let now_ms = super::unix_ms(wall);
            let current_boot = self.current_boot.clone();
            if let Some(store) = self.store.as_mut() {
                match store.apply_retention(&self.retention, now_ms, current_boot.as_deref()) {
                    Ok(report) => tracing::debug!(?report, "history retention"),
                    Err(error) => tracing::warn!(%error, "history retention failed; will retry"),
                }
            }
        }
        true
    }

    /// Notices gathered since the last call, each said once.
    pub fn take_notices(&mut self) -> Vec<RecorderNotice> {
        std::mem::take(&mut self.notices)
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// When the next write is tried after failures (None while writing works).
    pub fn retrying_at(&self) -> Option<Instant> {
        self.next_attempt
    }

    /// Samples queued and not yet written.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if !self.pending.is_empty() || !self.pending_events.is_empty() {
            self.flush();
        }
    }
}
