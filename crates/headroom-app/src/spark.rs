//! The dropdown's sparkline series: one (used, wired) point a minute over the last hours, kept
//! bounded, and drawn as an image (macOS) or said in words (Linux, where GTK shrinks item icons to
//! 16 px: "Last 2 h 10 min: wired 0.1 → 0.7 GB (peak 0.9 GB), used 3.1 → 4.2 GB").

use std::collections::VecDeque;

use headroom_core::model::Snapshot;
use headroom_core::ui::icon::Rgba;
use headroom_core::ui::sparkline;

/// The sparkline covers this many hours at one point a minute.
pub const SPARK_HOURS: u32 = 6;
/// The sparkline as the menu shows it, in points: as wide as the first 240 × 40 px image was shown
/// (108 pt) and as tall as muda lets a menu image be.
pub const SPARK_POINTS: (u32, u32) = (108, MENU_IMAGE_MAX_PT);
/// muda 0.21.2 shows a menu item's image at most 18 pt tall: `menuitem_set_icon_type` calls
/// `to_nsimage(Some(MAX_ICON_HEIGHT))` with `MAX_ICON_HEIGHT = 18.0`
/// (src/platform_impl/macos/mod.rs, lines 1016–1033, for new items and for `set_icon` alike), and
/// `to_nsimage` (src/platform_impl/macos/icon.rs, lines 46–66) sets the NSImage's size in points
/// to the pixel size, scaled down to that height keeping the aspect ratio when taller. The PNG it
/// wraps carries no resolution, so its pixels are all spread over that size: an image exactly
/// twice the shown size is drawn 1:1 on a Retina display, anything else is resampled.
pub const MENU_IMAGE_MAX_PT: u32 = 18;
/// Device pixels per point on a Retina display (NSScreen `backingScaleFactor` 2.0). On a 1× display
/// (most external monitors, the 2017 MacBook Air) AppKit halves the image, an exact factor.
pub const BACKING_SCALE: u32 = 2;

/// One point a minute: (minute since the epoch, used fraction of RAM, wired fraction of RAM).
pub type MinutePoint = (i64, f64, f64);

#[derive(Debug, Clone, Default)]
pub struct SparkSeries {
    minutes: VecDeque<MinutePoint>,
    /// RAM in bytes, from the latest sample (0 until the first): turns the fractions back into sizes.
    total: u64,
    as_text: bool,
    /// The text form, rebuilt when a minute is added, not per sample.
    text: Option<String>,
    /// The units the text form names sizes in (the settings', changed with them).
    units: headroom_core::config::Units,
}

impl SparkSeries {
    /// A series seeded from the recorded history; `as_text` draws it in characters.
    pub fn new(minutes: VecDeque<MinutePoint>, as_text: bool) -> SparkSeries {
        let units = headroom_core::units::shown_units();
        let mut series = SparkSeries { minutes, total: 0, as_text, text: None, units };
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

    /// Names sizes in `units` from now on (the settings changed), the text form at once.
    pub fn set_units(&mut self, units: headroom_core::config::Units) {
        self.units = units;
        self.text = self.render_text();
    }

    /// Adds the sample's minute if it is a new one; returns true when it did (the image needs redrawing).
    pub fn push(&mut self, snapshot: &Snapshot) -> bool {
        let minute = snapshot.at.unix_timestamp().div_euclid(60);
        if self.minutes.back().is_some_and(|(m, _, _)| *m == minute) {
            return false;
        }
        self.total = snapshot.memory.total;
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

    /// How long the series really covers, as the menu says it: "2 min", "3 h 10 min", "6 h".
    pub fn span(&self) -> String {
        let minutes = match (self.minutes.front(), self.minutes.back()) {
            (Some(first), Some(last)) => last.0 - first.0,
            _ => 0,
        };
        match (minutes / 60, minutes % 60) {
            (0, 0) => "minute".to_owned(),
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        }
    }

    /// The image, drawn at [`BACKING_SCALE`] pixels per point of [`SPARK_POINTS`].
    pub fn image(&self) -> Rgba {
        let (used, wired) = self.fractions();
        let (width, height) = pixels_for(SPARK_POINTS, BACKING_SCALE);
        sparkline::render(&used, &wired, width, height)
    }

    /// Keeps the last [`SPARK_HOURS`] of minutes: by time, so sparser points (a gap, a slower
    /// interval) never stretch the span the menu claims.
    fn trim(&mut self) {
        let Some(newest) = self.minutes.back().map(|m| m.0) else { return };
        let span = i64::from(SPARK_HOURS) * 60;
        while self.minutes.front().is_some_and(|m| newest - m.0 >= span) || self.minutes.len() > span as usize {
            self.minutes.pop_front();
        }
    }

    fn fractions(&self) -> (Vec<f64>, Vec<f64>) {
        self.minutes.iter().map(|m| (m.1, m.2)).unzip()
    }

    /// The trend in words, where it can only be text: from the first minute covered to now, the
    /// wired figure first (what no app gives back), with its peak when that stands out.
    fn render_text(&self) -> Option<String> {
        if !self.as_text {
            return None;
        }
        let (Some(first), Some(last)) = (self.minutes.front(), self.minutes.back()) else {
            return Some(headroom_core::tr!("trend-nothing"));
        };
        if self.total == 0 || first.0 == last.0 {
            return Some(headroom_core::tr!("trend-starting"));
        }
        let bytes = |fraction: f64| (fraction * self.total as f64).round() as u64;
        let label = self.units.label();
        let arrow = |from: f64, to: f64| headroom_core::units::format_pair(bytes(from), bytes(to), " → ", label);
        let peak = self.minutes.iter().map(|m| m.2).fold(0.0, f64::max);
        let peak_note = if peak > first.2.max(last.2) * 1.1 {
            headroom_core::tr!("trend-peak", size = headroom_core::units::format_gb_as(bytes(peak), label))
        } else {
            String::new()
        };
        Some(headroom_core::tr!(
            "trend-line",
            span = self.span(),
            wired = arrow(first.2, last.2),
            peak = peak_note,
            used = arrow(first.1, last.1)
        ))
    }
}

/// The pixel size that shows at `points` with `scale` pixels per point.
pub fn pixels_for(points: (u32, u32), scale: u32) -> (u32, u32) {
    (points.0 * scale, points.1 * scale)
}

/// The size in points muda 0.21.2 gives a menu image of `pixels` (see [`MENU_IMAGE_MAX_PT`]): one
/// point a pixel, or scaled down to `max_height` points, keeping the aspect ratio, when taller.
pub fn shown_points(pixels: (u32, u32), max_height: u32) -> (f64, f64) {
    let (width, height) = (f64::from(pixels.0), f64::from(pixels.1));
    let max = f64::from(max_height);
    if height > max { (width / (height / max), max) } else { (width, height) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sparkline_is_drawn_at_twice_the_size_muda_shows_it() {
        let pixels = pixels_for(SPARK_POINTS, BACKING_SCALE);
        assert_eq!(pixels, (216, 36));
        let shown = shown_points(pixels, MENU_IMAGE_MAX_PT);
        assert_eq!(shown, (108.0, 18.0), "the shown size is the intended one");
        assert_eq!(
            (f64::from(pixels.0) / shown.0, f64::from(pixels.1) / shown.1),
            (2.0, 2.0),
            "2 px a point: 1:1 on Retina"
        );
        let image = SparkSeries::new(VecDeque::from([(0, 0.5, 0.2)]), false).image();
        assert_eq!((image.width, image.height), pixels);
    }

    #[test]
    fn the_text_form_says_the_trend_in_sizes_over_the_span_it_really_covers() {
        let gib = 1u64 << 30;
        let at = |minute: i64| time::OffsetDateTime::from_unix_timestamp(minute * 60).expect("valid");
        let sample = |minute: i64, wired: u64| {
            let text = "MemTotal: 16777216 kB\nMemFree: 8388608 kB\nBuffers: 0 kB\nCached: 0 kB\nAnonPages: 2097152 kB\n\
                        Shmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
            let mut s = headroom_core::model::analyze::analyze(text, None, at(minute)).expect("fixture");
            s.memory.wired = wired;
            s
        };
        let mut series = SparkSeries::new(VecDeque::new(), true);
        assert_eq!(series.text(), Some("Trend: nothing recorded yet"));
        series.push(&sample(1000, gib / 10));
        assert_eq!(series.text(), Some("Trend: starting (under a minute recorded)"));
        series.push(&sample(1001, gib));
        series.push(&sample(1002, 7 * gib / 10));
        let text = series.text().expect("text");
        // A 7× jump in wired memory is in the words, over the 2 minutes recorded (not "6 h").
        assert!(text.starts_with("Last 2 min: wired 102 → 717 MB (peak 1.0 GB), used "), "{text}");
    }

    #[test]
    fn the_old_240_by_40_image_was_resampled() {
        // Shown at the same 108 × 18 pt, but 40 px over 36 device pixels: 2.22 px a point.
        let shown = shown_points((240, 40), MENU_IMAGE_MAX_PT);
        assert_eq!(shown, (108.0, 18.0));
        assert!((40.0 / shown.1 - 2.0f64).abs() > 0.2);
        // An image that fits is shown a point a pixel: 1× on a Retina display, upscaled.
        assert_eq!(shown_points((100, 16), MENU_IMAGE_MAX_PT), (100.0, 16.0));
    }
}
