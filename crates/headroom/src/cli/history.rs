//! `headroom history`: the recorded series as a table, a JSON array or CSV.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use headroom_core::history::{self, Row};
use time::{OffsetDateTime, UtcOffset};

use super::HistoryArgs;
use super::history_table::{header, line};

/// How much table text is gathered before it is written to stdout.
const FLUSH_AT: usize = 64 << 10;

pub fn run(args: &HistoryArgs, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let settings = super::common::settings();
    let Some(store) = super::common::open_history()? else {
        return Ok(print(args, &[], settings.units.label()));
    };
    let boot = super::common::boot_filter(args.boot)?;
    let since = OffsetDateTime::now_utc() - args.since;
    let since_ms = history::unix_ms(since);
    if args.json || args.csv {
        let rows = store.rows(since_ms, boot.as_deref())?;
        return Ok(print(args, &rows, settings.units.label()));
    }
    // The table is written as the rows are read, a buffer at a time: no list of every row.
    let mut out = std::io::stdout().lock();
    let mut buffer = header(settings.units.label()).into_bytes();
    let mut closed = false;
    store.each_table_row(since_ms, boot.as_deref(), |row| {
        if closed {
            return;
        }
        line(&mut buffer, &row, offset);
        if buffer.len() >= FLUSH_AT {
            // A closed pipe (`headroom history | head`) ends the output quietly.
            closed = out.write_all(&buffer).is_err();
            buffer.clear();
        }
    })?;
    if !closed {
        let _ = out.write_all(&buffer);
    }
    Ok(ExitCode::SUCCESS)
}

/// JSON or CSV of `rows`; the table's header alone when there are no rows to stream.
fn print(args: &HistoryArgs, rows: &[Row], units: &str) -> ExitCode {
    let text = if args.json {
        match serde_json::to_string_pretty(rows) {
            Ok(json) => json + "\n",
            Err(error) => {
                eprintln!("headroom: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else if args.csv {
        csv(rows)
    } else {
        header(units)
    };
    // A closed pipe (`headroom history | head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "at,boot_id,seq,resolution_s,count,total,app,wired,compressed,cached_files,free,swap_used,swap_total,pressure,wired_max,used_max,headroom\n",
    );
    for r in rows {
        let at = r.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        let _ = writeln!(
            out,
            "{at},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            r.boot_id,
            r.seq,
            r.resolution_s,
            r.count,
            r.total,
            r.app,
            r.wired,
            r.compressed,
            r.cached_files,
            r.free,
            r.swap_used,
            r.swap_total,
            r.pressure.name(),
            r.wired_max,
            r.used_max,
            // Empty for rows recorded before the headroom figure was.
            r.headroom.map(|h| h.to_string()).unwrap_or_default()
        );
    }
    out
}
