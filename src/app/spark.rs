//! The dropdown's sparkline series: one (used, wired) point a minute over the last hours, kept
//! bounded, and drawn as an image (macOS) or as block characters (Linux, where GTK shrinks item icons).

use std::collections::VecDeque;

use crate::model::Snapshot;
use crate::ui::icon::Rgba;
use crate::ui::sparkline;

/// The sparkline covers this many hours at one point a minute.
pub const SPARK_HOURS: u32 = 6;
const SPARK_WIDTH: u32 = 240;
const SPARK_HEIGHT: u32 = 40;
/// Characters of the text sparkline.
const SPARK_TEXT_WIDTH: usize = 24;

/// One point a minute: (minute since the epoch, used fraction of RAM, wired fraction of RAM).
pub type MinutePoint = (i64, f64, f64);

#[derive(Debug, Clone, Default)]
pub struct SparkSeries {
    minutes: VecDeque<MinutePoint>,
    as_text: bool,
    /// The text form, rebuilt when a minute is added, not per sample.
    text: Option<String>,
}

impl SparkSeries {
    /// A series seeded from the recorded history; `as_text` draws it in characters.
    pub fn new(minutes: VecDeque<MinutePoint>, as_text: bool) -> SparkSeries {
        let mut series = SparkSeries { minutes, as_text, text: None };
        series.trim();
        series.text = series.render_text();
        series
    }

    /// Puts the recorded history before what was sampled since start (it arrives a moment after the
    /// first sample, read off the UI thread); a recorded minute the live series has already is dropped.
    pub fn seed(&mut self, older: VecDeque<MinutePoint>) {
        let first_live = self.minutes.front().map(|(m, _, _)| *m);
        let mut merged: VecDeque<MinutePoint> =
            older.into_iter().filter(|(m, _, _)| first_live.is_none_or(|first| *m < first)).collect();
        merged.extend(self.minutes.drain(..));
        self.minutes = merged;
        self.trim();
        self.text = self.render_text();
    }

    /// Adds the sample's minute if it is a new one; returns true when it did (the image needs redrawing).
    pub fn push(&mut self, snapshot: &Snapshot) -> bool {
        let minute = snapshot.at.unix_timestamp().div_euclid(60);
        if self.minutes.back().is_some_and(|(m, _, _)| *m == minute) {
            return false;
        }
        let total = snapshot.memory.total.max(1) as f64;
        self.minutes.push_back((minute, snapshot.memory.used() as f64 / total, snapshot.memory.wired as f64 / total));
        self.trim();
        self.text = self.render_text();
        true
    }

    pub fn len(&self) -> usize {
        self.minutes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.minutes.is_empty()
    }

    /// The text form (only when drawn as text).
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    pub fn image(&self) -> Rgba {
        let (used, wired) = self.fractions();
        sparkline::render(&used, &wired, SPARK_WIDTH, SPARK_HEIGHT)
    }

    fn trim(&mut self) {
        while self.minutes.len() > (SPARK_HOURS * 60) as usize {
            self.minutes.pop_front();
        }
    }

    fn fractions(&self) -> (Vec<f64>, Vec<f64>) {
        self.minutes.iter().map(|m| (m.1, m.2)).unzip()
    }

    fn render_text(&self) -> Option<String> {
        self.as_text.then(|| {
            let (used, wired) = self.fractions();
            format!(
                "Used {}  Wired {}  ({} h)",
                sparkline::blocks(&used, SPARK_TEXT_WIDTH),
                sparkline::blocks(&wired, SPARK_TEXT_WIDTH),
                SPARK_HOURS
            )
        })
    }
}
