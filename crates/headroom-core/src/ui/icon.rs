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
/// The unfilled part of the dial: the same colour, faint but visible, so a machine at 2 % reads
/// as a dial near its start, not as an empty outline.
const TRACK_ALPHA: u8 = 110;

/// What the icon shows; the icon is redrawn only when this changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// Draws the dial of the app's own icon (assets/headroom-icon.svg): a half-circle arc filled from
/// the left as memory is used, the rest a faint track, and a needle at the used share. Low, middle
/// and high use point the needle left, up and right, which reads at 16 px where a fill level did
/// not; the colour (or, on macOS, template black) tells the pressure, and so do marks above the arc
/// (one at warn, two at critical) for whoever cannot tell the colours apart. Edges are anti-aliased
/// by sampling each pixel 4 × 4 times.
pub fn render(state: IconState, size: u32) -> Rgba {
    const SAMPLES: u32 = 4;
    let mut image = Rgba::new(size, size);
    let colour = state.colour();
    let s = f64::from(size);
    let (cx, cy) = (s / 2.0, s * 0.70);
    let (radius, thickness) = (s * 0.40, s * 0.17);
    let used = f64::from(state.used_percent.min(100)) / 100.0;
    // The needle's tip, from the left end of the arc (angle π) to the right end (angle 0).
    let angle = std::f64::consts::PI * (1.0 - used);
    let (tip_x, tip_y) = (cx + radius * 0.85 * angle.cos(), cy - radius * 0.85 * angle.sin());
    let needle_half_width = (s * 0.06).max(0.75);
    let hub = s * 0.11;
    // Pressure is not told by colour alone (WCAG 1.4.1, "Use of Color"): one mark in the top right
    // corner at warn, a second in the top left at critical, above the arc's ends where it leaves room.
    let mark_radius = (s * 0.10).max(1.0);
    let (mark_y, left_x, right_x) = (s * 0.13, s * 0.12, s * 0.88);
    let marks: &[(f64, f64)] = match state.pressure {
        Pressure::Normal => &[],
        Pressure::Warn => &[(right_x, mark_y)],
        Pressure::Critical => &[(right_x, mark_y), (left_x, mark_y)],
    };
    let to_mark = |px: f64, py: f64| marks.iter().map(|&(mx, my)| (px - mx).hypot(py - my)).fold(f64::MAX, f64::min);
    // 0: nothing, 1: track, 2: fill (the needle and hub are fill).
    let class = |px: f64, py: f64| -> u32 {
        let (dx, dy) = (px - cx, cy - py);
        let distance = dx.hypot(dy);
        if distance <= hub
            || segment_distance((px, py), (cx, cy), (tip_x, tip_y)) <= needle_half_width
            || to_mark(px, py) <= mark_radius
        {
            return 2;
        }
        if dy < 0.0 || (distance - radius).abs() > thickness / 2.0 {
            return 0;
        }
        if (std::f64::consts::PI - dy.atan2(dx)) / std::f64::consts::PI <= used { 2 } else { 1 }
    };
    // A pixel whose centre is further than this from every edge is one class all over.
    const HALF_DIAGONAL: f64 = 0.71;
    for y in 0..size {
        for x in 0..size {
            let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let (dx, dy) = (px - cx, cy - py);
            let distance = dx.hypot(dy);
            let edges = [
                ((distance - radius).abs() - thickness / 2.0).abs(),
                if (distance - radius).abs() <= thickness / 2.0 + HALF_DIAGONAL { dy.abs() } else { f64::MAX },
                if dy > -HALF_DIAGONAL { (dx * angle.sin() - dy * angle.cos()).abs() } else { f64::MAX },
                (segment_distance((px, py), (cx, cy), (tip_x, tip_y)) - needle_half_width).abs(),
                (distance - hub).abs(),
                (to_mark(px, py) - mark_radius).abs(),
            ];
            let (mut fill, mut track) = (0u32, 0u32);
            if edges.iter().all(|edge| *edge > HALF_DIAGONAL) {
                match class(px, py) {
                    2 => fill = SAMPLES * SAMPLES,
                    1 => track = SAMPLES * SAMPLES,
                    _ => continue,
                }
            } else {
                // An edge crosses the pixel: sample it 4 × 4 for a smooth edge.
                for sy in 0..SAMPLES {
                    for sx in 0..SAMPLES {
                        let sample_x = f64::from(x) + (f64::from(sx) + 0.5) / f64::from(SAMPLES);
                        let sample_y = f64::from(y) + (f64::from(sy) + 0.5) / f64::from(SAMPLES);
                        match class(sample_x, sample_y) {
                            2 => fill += 1,
                            1 => track += 1,
                            _ => {}
                        }
                    }
                }
            }
            let all = SAMPLES * SAMPLES;
            // Straight alpha: the fill's coverage at full opacity over the track's faint one.
            let alpha = (fill * 255 + track * u32::from(TRACK_ALPHA)) / all;
            if alpha > 0 {
                image.set(x, y, [colour[0], colour[1], colour[2], u8::try_from(alpha.min(255)).unwrap_or(255)]);
            }
        }
    }
    image
}

/// How far `point` is from the segment `a`–`b`.
fn segment_distance(point: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (abx, aby) = (b.0 - a.0, b.1 - a.1);
    let length = abx * abx + aby * aby;
    let t =
        if length == 0.0 { 0.0 } else { (((point.0 - a.0) * abx + (point.1 - a.1) * aby) / length).clamp(0.0, 1.0) };
    (point.0 - (a.0 + t * abx)).hypot(point.1 - (a.1 + t * aby))
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

    #[test]
    fn pressure_shows_in_shape_not_only_in_colour() {
        // Opaque pixels in a corner square, whatever their colour.
        let corner = |image: &Rgba, left: bool| {
            let size = image.width;
            let span = size / 4;
            let xs = if left { 0..span } else { size - span..size };
            xs.flat_map(|x| (0..span).map(move |y| (x, y))).filter(|&(x, y)| image.pixel(x, y)[3] >= 128).count()
        };
        for size in [16, 22, 36, 44] {
            let (normal, warn, critical) = (
                render(state(40, Pressure::Normal), size),
                render(state(40, Pressure::Warn), size),
                render(state(40, Pressure::Critical), size),
            );
            assert_eq!((corner(&normal, true), corner(&normal, false)), (0, 0), "{size} px: normal has no mark");
            assert!(corner(&warn, false) > 0 && corner(&warn, true) == 0, "{size} px: warn, one mark on the right");
            assert!(corner(&critical, false) > 0 && corner(&critical, true) > 0, "{size} px: critical, two marks");
            // The rest of the gauge is the same shape at every level: only the marks tell them apart.
            let mask = |image: &Rgba| image.pixels.chunks(4).map(|p| p[3] >= 128).collect::<Vec<_>>();
            let differ = mask(&normal).iter().zip(mask(&warn)).filter(|(a, b)| **a != *b).count();
            assert!(differ > 0 && differ <= corner(&warn, false), "{size} px: {differ} pixels differ");
        }
    }

    fn state(used_percent: u8, pressure: Pressure) -> IconState {
        IconState { used_percent, pressure, template: false }
    }

    /// Opaque (≥ 200) pixels of the left, middle and right thirds of the image.
    fn thirds(image: &Rgba) -> [u32; 3] {
        let mut counts = [0; 3];
        for y in 0..image.height {
            for x in 0..image.width {
                if image.pixel(x, y)[3] >= 200 {
                    counts[(x * 3 / image.width) as usize] += 1;
                }
            }
        }
        counts
    }

    #[test]
    fn low_middle_and_high_use_point_the_needle_left_up_and_right_at_16_px() {
        let [left_low, _, right_low] = thirds(&render(state(3, Pressure::Normal), 16));
        let [left_high, _, right_high] = thirds(&render(state(95, Pressure::Normal), 16));
        assert!(left_low > right_low, "low use: weight on the left ({left_low} vs {right_low})");
        assert!(right_high > right_low + 10, "high use fills the right ({right_high} vs {right_low})");
        assert!(left_high >= left_low, "the arc fills from the left");
        let [l, m, r] = thirds(&render(state(50, Pressure::Normal), 16));
        assert!(
            m > 0 && l > 0 && r == 0,
            "half: the needle up, the left half filled, the right a faint track ({l} {m} {r})"
        );
    }

    #[test]
    fn a_nearly_idle_machine_still_shows_the_whole_dial() {
        let image = render(state(2, Pressure::Normal), 22);
        let track = image.pixels.chunks(4).filter(|p| (1..200).contains(&p[3])).count();
        let solid = image.pixels.chunks(4).filter(|p| p[3] >= 200).count();
        assert!(track > 40, "the faint track draws the dial's shape: {track} px");
        assert!(solid > 10, "the needle and hub are solid: {solid} px");
    }

    #[test]
    fn colour_tells_the_pressure_and_normal_can_be_a_template() {
        for (pressure, colour) in [(Pressure::Normal, NORMAL), (Pressure::Warn, WARN), (Pressure::Critical, CRITICAL)] {
            let image = render(state(60, pressure), 22);
            let solid: Vec<[u8; 4]> =
                image.pixels.chunks(4).filter(|p| p[3] == 255).map(|p| [p[0], p[1], p[2], p[3]]).collect();
            assert!(!solid.is_empty() && solid.iter().all(|p| *p == colour), "{pressure:?}");
        }
        let template = IconState::new(6, 10, Pressure::Normal, true);
        assert!(template.template);
        assert!(render(template, 22).pixels.chunks(4).filter(|p| p[3] > 0).all(|p| p[..3] == TEMPLATE[..3]));
        assert!(!IconState::new(6, 10, Pressure::Warn, true).template, "warn is always in colour");
        assert_eq!(IconState::new(6, 10, Pressure::Normal, false).used_percent, 60);
        assert_eq!(IconState::new(20, 10, Pressure::Normal, false).used_percent, 100);
    }

    #[test]
    fn the_macos_artwork_is_18_points_centred_in_the_22_point_item() {
        let full = state(100, Pressure::Critical);
        let image = render_in_canvas(full, 44, 36);
        assert_eq!((image.width, image.height), (44, 44));
        assert_eq!(image.pixel(22, 30), render(full, 36).pixel(18, 26), "the same drawing, moved by 4 px");
        assert_eq!(render_in_canvas(full, 44, 44), render(full, 44), "no margin when the artwork fills it");
    }

    #[test]
    fn corners_stay_transparent() {
        let image = render(state(100, Pressure::Critical), 22);
        assert_eq!(image.pixel(0, 0)[3], 0);
        assert_eq!(image.pixel(21, 21)[3], 0);
        assert_eq!(image.pixels.len(), 22 * 22 * 4);
    }
}
