//! The dropdown's sparkline: used and wired memory over the last hours, drawn into RGBA by a pure function.

use super::icon::Rgba;

pub(crate) const USED: [u8; 4] = [90, 140, 220, 255];
pub(crate) const WIRED: [u8; 4] = [242, 184, 75, 255];

/// Draws `used` as filled columns and `wired` as a line over them, both as fractions of RAM
/// (0..=1), resampled to `width` columns. Missing history leaves columns empty, not guessed.
pub fn render(used: &[f64], wired: &[f64], width: u32, height: u32) -> Rgba {
    let mut image = Rgba::new(width, height);
    let column_value = |series: &[f64], x: u32| -> Option<f64> {
        if series.is_empty() {
            return None;
        }
        // The newest sample is at the right edge.
        let index = (x as usize * series.len()) / width as usize;
        series.get(index).map(|v| v.clamp(0.0, 1.0))
    };
    let top_of = |fraction: f64| height - ((fraction * f64::from(height)).round() as u32).min(height);
    for x in 0..width {
        if let Some(fraction) = column_value(used, x) {
            for y in top_of(fraction)..height {
                image.set(x, y, USED);
            }
        }
        if let Some(fraction) = column_value(wired, x) {
            let y = top_of(fraction).min(height - 1);
            image.set(x, y, WIRED);
            image.set(x, y.saturating_sub(1), WIRED);
        }
    }
    image
}

/// The same series as text, one block character per column (▁ to █), for menus that cannot show
/// a wide image (GTK menus scale item icons to 16 × 16). Empty history gives an empty string.
pub fn blocks(series: &[f64], width: usize) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if series.is_empty() || width == 0 {
        return String::new();
    }
    let columns = width.min(series.len());
    (0..columns)
        .map(|x| {
            let value = series[x * series.len() / columns].clamp(0.0, 1.0);
            LEVELS[((value * 8.0) as usize).min(7)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_height(image: &Rgba, x: u32) -> u32 {
        (0..image.height).filter(|y| image.pixel(x, *y) == USED).count() as u32
    }

    #[test]
    fn columns_follow_used_and_the_line_follows_wired() {
        let used: Vec<f64> = (0..100).map(|i| f64::from(i) / 100.0).collect();
        let wired = vec![0.25; 100];
        let image = render(&used, &wired, 100, 40);
        assert_eq!(column_height(&image, 0), 0);
        assert_eq!(column_height(&image, 50), 20 - 2, "half used, minus the wired line drawn over it at 25 %");
        let line_row = 40 - 10;
        assert_eq!(image.pixel(75, line_row), WIRED);
        assert_eq!(image.pixel(75, line_row - 1), WIRED);
    }

    #[test]
    fn blocks_rise_with_the_values() {
        assert_eq!(blocks(&[0.0, 0.2, 0.5, 0.99, 1.0], 5), "▁▂▅██");
        assert_eq!(blocks(&[], 10), "");
        assert_eq!(blocks(&[0.5; 100], 4).chars().count(), 4, "resampled to the width");
    }

    #[test]
    fn no_history_draws_nothing() {
        let image = render(&[], &[], 60, 20);
        assert!(image.pixels.iter().all(|b| *b == 0));
    }

    #[test]
    fn fewer_samples_than_columns_are_stretched() {
        let image = render(&[0.5, 1.0], &[], 10, 10);
        assert_eq!(column_height(&image, 0), 5);
        assert_eq!(column_height(&image, 9), 10);
    }
}
