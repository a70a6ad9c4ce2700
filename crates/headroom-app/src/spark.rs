//! The dropdown's sparkline series: one (used, wired) point a minute over the last hours, kept
//! bounded, and drawn as an image (macOS) or as block characters (Linux, where GTK shrinks item icons).

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

    /// The image, drawn at [`BACKING_SCALE`] pixels per point of [`SPARK_POINTS`].
    pub fn image(&self) -> Rgba {
        let (used, wired) = self.fractions();
        let (width, height) = pixels_for(SPARK_POINTS, BACKING_SCALE);
        sparkline::render(&used, &wired, width, height)
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
    fn the_old_240_by_40_image_was_resampled() {
        // Shown at the same 108 × 18 pt, but 40 px over 36 device pixels: 2.22 px a point.
        let shown = shown_points((240, 40), MENU_IMAGE_MAX_PT);
        assert_eq!(shown, (108.0, 18.0));
        assert!((40.0 / shown.1 - 2.0f64).abs() > 0.2);
        // An image that fits is shown a point a pixel: 1× on a Retina display, upscaled.
        assert_eq!(shown_points((100, 16), MENU_IMAGE_MAX_PT), (100.0, 16.0));
    }
}
