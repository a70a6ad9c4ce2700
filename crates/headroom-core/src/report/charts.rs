//! The report's charts, drawn by plotters into SVG text: memory by category (stacked), wired memory with its band, the pressure strip and the event lane.

use plotters::coord::Shift;
use plotters::coord::types::{RangedCoordf64, RangedCoordi64};
use plotters::prelude::*;
use time::UtcOffset;
use time::macros::format_description;

use super::ReportError;
use super::boots::BootSummary;
use super::columns::{Column, Figures, Frame, envelope, runs};
use super::markers::{Category, Marker};
use crate::config::WiredThresholds;
use crate::model::Pressure;
use crate::units::GB;

/// Pixel sizes shared by every chart, so their time axes line up one under the other.
pub(crate) const WIDTH: u32 = 1200;
const MARGIN: u32 = 12;
const Y_LABELS: u32 = 64;
/// Columns of the plotting area: what the history is reduced to.
pub(crate) const PLOT_WIDTH: usize = (WIDTH - 2 * MARGIN - Y_LABELS) as usize;

// Colours: mid-tones that read on white and on near-black. Black, white and the mesh grey are
// swapped for their dark-mode counterparts by the page's CSS (`prefers-color-scheme`).
pub(crate) const INK: RGBColor = RGBColor(0, 0, 0);
pub(crate) const PAPER: RGBColor = RGBColor(255, 255, 255);
pub(crate) const MESH: RGBColor = RGBColor(221, 221, 221);
const APP: RGBColor = RGBColor(230, 159, 0);
const WIRED: RGBColor = RGBColor(213, 94, 0);
const COMPRESSED: RGBColor = RGBColor(204, 121, 167);
const CACHED: RGBColor = RGBColor(86, 180, 233);
const FREE: RGBColor = RGBColor(0, 158, 115);
const SWAP: RGBColor = RGBColor(120, 120, 120);
const HEADROOM: RGBColor = RGBColor(0, 114, 178);
const HIGH: RGBColor = RGBColor(200, 30, 30);
const BOOT: RGBColor = RGBColor(128, 128, 128);
pub(crate) const GREEN: RGBColor = RGBColor(52, 168, 83);
pub(crate) const AMBER: RGBColor = RGBColor(242, 169, 0);
pub(crate) const RED: RGBColor = RGBColor(219, 50, 54);

/// One drawn chart: its SVG and where its plotting area is, for the page's data attributes.
#[derive(Debug, Clone)]
pub struct Chart {
    pub svg: String,
    pub plot_left: i32,
    pub plot_right: i32,
}

/// Everything the charts draw.
pub struct Inputs<'a> {
    pub frame: Frame,
    pub columns: &'a [Column],
    pub boots: &'a [BootSummary],
    pub markers: &'a [Marker],
    pub wired: &'a WiredThresholds,
    pub offset: UtcOffset,
}

impl Inputs<'_> {
    fn total(&self) -> u64 {
        self.columns.iter().map(|c| c.high.total).max().unwrap_or(0)
    }

    /// Columns further apart than this are a gap in the record, not a slope.
    fn max_gap_ms(&self) -> i64 {
        (self.frame.column_ms() * 2).max(20 * 60_000)
    }
}

fn draw_err(error: impl std::fmt::Display) -> ReportError {
    ReportError::Draw(error.to_string())
}

fn gb(bytes: u64) -> f64 {
    bytes as f64 / GB as f64
}

fn time_label(ms: i64, span_ms: i64, offset: UtcOffset) -> String {
    let at = crate::history::time_from_ms(ms).to_offset(offset);
    let text = if span_ms > 3 * 86_400_000 {
        at.format(format_description!("[month repr:short] [day]"))
    } else {
        at.format(format_description!("[month repr:short] [day] [hour]:[minute]"))
    };
    text.unwrap_or_default()
}

/// Draws on a fresh SVG of `height` pixels and returns its text.
fn svg(
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(i32, i32), ReportError>,
) -> Result<Chart, ReportError> {
    let mut text = String::new();
    let (plot_left, plot_right) = {
        let root = SVGBackend::with_string(&mut text, (WIDTH, height)).into_drawing_area();
        let range = draw(&root)?;
        root.present().map_err(draw_err)?;
        range
    };
    Ok(Chart { svg: text, plot_left, plot_right })
}

/// How a chart sits on the page: a full chart with a margin all round and room for date labels,
/// or a strip under it with side margins only.
#[derive(Clone, Copy)]
enum Layout {
    Chart,
    Strip,
}

/// A chart over the report's time frame, from 0 to `top` on its y axis.
fn time_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    frame: Frame,
    top: f64,
    layout: Layout,
) -> Result<ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordi64, RangedCoordf64>>, ReportError> {
    let mut builder = ChartBuilder::on(root);
    match layout {
        Layout::Chart => builder.margin(MARGIN).x_label_area_size(28),
        Layout::Strip => builder.margin_left(MARGIN).margin_right(MARGIN).x_label_area_size(24),
    };
    builder.y_label_area_size(Y_LABELS).build_cartesian_2d(frame.from_ms..frame.to_ms, 0f64..top).map_err(draw_err)
}

macro_rules! mesh {
    ($chart:expr, $inputs:expr, $y_desc:expr, $y_labels:expr) => {{
        let span = $inputs.frame.to_ms - $inputs.frame.from_ms;
        let offset = $inputs.offset;
        let format_x = move |ms: &i64| time_label(*ms, span, offset);
        let format_y = |v: &f64| format!("{v:.0}");
        let mut mesh = $chart.configure_mesh();
        mesh.x_labels(10)
            .y_labels($y_labels)
            .x_label_formatter(&format_x)
            .y_label_formatter(&format_y)
            .y_desc($y_desc)
            .axis_style(INK)
            .label_style(("sans-serif", 13).into_font().color(&INK))
            .bold_line_style(MESH)
            .light_line_style(TRANSPARENT);
        mesh.draw().map_err(draw_err)?;
    }};
}

/// Memory in Activity Monitor's categories, stacked, with the headroom figure and swap as lines.
pub(crate) fn memory(inputs: &Inputs) -> Result<Chart, ReportError> {
    let frame = inputs.frame;
    let top = gb(inputs.total()).max(1.0) * 1.02;
    svg(360, |root| {
        let mut chart = time_chart(root, frame, top, Layout::Chart)?;
        mesh!(chart, inputs, "GB", 6);
        // Stacked by overdrawing: each band is drawn as the sum of itself and those below it, top band first.
        type Pick = fn(&Figures) -> u64;
        let layers: [(&str, RGBColor, Pick); 5] = [
            ("Free", FREE, |f| f.free),
            ("Cached Files", CACHED, |f| f.cached_files),
            ("Compressed", COMPRESSED, |f| f.compressed),
            ("App", APP, |f| f.app),
            ("Wired", WIRED, |f| f.wired),
        ];
        let runs = runs(inputs.columns, inputs.max_gap_ms());
        for (depth, (name, colour, _)) in layers.iter().enumerate() {
            for (n, run) in runs.iter().enumerate() {
                let stack = |f: &Figures| Some(layers[depth..].iter().map(|(_, _, pick)| pick(f)).sum::<u64>());
                let points = envelope(run, stack);
                let series = AreaSeries::new(points.into_iter().map(|(x, y)| (x, gb(y))), 0.0, colour.mix(0.85));
                let drawn = chart.draw_series(series).map_err(draw_err)?;
                if n == 0 {
                    let colour = *colour;
                    drawn
                        .label(*name)
                        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
                }
            }
        }
        type Line = fn(&Figures) -> Option<u64>;
        let lines: [(&str, RGBColor, Line); 2] = [
            ("Headroom (what apps can still take)", HEADROOM, |f| f.headroom),
            ("Swap used", SWAP, |f| Some(f.swap_used)),
        ];
        for (name, colour, pick) in lines {
            for (n, run) in runs.iter().enumerate() {
                let points = envelope(run, pick);
                if points.is_empty() {
                    continue;
                }
                let style = colour.stroke_width(2);
                let drawn = chart
                    .draw_series(LineSeries::new(points.into_iter().map(|(x, y)| (x, gb(y))), style))
                    .map_err(draw_err)?;
                if n == 0 {
                    drawn.label(name).legend(move |(x, y)| PathElement::new([(x, y), (x + 12, y)], style));
                }
            }
        }
        legend(&mut chart)?;
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })
}

fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
) -> Result<(), ReportError>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(PAPER.mix(0.85))
        .border_style(INK)
        .label_font(("sans-serif", 13).into_font().color(&INK))
        .draw()
        .map_err(draw_err)
}

/// Wired memory alone, with the band normal for this RAM, the high threshold, each boot's start and the creeping slopes.
pub(crate) fn wired(inputs: &Inputs) -> Result<Chart, ReportError> {
    let frame = inputs.frame;
    let total = inputs.total() as f64;
    let peak = inputs.columns.iter().map(|c| c.high.wired).max().unwrap_or(0);
    let top = (gb(peak).max(total * inputs.wired.high / GB as f64) * 1.15).max(1.0);
    svg(300, |root| {
        let mut chart = time_chart(root, frame, top, Layout::Chart)?;
        mesh!(chart, inputs, "GB wired", 6);
        let (low, high) = (total * inputs.wired.normal_min / GB as f64, total * inputs.wired.normal_max / GB as f64);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(frame.from_ms, low), (frame.to_ms, high)],
                FREE.mix(0.18).filled(),
            )))
            .map_err(draw_err)?
            .label(format!("normal for this RAM ({low:.1}–{high:.1} GB)"))
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], FREE.mix(0.35).filled()));
        let limit = total * inputs.wired.high / GB as f64;
        let dashed = HIGH.stroke_width(1);
        chart
            .draw_series(DashedLineSeries::new([(frame.from_ms, limit), (frame.to_ms, limit)], 6, 4, dashed))
            .map_err(draw_err)?
            .label(format!("high ({limit:.1} GB)"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 12, y)], dashed));
        for (n, boot) in inputs.boots.iter().enumerate() {
            let at = crate::history::unix_ms(boot.start);
            if at < frame.from_ms {
                continue;
            }
            let drawn =
                chart.draw_series(LineSeries::new([(at, 0.0), (at, top)], BOOT.stroke_width(1))).map_err(draw_err)?;
            if n == 0 || inputs.boots[..n].iter().all(|b| crate::history::unix_ms(b.start) < frame.from_ms) {
                drawn
                    .label("boot (restart resets wired)")
                    .legend(|(x, y)| PathElement::new([(x + 6, y - 6), (x + 6, y + 6)], BOOT));
            }
        }
        for (n, run) in runs(inputs.columns, inputs.max_gap_ms()).iter().enumerate() {
            let points = envelope(run, |f| Some(f.wired));
            let style = WIRED.stroke_width(2);
            let drawn = chart
                .draw_series(LineSeries::new(points.into_iter().map(|(x, y)| (x, gb(y))), style))
                .map_err(draw_err)?;
            if n == 0 {
                drawn.label("Wired").legend(move |(x, y)| PathElement::new([(x, y), (x + 12, y)], style));
            }
        }
        let mut labelled = false;
        for slope in inputs.boots.iter().filter(|b| b.creeping).filter_map(|b| b.slope.as_ref()) {
            let (a, b) = (crate::history::unix_ms(slope.since), crate::history::unix_ms(slope.until));
            let line = [(a.max(frame.from_ms), gb(slope.from)), (b.min(frame.to_ms), gb(slope.to))];
            let style = HIGH.stroke_width(3);
            let drawn = chart.draw_series(LineSeries::new(line, style)).map_err(draw_err)?;
            if !labelled {
                labelled = true;
                let rate = slope.rate_per_day as f64 / (1u64 << 20) as f64;
                drawn
                    .label(format!("creeping ({rate:+.0} MB/day)"))
                    .legend(move |(x, y)| PathElement::new([(x, y + 4), (x + 12, y - 4)], style));
            }
        }
        legend(&mut chart)?;
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })
}

/// Pressure as a strip of green, amber and red, one colour per column (the worst in it).
pub(crate) fn pressure(inputs: &Inputs) -> Result<Chart, ReportError> {
    let frame = inputs.frame;
    svg(70, |root| {
        let mut chart = time_chart(root, frame, 1.0, Layout::Strip)?;
        mesh!(chart, inputs, "pressure", 0);
        let width = frame.column_ms();
        // Neighbouring columns of one level become one rectangle: fewer elements, the same picture.
        let mut bands: Vec<(i64, i64, Pressure)> = Vec::new();
        for column in inputs.columns {
            let start = frame.from_ms + column.index as i64 * width;
            match bands.last_mut() {
                Some((_, end, level)) if *level == column.pressure && *end >= start - width / 2 => *end = start + width,
                _ => bands.push((start, start + width, column.pressure)),
            }
        }
        chart
            .draw_series(bands.into_iter().map(|(a, b, level)| {
                let colour = match level {
                    Pressure::Normal => GREEN,
                    Pressure::Warn => AMBER,
                    Pressure::Critical => RED,
                };
                Rectangle::new([(a, 0.15), (b.min(frame.to_ms), 0.85)], colour.filled())
            }))
            .map_err(draw_err)?;
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })
}

pub(crate) fn category_colour(category: Category) -> RGBColor {
    match category {
        Category::Suspect => RGBColor(148, 103, 189),
        Category::Jump => WIRED,
        Category::Purge => CACHED,
        Category::Notification => AMBER,
        Category::Baseline => BOOT,
        Category::Other => SWAP,
    }
}

/// The events as numbered markers on the shared time axis; the page lists each number's text.
pub(crate) fn events(inputs: &Inputs) -> Result<Chart, ReportError> {
    let frame = inputs.frame;
    svg(90, |root| {
        let mut chart = time_chart(root, frame, 4.0, Layout::Strip)?;
        mesh!(chart, inputs, "events", 0);
        for (n, marker) in inputs.markers.iter().enumerate() {
            let at = crate::history::unix_ms(marker.at).clamp(frame.from_ms, frame.to_ms);
            // Four rows, so neighbours in time do not print their numbers on top of each other.
            let row = 0.5 + (n % 4) as f64 * 0.9;
            let colour = category_colour(marker.category);
            chart
                .draw_series([EmptyElement::at((at, row))
                    + TriangleMarker::new((0, 0), 5, colour.filled())
                    + Text::new(format!("{}", n + 1), (5, -7), ("sans-serif", 11).into_font().color(&INK))])
                .map_err(draw_err)?;
        }
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })
}
