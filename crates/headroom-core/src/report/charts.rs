//! The report's charts, drawn by plotters into SVG text: memory by category (stacked), wired memory with its band, the pressure strip and the event lane.

use plotters::coord::Shift;
use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::types::{RangedCoordf64, RangedCoordi64};
use plotters::prelude::*;
use time::UtcOffset;

use super::ReportError;
use super::axes::{time_label, time_ticks, value_label};
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
pub(crate) const MESH: RGBColor = RGBColor(221, 221, 221);
const APP: RGBColor = RGBColor(230, 159, 0);
const WIRED: RGBColor = RGBColor(213, 94, 0);
const COMPRESSED: RGBColor = RGBColor(204, 121, 167);
const CACHED: RGBColor = RGBColor(86, 180, 233);
const FREE: RGBColor = RGBColor(0, 158, 115);
pub(crate) const SWAP: RGBColor = RGBColor(120, 120, 120);
const HEADROOM: RGBColor = RGBColor(0, 114, 178);
const HIGH: RGBColor = RGBColor(200, 30, 30);
const BOOT: RGBColor = RGBColor(128, 128, 128);
pub(crate) const GREEN: RGBColor = RGBColor(52, 168, 83);
pub(crate) const AMBER: RGBColor = RGBColor(242, 169, 0);
pub const RED: RGBColor = RGBColor(219, 50, 54);

/// One drawn chart: its SVG, where its plotting area is (for the page's data attributes), and its
/// key, which the page shows above the chart: a legend drawn inside the plot sat on the data.
#[derive(Debug, Clone)]
pub struct Chart {
    pub svg: String,
    pub plot_left: i32,
    pub plot_right: i32,
    pub key: Vec<Key>,
}

/// One entry of a chart's key: what a colour means, drawn as a filled square or a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    pub line: bool,
}

fn key(name: impl Into<String>, colour: RGBColor, line: bool) -> Key {
    Key { name: name.into(), colour: format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2), line }
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
    Ok(Chart { svg: text, plot_left, plot_right, key: Vec::new() })
}

/// How a chart sits on the page: a full chart with a margin all round and room for date labels,
/// or a strip under it with side margins only.
#[derive(Clone, Copy)]
enum Layout {
    Chart,
    Strip,
}

/// A chart over the report's time frame, from 0 to `top` on its y axis, its time ticks at round local times.
fn time_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    frame: Frame,
    offset: UtcOffset,
    top: f64,
    layout: Layout,
) -> Result<ChartContext<'a, SVGBackend<'b>, TimeCoord>, ReportError> {
    let mut builder = ChartBuilder::on(root);
    match layout {
        Layout::Chart => builder.margin(MARGIN).x_label_area_size(28),
        Layout::Strip => builder.margin_left(MARGIN).margin_right(MARGIN).x_label_area_size(24),
    };
    let ticks = time_ticks(frame.from_ms, frame.to_ms, offset);
    builder
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d((frame.from_ms..frame.to_ms).with_key_points(ticks), 0f64..top)
        .map_err(draw_err)
}

/// The report's charts: time (ms) across, ticked where `time_ticks` says, a value up.
type TimeCoord = Cartesian2d<WithKeyPoints<RangedCoordi64>, RangedCoordf64>;

macro_rules! mesh {
    ($chart:expr, $inputs:expr, $y_desc:expr, $y_labels:expr, $top:expr) => {{
        let span = $inputs.frame.to_ms - $inputs.frame.from_ms;
        let offset = $inputs.offset;
        let top: f64 = $top;
        let format_x = move |ms: &i64| time_label(*ms, span, offset);
        let format_y = move |v: &f64| value_label(*v, top);
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
    let mut chart = svg(360, |root| {
        let mut chart = time_chart(root, frame, inputs.offset, top, Layout::Chart)?;
        mesh!(chart, inputs, "GB", 6, top);
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
        for (depth, (_, colour, _)) in layers.iter().enumerate() {
            for run in &runs {
                let stack = |f: &Figures| Some(layers[depth..].iter().map(|(_, _, pick)| pick(f)).sum::<u64>());
                let points = envelope(run, stack);
                let series = AreaSeries::new(points.into_iter().map(|(x, y)| (x, gb(y))), 0.0, colour.mix(0.85));
                chart.draw_series(series).map_err(draw_err)?;
            }
        }
        type Line = fn(&Figures) -> Option<u64>;
        let lines: [(&str, RGBColor, Line); 2] = [
            ("Headroom (what apps can still take)", HEADROOM, |f| f.headroom),
            ("Swap used", SWAP, |f| Some(f.swap_used)),
        ];
        for (_, colour, pick) in lines {
            for run in &runs {
                let points = envelope(run, pick);
                if points.is_empty() {
                    continue;
                }
                let style = colour.stroke_width(2);
                chart
                    .draw_series(LineSeries::new(points.into_iter().map(|(x, y)| (x, gb(y))), style))
                    .map_err(draw_err)?;
            }
        }
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })?;
    chart.key = vec![
        key("Wired", WIRED, false),
        key("App", APP, false),
        key("Compressed", COMPRESSED, false),
        key("Cached Files", CACHED, false),
        key("Free", FREE, false),
        key("Headroom (what apps can still take)", HEADROOM, true),
        key("Swap used", SWAP, true),
    ];
    Ok(chart)
}

/// Wired memory alone, with the band normal for this RAM, the high threshold, each boot's start and the creeping slopes.
pub(crate) fn wired(inputs: &Inputs) -> Result<Chart, ReportError> {
    let frame = inputs.frame;
    let total = inputs.total() as f64;
    let peak = inputs.columns.iter().map(|c| c.high.wired).max().unwrap_or(0);
    let top = (gb(peak).max(total * inputs.wired.high / GB as f64) * 1.15).max(1.0);
    let (low, high) = (total * inputs.wired.normal_min / GB as f64, total * inputs.wired.normal_max / GB as f64);
    let limit = total * inputs.wired.high / GB as f64;
    let mut key_entries = vec![
        key("Wired", WIRED, true),
        key(format!("normal for this RAM ({low:.1}–{high:.1} GB)"), FREE, false),
        key(format!("high ({limit:.1} GB)"), HIGH, true),
    ];
    if inputs.boots.iter().any(|b| crate::history::unix_ms(b.start) >= frame.from_ms) {
        key_entries.push(key("boot (a restart resets wired)", BOOT, true));
    }
    if let Some(slope) = inputs.boots.iter().filter(|b| b.creeping).find_map(|b| b.slope.as_ref()) {
        key_entries.push(key(
            format!("creeping ({:+.0} MB/day)", slope.rate_per_day as f64 / (1u64 << 20) as f64),
            HIGH,
            true,
        ));
    }
    let mut chart = svg(300, |root| {
        let mut chart = time_chart(root, frame, inputs.offset, top, Layout::Chart)?;
        mesh!(chart, inputs, "GB wired", 6, top);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(frame.from_ms, low), (frame.to_ms, high)],
                FREE.mix(0.18).filled(),
            )))
            .map_err(draw_err)?;
        let dashed = HIGH.stroke_width(1);
        chart
            .draw_series(DashedLineSeries::new([(frame.from_ms, limit), (frame.to_ms, limit)], 6, 4, dashed))
            .map_err(draw_err)?;
        for boot in inputs.boots {
            let at = crate::history::unix_ms(boot.start);
            if at >= frame.from_ms {
                chart.draw_series(LineSeries::new([(at, 0.0), (at, top)], BOOT.stroke_width(1))).map_err(draw_err)?;
            }
        }
        for run in &runs(inputs.columns, inputs.max_gap_ms()) {
            let points = envelope(run, |f| Some(f.wired));
            let style = WIRED.stroke_width(2);
            chart.draw_series(LineSeries::new(points.into_iter().map(|(x, y)| (x, gb(y))), style)).map_err(draw_err)?;
        }
        for slope in inputs.boots.iter().filter(|b| b.creeping).filter_map(|b| b.slope.as_ref()) {
            let (a, b) = (crate::history::unix_ms(slope.since), crate::history::unix_ms(slope.until));
            let line = [(a.max(frame.from_ms), gb(slope.from)), (b.min(frame.to_ms), gb(slope.to))];
            chart.draw_series(LineSeries::new(line, HIGH.stroke_width(3))).map_err(draw_err)?;
        }
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })?;
    chart.key = key_entries;
    Ok(chart)
}

/// Pressure as a strip of green, amber and red, one colour per column (the worst in it).
pub(crate) fn pressure(inputs: &Inputs) -> Result<Chart, ReportError> {
    let frame = inputs.frame;
    svg(70, |root| {
        let mut chart = time_chart(root, frame, inputs.offset, 1.0, Layout::Strip)?;
        mesh!(chart, inputs, "pressure", 0, 1.0);
        let width = frame.column_ms();
        let max_gap = inputs.max_gap_ms();
        // One solid band per level: each column reaches to the next one unless there is a gap in the
        // record between them (columns are sparser than pixels on a short span, which drew a
        // barcode of thin lines); neighbouring columns of one level become one rectangle.
        let mut bands: Vec<(i64, i64, Pressure)> = Vec::new();
        for column in inputs.columns {
            let start = frame.from_ms + column.index as i64 * width;
            if let Some((_, end, _)) = bands.last_mut()
                && start > *end
                && start - *end <= max_gap
            {
                *end = start;
            }
            match bands.last_mut() {
                Some((_, end, level)) if *level == column.pressure && *end >= start => *end = start + width,
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
        let mut chart = time_chart(root, frame, inputs.offset, 4.0, Layout::Strip)?;
        mesh!(chart, inputs, "events", 0, 4.0);
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

/// "Who held wired memory": after the macro it uses, as a child so it shares the helpers above.
pub(crate) mod holders;
/// "Swap written per day", a child for the same reason.
pub(crate) mod swap;
