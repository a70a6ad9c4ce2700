//! The report page: one self-contained HTML file (inline CSS, inline SVG, no script, no request), every outside text escaped.

use std::fmt::Write as _;

use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use super::boots::BootSummary;
use super::charts::{self, Chart};
use super::columns::Frame;
use super::markers::Marker;
use crate::units::format_gb;

/// Text as HTML: safe inside elements and quoted attributes.
pub fn escape(text: &str) -> String {
    crate::ui::text::markup_escape(text)
}

/// Nothing may be fetched: the policy forbids every source but the page's own inline style, so
/// even text that slipped through unescaped could not load or run anything.
const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
"#;

/// Light by default; in dark mode the charts' black, white and grey are swapped through CSS, which
/// outranks SVG's presentation attributes; the series colours are mid-tones that read on both.
const STYLE: &str = r##"<style>
body { font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, sans-serif; margin: 24px auto; max-width: 1240px; padding: 0 16px; background: #ffffff; color: #1d1d1f; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 4px; }
.note { color: #6e6e73; margin: 0 0 12px; }
figure { margin: 0; } svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin-top: 8px; } th, td { padding: 4px 10px; text-align: right; border-bottom: 1px solid #d2d2d7; }
th:first-child, td:first-child { text-align: left; }
ol.events { columns: 2 420px; column-gap: 2em; padding-left: 2.5em; } ol.events li { break-inside: avoid; margin-bottom: 2px; overflow-wrap: anywhere; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
ul.key { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 4px 0; }
ul.key .swatch.line { height: 3px; width: 14px; vertical-align: middle; border-radius: 0; }
time { font-variant-numeric: tabular-nums; color: #6e6e73; }
@media (prefers-color-scheme: dark) {
  body { background: #1c1c1e; color: #e5e5ea; } .note, time { color: #98989d; } th, td { border-color: #3a3a3c; }
  svg [fill="#000000"] { fill: #e5e5ea; } svg [stroke="#000000"] { stroke: #e5e5ea; }
  svg [fill="#FFFFFF"] { fill: #1c1c1e; } svg [stroke="#DDDDDD"] { stroke: #3a3a3c; }
}
</style>
"##;

/// Everything the page shows.
pub struct Page<'a> {
    /// `headroom advise`'s verdict and what it stands on, when the span has rows.
    pub advice: Option<(String, String)>,
    pub frame: Frame,
    /// The first and last recorded rows shown, ms since the epoch (`None` without rows).
    pub recorded: Option<(i64, i64)>,
    pub memory: &'a Chart,
    pub wired: &'a Chart,
    /// "Who held wired memory", when the history recorded holders in the span.
    pub holders: Option<&'a Chart>,
    /// "Apps over time", when the history recorded apps in the span.
    pub apps: Option<&'a Chart>,
    /// "Swap written per day", when the span's samples carry paging counters.
    pub swap: Option<&'a Chart>,
    pub pressure: &'a Chart,
    pub events: &'a Chart,
    pub markers: &'a [Marker],
    pub boots: &'a [BootSummary],
    pub offset: UtcOffset,
    pub generated: OffsetDateTime,
}

fn when(at: OffsetDateTime, offset: UtcOffset) -> String {
    at.to_offset(offset).format(format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default()
}

fn length(span: time::Duration) -> String {
    let hours = span.whole_hours();
    if hours >= 48 {
        format!("{} d {} h", hours / 24, hours % 24)
    } else if hours == 0 {
        // Under an hour, to the nearest minute (a two-minute recording is not "0 h 1 min").
        format!("{} min", (span.whole_seconds() + 30) / 60)
    } else {
        format!("{hours} h {} min", span.whole_minutes() % 60)
    }
}

fn figure(out: &mut String, id: &str, title: &str, chart: &Chart, page: &Page) {
    let (first, last) = page.recorded.unwrap_or((page.frame.from_ms, page.frame.from_ms));
    let _ = write!(
        out,
        "<h2>{}</h2>\n<figure class=\"chart\" id=\"{id}\" data-from-ms=\"{}\" data-to-ms=\"{}\" data-first-ms=\"{first}\" data-last-ms=\"{last}\" data-plot-left=\"{}\" data-plot-right=\"{}\">\n",
        escape(title),
        page.frame.from_ms,
        page.frame.to_ms,
        chart.plot_left,
        chart.plot_right
    );
    if !chart.key.is_empty() {
        out.push_str("<ul class=\"key\">");
        for entry in &chart.key {
            let shape = if entry.line { "line" } else { "fill" };
            let _ = write!(
                out,
                "<li><span class=\"swatch {shape}\" style=\"background:{}\"></span>{}</li>",
                escape(&entry.colour),
                escape(&entry.name)
            );
        }
        out.push_str("</ul>\n");
    }
    // The SVG is plotters' output; every text in it was escaped by its backend.
    out.push_str(
        chart.svg.trim_start_matches(|c| c != '<').trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
    );
    out.push_str("\n</figure>\n");
}

pub fn render(page: &Page) -> String {
    let mut out = String::with_capacity(page.memory.svg.len() * 3);
    out.push_str(HEAD);
    let from = crate::history::time_from_ms(page.frame.from_ms);
    let to = crate::history::time_from_ms(page.frame.to_ms);
    let _ = writeln!(
        out,
        "<title>Headroom: memory history {} – {}</title>",
        when(from, page.offset),
        when(to, page.offset)
    );
    out.push_str(STYLE);
    // The page's words in the app's language (the command's stay English); each is escaped.
    let _ = writeln!(out, "</head>\n<body>\n<h1>{}</h1>", escape(&crate::tr!("report-title")));
    let note = crate::tr!(
        "report-note",
        from = when(from, page.offset),
        to = when(to, page.offset),
        offset =
            page.offset.format(format_description!("[offset_hour sign:mandatory]:[offset_minute]")).unwrap_or_default(),
        version = env!("CARGO_PKG_VERSION"),
        written = when(page.generated, page.offset)
    );
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&note));
    if let Some((verdict, basis)) = &page.advice {
        let _ = writeln!(
            out,
            "<p class=\"verdict\" id=\"advice\"><strong>{}</strong> {} (<code>headroom advise</code>)</p>",
            escape(verdict),
            escape(basis)
        );
    }
    if page.recorded.is_none() {
        let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(&crate::tr!("report-nothing")));
    }
    figure(&mut out, "chart-memory", &crate::tr!("report-memory"), page.memory, page);
    figure(&mut out, "chart-wired", &crate::tr!("report-wired"), page.wired, page);
    if let Some(holders) = page.holders {
        figure(&mut out, "chart-holders", &crate::tr!("report-holders"), holders, page);
    }
    if let Some(apps) = page.apps {
        figure(&mut out, "chart-apps", &crate::tr!("report-apps"), apps, page);
    }
    if let Some(swap) = page.swap {
        figure(&mut out, "chart-swap", &crate::tr!("report-swap"), swap, page);
    }
    figure(&mut out, "chart-pressure", &crate::tr!("report-pressure"), page.pressure, page);
    figure(&mut out, "chart-events", &crate::tr!("report-events"), page.events, page);
    out.push_str("<ol class=\"events\" id=\"event-list\">\n");
    for (n, marker) in page.markers.iter().enumerate() {
        let colour = charts::category_colour(marker.category);
        let _ = writeln!(
            out,
            "<li id=\"event-{}\" class=\"event {}\" data-at-ms=\"{}\"><span class=\"swatch\" style=\"background: rgb({}, {}, {})\"></span><time>{}</time> {}</li>",
            n + 1,
            marker.category.name(),
            crate::history::unix_ms(marker.at),
            colour.0,
            colour.1,
            colour.2,
            when(marker.at, page.offset),
            escape(&marker.text)
        );
    }
    out.push_str("</ol>\n");
    boots_table(&mut out, page);
    out.push_str("</body>\n</html>\n");
    out
}

fn boots_table(out: &mut String, page: &Page) {
    let _ = write!(out, "<h2>{}</h2>\n<table id=\"boots\">\n<thead><tr>", escape(&crate::tr!("report-boots")));
    for column in crate::tr!("report-boots-columns").split('|') {
        let _ = write!(out, "<th>{}</th>", escape(column.trim()));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for boot in page.boots {
        let trend = match &boot.slope {
            None => "not enough history".to_owned(),
            Some(slope) => {
                let rate = slope.rate_per_day as f64 / (1u64 << 20) as f64;
                format!("{}{rate:+.0} MB/day", if boot.creeping { "creeping " } else { "" })
            }
        };
        let jumps = boot
            .jumps
            .iter()
            .map(|j| format!("+{} at {}", format_gb(j.size()), when(j.at, page.offset)))
            .collect::<Vec<_>>();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&boot.id),
            // Replayed or older histories do not know; the recording's start is the nearest fact.
            boot.booted.map_or_else(|| "not known".to_owned(), |at| when(at, page.offset)),
            when(boot.start, page.offset),
            length(boot.length),
            format_gb(boot.wired_start),
            format_gb(boot.wired_end),
            escape(&trend),
            if jumps.is_empty() { "none".to_owned() } else { escape(&jumps.join("; ")) }
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_cannot_become_markup() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape(r#"a"b'c&d"#), "a&quot;b&#39;c&amp;d");
        assert_eq!(escape("Parallels `prl_vm_app` — ünïcode"), "Parallels `prl_vm_app` — ünïcode");
    }

    #[test]
    fn lengths_read_as_minutes_then_hours_then_days() {
        assert_eq!(length(time::Duration::minutes(90)), "1 h 30 min");
        assert_eq!(length(time::Duration::hours(50)), "2 d 2 h");
        assert_eq!(length(time::Duration::seconds(118)), "2 min");
    }
}
