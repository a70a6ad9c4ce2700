//! The exporter's live picture: counters read at scrape time, this boot's verdicts kept current from the sampler.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::metrics::{self, Format, Inputs};
use crate::config::Config;
use crate::history;
use crate::model::Snapshot;
use crate::suspects::Suspects;
use crate::sys::SystemReader;
use crate::verdict::{self, Previous, Verdicts, WiredPoint};

/// Verdicts are re-evaluated at most this often: the creeping fit runs over days of points, and a
/// verdict that moves every few seconds would say nothing new to a scraper anyway.
pub(crate) const EVALUATE_EVERY: Duration = Duration::from_secs(30);
/// Points closer together than this are not kept (the history keeps 10 s raw samples too).
const POINT_SPACING: time::Duration = time::Duration::seconds(10);

/// What the sampler and the prober have told the exporter.
struct Picture {
    points: Vec<WiredPoint>,
    suspects: Option<Suspects>,
    verdicts: Option<Verdicts>,
    previous: Previous,
    evaluated: Option<Instant>,
}

/// Shared between the server's workers (scrapes), the sampler's consumer and the prober.
pub struct Live {
    reader: Mutex<SystemReader>,
    picture: Mutex<Picture>,
    settings: Config,
    boot_time: Option<OffsetDateTime>,
    suspect_labels: usize,
}

impl Live {
    /// Starts from this boot's recorded history (if any), so the verdicts need no warm-up.
    pub fn new(reader: SystemReader, settings: Config, suspect_labels: usize) -> Live {
        let mut reader = reader;
        let points = match reader.read() {
            Ok(first) => history::Seed::read(&first.boot_id, first.at, &settings).wired_points(),
            Err(error) => {
                tracing::warn!(%error, "cannot read the memory counters");
                Vec::new()
            }
        };
        Live {
            reader: Mutex::new(reader),
            picture: Mutex::new(Picture {
                points,
                suspects: None,
                verdicts: None,
                previous: Previous::default(),
                evaluated: None,
            }),
            settings,
            boot_time: crate::sys::boot_time().map_err(|e| tracing::warn!(error = %e, "no boot time")).ok(),
            suspect_labels,
        }
    }

    /// A sample from the sampler: kept as a point, and the verdicts re-evaluated when due.
    pub fn on_sample(&self, snapshot: &Snapshot) {
        let mut picture = self.picture.lock().unwrap_or_else(PoisonError::into_inner);
        let explained = picture.suspects.as_ref().map_or(0, Suspects::explained_bytes);
        let point = WiredPoint { at: snapshot.at, wired: snapshot.memory.wired, explained };
        if picture.points.last().is_none_or(|last| point.at - last.at >= POINT_SPACING) {
            picture.points.push(point);
        }
        let oldest = snapshot.at - verdict::look_back(&self.settings.growth);
        let stale = picture.points.partition_point(|p| p.at < oldest);
        picture.points.drain(..stale);
        if picture.evaluated.is_none_or(|at| at.elapsed() >= EVALUATE_EVERY) {
            let unknown;
            let suspects = match &picture.suspects {
                Some(suspects) => suspects,
                None => {
                    unknown = Suspects::unknown(snapshot.at, "not probed yet");
                    &unknown
                }
            };
            let verdicts =
                verdict::evaluate(snapshot, suspects, &picture.points, picture.previous, &self.settings, snapshot.at);
            picture.previous = verdicts.as_previous();
            picture.verdicts = Some(verdicts);
            picture.evaluated = Some(Instant::now());
        }
    }

    /// A probe's result: the explained bytes and the suspects' families.
    pub fn on_suspects(&self, suspects: Suspects) {
        self.picture.lock().unwrap_or_else(PoisonError::into_inner).suspects = Some(suspects);
    }

    /// The exposition now: counters read afresh, the latest verdicts and suspects.
    pub fn scrape(&self, format: Format) -> String {
        let snapshot = self.reader.lock().unwrap_or_else(PoisonError::into_inner).read();
        let snapshot = match snapshot {
            Ok(snapshot) => snapshot,
            Err(error) => {
                tracing::warn!(%error, "cannot read the memory counters for a scrape");
                // No figures rather than made-up ones: the scrape still succeeds, so `up` stays 1 and
                // the missing series say what failed.
                return format!("# headroom: cannot read the memory counters: {error}\n");
            }
        };
        let picture = self.picture.lock().unwrap_or_else(PoisonError::into_inner);
        let inputs = Inputs {
            snapshot: &snapshot,
            verdicts: picture.verdicts.as_ref(),
            suspects: picture.suspects.as_ref(),
            boot_time: self.boot_time,
            version: env!("CARGO_PKG_VERSION"),
            suspect_labels: self.suspect_labels,
        };
        metrics::render(&inputs, format)
    }
}
