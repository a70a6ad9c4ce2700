//! What the doctor saw of the sampler: the gaps between samples (the command's own sampler, and
//! the app's recorded raw samples) and whether successive reads were the same cached counters
//! (macOS rate-limits `host_statistics64`). Judged with `sampling::cadence`.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CadenceFinding {
    pub target: Duration,
    /// Gaps between successive samples, in order.
    pub gaps: Vec<Duration>,
    /// Successive samples whose raw counters were identical (a cached copy, or an idle machine).
    pub repeated: usize,
}
