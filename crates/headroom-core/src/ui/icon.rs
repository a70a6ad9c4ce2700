//! The menu-bar icon drawn into RGBA by a pure function: a gauge of memory used, coloured by pressure.

use crate::model::Pressure;

/// An RGBA image, row-major, 4 bytes a pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Rgba {
    pub(crate) fn new(width: u32, height: u32) -> Rgba {
        Rgba { width, height, pixels: vec![0; (width as usize) * (height as usize) * 4] }
    }

    pub(crate) fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2], self.pixels[i + 3]]
    }

    pub(crate) fn set(&mut self, x: u32, y: u32, colour: [u8; 4]) {
        if x < self.width && y < self.height {
            let i = ((y * self.width + x) * 4) as usize;
            self.pixels[i..i + 4].copy_from_slice(&colour);
        }
    }
}

/// Colours: black for a template image (macOS tints it for light and dark menu bars), else by pressure.
pub(crate) const TEMPLATE: [u8; 4] = [0, 0, 0, 255];
pub(crate) const NORMAL: [u8; 4] = [76, 195, 138, 255];
pub(crate) const WARN: [u8; 4] = [242, 184, 75, 255];
pub(crate) const CRITICAL: [u8; 4] = [231, 76, 60, 255];
/// The unfilled part of the gauge: the same colour, faint.
const TRACK_ALPHA: u8 = 70;

/// What the icon shows; the icon is redrawn only when this changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IconState {
    /// Memory used, in whole percent (0..=100): finer steps would redraw for nothing.
    pub used_percent: u8,
    pub pressure: Pressure,
    /// Draw as a template (macOS, normal pressure) rather than in colour.
    pub template: bool,
}

impl IconState {
    pub fn new(used: u64, total: u64, pressure: Pressure, template_when_normal: bool) -> IconState {
        let percent = (used.min(total).saturating_mul(100)).checked_div(total).unwrap_or(0) as u8;
        IconState { used_percent: percent, pressure, template: template_when_normal && pressure == Pressure::Normal }
    }

    fn colour(&self) -> [u8; 4] {
        if self.template {
            return TEMPLATE;
        }
        match self.pressure {
            Pressure::Normal => NORMAL,
            Pressure::Warn => WARN,
            Pressure::Critical => CRITICAL,
        }
    }
}

/// Draws a vertical bar gauge inside a rounded frame: the fill rises with memory used.
pub fn render(state: IconState, size: u32) -> Rgba {
    let mut image = Rgba::new(size, size);
    let colour = state.colour();
    let track = [colour[0], colour[1], colour[2], TRACK_ALPHA];
    let border = (size / 11).max(1);
    let (left, right) = (size / 4, size - size / 4);
    let (top, bottom) = (border, size - border);
    // Frame.
    for y in top..bottom {
        for x in left..right {
            let edge = x < left + border || x >= right - border || y < top + border || y >= bottom - border;
            image.set(x, y, if edge { colour } else { track });
        }
    }
    // Fill, from the bottom of the inner area.
    let inner_top = top + 2 * border;
    let inner_bottom = bottom - 2 * border;
    let inner_height = inner_bottom.saturating_sub(inner_top);
    let filled = (inner_height * u32::from(state.used_percent.min(100)) + 50) / 100;
    for y in inner_bottom.saturating_sub(filled)..inner_bottom {
        for x in left + 2 * border..right - 2 * border {
            image.set(x, y, colour);
        }
    }
    image
}

/// The gauge drawn `artwork` px tall, centred on a transparent `canvas` px square: on macOS the
/// status item is 22 pt (44 px at 2×) but Apple's guidance puts the artwork nearer 16–18 pt.
pub fn render_in_canvas(state: IconState, canvas: u32, artwork: u32) -> Rgba {
    let artwork = artwork.min(canvas);
    let gauge = render(state, artwork);
    if artwork == canvas {
        return gauge;
    }
    let mut image = Rgba::new(canvas, canvas);
    let offset = (canvas - artwork) / 2;
    for y in 0..artwork {
        for x in 0..artwork {
            image.set(x + offset, y + offset, gauge.pixel(x, y));
        }
    }
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled_rows(image: &Rgba, colour: [u8; 4]) -> u32 {
        let x = image.width / 2;
        (0..image.height).filter(|y| image.pixel(x, *y) == colour).count() as u32
    }

    #[test]
    fn the_fill_rises_with_memory_used() {
        let at =
            |percent: u8| render(IconState { used_percent: percent, pressure: Pressure::Normal, template: false }, 44);
        let (empty, half, full) =
            (filled_rows(&at(0), NORMAL), filled_rows(&at(50), NORMAL), filled_rows(&at(100), NORMAL));
        // The frame's top and bottom edges are always drawn (border = 4 px each at 44 px).
        assert_eq!(empty, 8);
        assert!(half > empty && full > half, "{empty} {half} {full}");
        let inner = full - empty;
        assert_eq!(half - empty, inner / 2, "half full is half the inner height");
    }

    #[test]
    fn colour_tells_the_pressure_and_normal_can_be_a_template() {
        for (pressure, colour) in [(Pressure::Normal, NORMAL), (Pressure::Warn, WARN), (Pressure::Critical, CRITICAL)] {
            let image = render(IconState { used_percent: 60, pressure, template: false }, 22);
            // 22 px: border 2, inner area rows 6..16; the fill starts at the bottom of it.
            assert_eq!(image.pixel(11, 15), colour, "{pressure:?}");
        }
        let state = IconState::new(6, 10, Pressure::Normal, true);
        assert!(state.template);
        assert_eq!(render(state, 22).pixel(11, 15), TEMPLATE);
        assert!(!IconState::new(6, 10, Pressure::Warn, true).template, "warn is always in colour");
        assert_eq!(IconState::new(6, 10, Pressure::Normal, false).used_percent, 60);
        assert_eq!(IconState::new(20, 10, Pressure::Normal, false).used_percent, 100);
    }

    #[test]
    fn the_macos_artwork_is_18_points_centred_in_the_22_point_item() {
        let state = IconState { used_percent: 100, pressure: Pressure::Critical, template: false };
        let image = render_in_canvas(state, 44, 36);
        assert_eq!((image.width, image.height), (44, 44));
        let opaque_rows: Vec<u32> = (0..44).filter(|y| (0..44).any(|x| image.pixel(x, *y)[3] > 0)).collect();
        // The gauge's frame spans its whole height (border 3 px at 36 px), offset by (44 - 36) / 2 = 4.
        assert_eq!((opaque_rows.first(), opaque_rows.last()), (Some(&7), Some(&36)));
        assert_eq!(image.pixel(22, 30), render(state, 36).pixel(18, 26), "the same drawing, moved");
        assert_eq!(render_in_canvas(state, 44, 44), render(state, 44), "no margin when the artwork fills it");
    }

    #[test]
    fn corners_stay_transparent() {
        let image = render(IconState { used_percent: 100, pressure: Pressure::Critical, template: false }, 22);
        assert_eq!(image.pixel(0, 0)[3], 0);
        assert_eq!(image.pixel(21, 21)[3], 0);
        assert_eq!(image.pixels.len(), 22 * 22 * 4);
    }
}
