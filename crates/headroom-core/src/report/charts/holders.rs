//! The report's step-line charts: "Who held wired memory" and "Apps over time" — the largest the
//! history recorded, each a line that holds its last recorded figure until the next (holders and
//! apps are recorded when they move).

use plotters::prelude::*;

use super::{
    Chart, INK, Inputs, Layout, MESH, ReportError, draw_err, gb, key, svg, time_chart, time_label, value_label,
};
use crate::config::Apps;
use crate::history::{AppRow, HolderRow, unix_ms};

/// The leak marks' colour: the report's red for what needs a look.
const LEAK: RGBColor = super::RED;

/// How many holders get a line: the largest by their peak in the span.
const LINES: usize = 5;

/// Colours for the lines, told apart from each other and from the charts above (Okabe–Ito).
const COLOURS: [RGBColor; LINES] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
];

/// One series' steps: (time, bytes) at each recorded change, held until the next.
fn steps(rows: &[(time::OffsetDateTime, u64)], until_ms: i64) -> Vec<(i64, f64)> {
    let mut points = Vec::with_capacity(rows.len() * 2 + 1);
    for &(when, bytes) in rows {
        let at = unix_ms(when);
        if let Some(&(_, before)) = points.last() {
            points.push((at, before));
        }
        points.push((at, gb(bytes)));
    }
    // A holder recorded as gone (0) ends there; one still holding runs to the end of the span.
    if let Some(&(at, last)) = points.last()
        && at < until_ms
        && last > 0.0
    {
        points.push((until_ms, last));
    }
    points
}

/// "Who held wired memory", or None when the history has no holders in the span (recorded
/// before schema 8, or a source that names none).
pub(crate) fn chart(inputs: &Inputs, rows: &[HolderRow]) -> Result<Option<Chart>, ReportError> {
    let series: Vec<(String, time::OffsetDateTime, u64)> =
        rows.iter().map(|r| (format!("{}: {}", r.kind, r.name), r.at, r.bytes)).collect();
    lines_chart(inputs, &series, "GB held", &[])
}

/// "Apps over time", each leak found marked where it was found, or None when the history has no
/// apps in the span (recorded before schema 9).
pub(crate) fn apps_chart(inputs: &Inputs, rows: &[AppRow], apps: &Apps) -> Result<Option<Chart>, ReportError> {
    let series: Vec<(String, time::OffsetDateTime, u64)> =
        rows.iter().map(|r| (r.name.clone(), r.at, r.bytes)).collect();
    let marks = leak_marks(rows, apps);
    let chart = lines_chart(inputs, &series, "GB used", &marks)?;
    Ok(chart)
}

/// Where each app's leak was first found (the leak verdict, judged at each of its recorded rows as
/// it would have been then): (name, time, bytes). One mark per episode: the verdict holding on the
/// next rows is the same leak.
pub(crate) fn leak_marks(rows: &[AppRow], apps: &Apps) -> Vec<(String, time::OffsetDateTime, u64)> {
    let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut marks = Vec::new();
    for name in names {
        let own: Vec<AppRow> = rows.iter().filter(|r| r.name == name).cloned().collect();
        let mut leaking = false;
        for (index, row) in own.iter().enumerate() {
            let now_leaking = !crate::verdict::app_leaks(&own[..=index], apps, row.at).is_empty();
            if now_leaking && !leaking {
                marks.push((name.to_owned(), row.at, row.bytes));
            }
            leaking = now_leaking;
        }
    }
    marks
}

/// A line per name for the [`LINES`] largest by their peak in the span, from (name, time, bytes) rows oldest first.
fn lines_chart(
    inputs: &Inputs,
    rows: &[(String, time::OffsetDateTime, u64)],
    y_desc: &str,
    marks: &[(String, time::OffsetDateTime, u64)],
) -> Result<Option<Chart>, ReportError> {
    let frame = inputs.frame;
    let mut names: Vec<(&str, u64)> = Vec::new();
    for (name, at, bytes) in rows.iter().filter(|(_, at, _)| unix_ms(*at) <= frame.to_ms) {
        let _ = at;
        match names.iter_mut().find(|(n, _)| *n == name.as_str()) {
            Some((_, peak)) => *peak = (*peak).max(*bytes),
            None => names.push((name.as_str(), *bytes)),
        }
    }
    names.sort_by_key(|(name, peak)| (std::cmp::Reverse(*peak), *name));
    names.truncate(LINES);
    let Some(top) = names.first().map(|(_, peak)| gb(*peak) * 1.1).filter(|top| *top > 0.0) else {
        return Ok(None);
    };
    let lines: Vec<(String, Vec<(i64, f64)>)> = names
        .iter()
        .map(|(name, _)| {
            let own: Vec<(time::OffsetDateTime, u64)> =
                rows.iter().filter(|(n, _, _)| n == name).map(|(_, at, bytes)| (*at, *bytes)).collect();
            ((*name).to_owned(), steps(&own, frame.to_ms))
        })
        .collect();
    let mut chart = svg(260, |root| {
        let mut chart = time_chart(root, frame, inputs.offset, top, Layout::Chart)?;
        mesh!(chart, inputs, y_desc, 5, top);
        for ((_, points), colour) in lines.iter().zip(COLOURS) {
            let clipped = points.iter().map(|&(x, y)| (x.clamp(frame.from_ms, frame.to_ms), y));
            chart.draw_series(LineSeries::new(clipped, colour.stroke_width(2))).map_err(draw_err)?;
        }
        let shown = marks.iter().filter(|(name, at, _)| {
            lines.iter().any(|(line, _)| line == name) && (frame.from_ms..=frame.to_ms).contains(&unix_ms(*at))
        });
        chart
            .draw_series(shown.map(|(_, at, bytes)| {
                EmptyElement::at((unix_ms(*at), gb(*bytes)))
                    + TriangleMarker::new((0, 0), 6, LEAK.filled())
                    + Text::new("leak", (7, -12), ("sans-serif", 12).into_font().color(&LEAK))
            }))
            .map_err(draw_err)?;
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })?;
    chart.key = lines.iter().zip(COLOURS).map(|((name, _), colour)| key(name.clone(), colour, true)).collect();
    if marks.iter().any(|(name, ..)| lines.iter().any(|(line, _)| line == name)) {
        chart.key.push(key("▲ leak found (apps.leak_window)", LEAK, false));
    }
    Ok(Some(chart))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holder_holds_its_figure_until_the_next_row_and_to_the_end() {
        let t0 = time::OffsetDateTime::UNIX_EPOCH + time::Duration::DAY;
        let row = |minutes: i64, mib: u64| HolderRow {
            at: t0 + time::Duration::minutes(minutes),
            boot_id: "b".into(),
            kind: "kernel".into(),
            name: "IOKit drivers".into(),
            bytes: mib << 30 >> 10,
        };
        let rows = [row(0, 1024), row(10, 2048)];
        let refs: Vec<(time::OffsetDateTime, u64)> = rows.iter().map(|r| (r.at, r.bytes)).collect();
        let at = |m: i64| unix_ms(t0 + time::Duration::minutes(m));
        assert_eq!(steps(&refs, at(30)), vec![(at(0), 1.0), (at(10), 1.0), (at(10), 2.0), (at(30), 2.0)]);
        let gone = [row(0, 1024), row(10, 0)];
        let refs: Vec<(time::OffsetDateTime, u64)> = gone.iter().map(|r| (r.at, r.bytes)).collect();
        assert_eq!(steps(&refs, at(30)), vec![(at(0), 1.0), (at(10), 1.0), (at(10), 0.0)], "gone: the line ends");
    }

    #[test]
    fn a_leak_is_marked_once_where_it_was_first_found_and_a_steady_app_never() {
        let t0 = time::OffsetDateTime::UNIX_EPOCH + time::Duration::DAY;
        let row = |name: &str, step: i64, mib: u64| AppRow {
            at: t0 + time::Duration::seconds(10 * step),
            boot_id: "b".into(),
            name: name.into(),
            bytes: mib << 20,
        };
        let mut rows = Vec::new();
        for step in 0..120 {
            rows.push(row("Raycast", step, 200 + 50 * step as u64));
            rows.push(row("Safari", step, 900 + (step as u64 % 2) * 40));
        }
        let apps = Apps {
            leak_window: crate::config::Span::minutes(5),
            leak_min_growth: crate::config::Size(300 << 20),
            ..Apps::default()
        };
        let marks = leak_marks(&rows, &apps);
        assert_eq!(marks.len(), 1, "{marks:?}");
        let (name, at, _) = &marks[0];
        assert_eq!(name, "Raycast");
        // 300 MiB of growth at 5 MiB/s takes 60 s: found within the first two minutes.
        assert!(*at <= t0 + time::Duration::minutes(2), "{at}");
    }
}
