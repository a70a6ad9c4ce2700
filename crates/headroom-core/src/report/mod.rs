//! `headroom report`: the history as one self-contained HTML page of charts, events and boots.

mod axes;
pub(crate) mod boots;
mod charts;
pub(crate) mod columns;
pub mod html;
pub mod markers;
pub mod open;

/// Swap written per local day (the report's chart; `decide::more_ram` reads the same).
pub(crate) use charts::swap::written_per_day as swap_written_per_day;

use thiserror::Error;
use time::{OffsetDateTime, UtcOffset};

use crate::config::Config;
use crate::history::{Event, HistoryError, Row, Store};
use boots::{BootRecord, BootSummary};
use columns::Frame;
use markers::Marker;

#[derive(Debug, Error)]
pub enum ReportError {
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error("cannot draw a chart: {0}")]
    Draw(String),
}

/// What to show: from when, until when, and of which boot (all when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub since: OffsetDateTime,
    pub until: OffsetDateTime,
    pub boot: Option<String>,
}

/// What the page is made from, read from the history in one go.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    pub rows: Vec<Row>,
    pub events: Vec<Event>,
    pub boots: Vec<BootRecord>,
    /// Who held wired memory, as recorded (empty before schema 8).
    pub holders: Vec<crate::history::HolderRow>,
    /// Who used memory, as recorded (empty before schema 9).
    pub apps: Vec<crate::history::AppRow>,
}

/// Reads the rows (through the same query as `headroom history`), events and boots in `scope`.
pub(crate) fn read(store: &Store, scope: &Scope) -> Result<Data, HistoryError> {
    let since_ms = crate::history::unix_ms(scope.since);
    let rows = store.rows(since_ms, scope.boot.as_deref())?;
    let until = scope.until;
    let events = store
        .events(since_ms)?
        .into_iter()
        .filter(|e| e.at <= until && (scope.boot.is_none() || e.boot_id.is_none() || e.boot_id == scope.boot))
        .collect();
    let mut boots = Vec::new();
    for span in store.boots()? {
        if rows.iter().any(|r| r.boot_id == span.id)
            && let Some((_, baseline_wired, _)) = store.baseline(&span.id)?
        {
            boots.push(BootRecord {
                id: span.id,
                booted: span.booted,
                first_seen: span.first_seen,
                last_seen: span.last_seen,
                baseline_wired,
            });
        }
    }
    let holders = store
        .holders(since_ms)?
        .into_iter()
        .filter(|h| h.at <= until && scope.boot.as_ref().is_none_or(|boot| *boot == h.boot_id))
        .collect();
    let apps = store
        .apps(since_ms)?
        .into_iter()
        .filter(|a| a.at <= until && scope.boot.as_ref().is_none_or(|boot| *boot == a.boot_id))
        .collect();
    Ok(Data { rows, events, boots, holders, apps })
}

/// The page for `data`: charts over the recorded part of `scope` (the whole scope when nothing was recorded).
pub fn render(
    data: &Data,
    scope: &Scope,
    settings: &Config,
    offset: UtcOffset,
    generated: OffsetDateTime,
) -> Result<String, ReportError> {
    let recorded = data
        .rows
        .iter()
        .map(Row::at_ms)
        .fold(None, |span: Option<(i64, i64)>, at| Some(span.map_or((at, at), |(a, b)| (a.min(at), b.max(at)))));
    let (from_ms, to_ms) =
        recorded.unwrap_or((crate::history::unix_ms(scope.since), crate::history::unix_ms(scope.until)));
    let frame = Frame { from_ms, to_ms: to_ms.max(from_ms + 60_000), width: charts::PLOT_WIDTH };
    let columns = columns::reduce(&data.rows, frame);
    let summaries: Vec<BootSummary> = boots::summarize(&data.rows, &data.boots, &settings.growth);
    let markers = all_markers(data, &summaries, offset);
    let inputs = charts::Inputs {
        frame,
        columns: &columns,
        boots: &summaries,
        markers: &markers,
        wired: &settings.wired,
        offset,
    };
    let (memory, wired) = (charts::memory(&inputs)?, charts::wired(&inputs)?);
    let (pressure, events) = (charts::pressure(&inputs)?, charts::events(&inputs)?);
    let holders = charts::holders::chart(&inputs, &data.holders)?;
    let apps = charts::holders::apps_chart(&inputs, &data.apps, &settings.apps)?;
    let swap = charts::swap::chart(&inputs, &data.rows)?;
    // `headroom advise`'s verdict on the same span, at the page's top.
    let advice = crate::decide::more_ram::advise(&data.rows, offset).map(|a| (a.verdict(), a.basis()));
    Ok(html::render(&html::Page {
        advice,
        frame,
        recorded,
        memory: &memory,
        wired: &wired,
        holders: holders.as_ref(),
        apps: apps.as_ref(),
        swap: swap.as_ref(),
        pressure: &pressure,
        events: &events,
        markers: &markers,
        boots: &summaries,
        offset,
        generated,
    }))
}

/// The history's events, each boot's baseline and the jumps found, oldest first.
pub fn all_markers(data: &Data, summaries: &[BootSummary], offset: UtcOffset) -> Vec<Marker> {
    let mut out: Vec<Marker> = data.events.iter().map(|event| markers::describe(event, offset)).collect();
    for boot in summaries {
        out.push(markers::boot_baseline(boot.start, boot.wired_start));
        out.extend(boot.jumps.iter().map(markers::jump));
    }
    // Stable: events of one instant keep the order they were written in.
    out.sort_by_key(|m| m.at);
    out
}

/// Reads `scope` from the database at `path` and renders its page: what `headroom report` and the menu's "Show History…" do.
pub fn build(store: &Store, scope: &Scope, settings: &Config, offset: UtcOffset) -> Result<String, ReportError> {
    let data = read(store, scope)?;
    render(&data, scope, settings, offset, OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app's Show History… writes the page in the app's language; `headroom report` (no
    /// language chosen) in English. Both lead with the RAM verdict.
    #[test]
    fn the_page_speaks_the_apps_language_and_leads_with_the_ram_verdict() {
        let at = time::macros::datetime!(2026-12-01 10:00 UTC);
        let snapshot = crate::ui::fixture_snapshot();
        let rows: Vec<Row> = (0..10)
            .map(|i| {
                let mut row = Row::from_snapshot(&snapshot, i);
                row.at = at + time::Duration::seconds(2 * i);
                row
            })
            .collect();
        let data = Data { rows, events: Vec::new(), boots: Vec::new(), holders: Vec::new(), apps: Vec::new() };
        let scope = Scope { since: at - time::Duration::HOUR, until: at + time::Duration::HOUR, boot: None };
        let page = || render(&data, &scope, &Config::default(), UtcOffset::UTC, at).expect("renders");
        let english = page();
        assert!(english.contains("<h1>Memory history</h1>"), "{english}");
        assert!(english.contains("<p class=\"verdict\" id=\"advice\"><strong>16.0 GB "), "the verdict first");
        let german = crate::i18n::with_catalog(std::sync::Arc::new(crate::i18n::Catalog::of("de")), page);
        assert!(german.contains("<h1>Speicherverlauf</h1>") && german.contains("<th>Trend</th>"), "{german}");
        assert!(german.contains("Reservierter Speicher: der Teil, den keine App zurückgeben kann"));
        let verdict = german.split("id=\"advice\"><strong>").nth(1).unwrap_or_default();
        assert!(verdict.starts_with("16,0 GB standen 100 % der Zeit auf Warnung oder kritisch"), "{verdict}");
    }
}
