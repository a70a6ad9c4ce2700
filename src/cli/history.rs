//! `headroom history`: the recorded series as a table, a JSON array or CSV.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use crate::history::{self, Row};
use crate::units::Gb;
use time::{OffsetDateTime, UtcOffset};

use super::HistoryArgs;

pub fn run(args: &HistoryArgs, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let settings = crate::config::load_or_defaults();
    let Some(store) = super::common::open_history()? else {
        return Ok(print(args, &[], offset, settings.units.label()));
    };
    let boot = super::common::boot_filter(args.boot)?;
    let since = OffsetDateTime::now_utc() - args.since;
    let since_ms = history::unix_ms(since);
    if args.json || args.csv {
        let rows = store.rows(since_ms, boot.as_deref())?;
        return Ok(print(args, &rows, offset, settings.units.label()));
    }
    // The table is written as the rows are read: no list of every row, no text of every line.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 << 10, stdout.lock());
    let mut line = String::with_capacity(128);
    let _ = out.write_all(header(settings.units.label()).as_bytes());
    let mut closed = false;
    store.each_row(since_ms, boot.as_deref(), |row| {
        if closed {
            return;
        }
        line.clear();
        table_line(&mut line, &row, offset);
        // A closed pipe (`headroom history | head`) ends the output quietly.
        closed = out.write_all(line.as_bytes()).is_err();
    })?;
    let _ = out.flush();
    Ok(ExitCode::SUCCESS)
}

fn print(args: &HistoryArgs, rows: &[Row], offset: UtcOffset, units: &str) -> ExitCode {
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
        table(rows, offset, units)
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

fn header(units: &str) -> String {
    format!(
        "{:<19}  {:>5}  {:<8}  {:>6}  {:>6}  {:>6}  {:>9}  {:>6}  {:>6}  {:>6}   ({units})\n",
        "time", "every", "pressure", "used", "app", "wired", "wired max", "compr", "cached", "free"
    )
}

fn table(rows: &[Row], offset: UtcOffset, units: &str) -> String {
    let mut out = header(units);
    out.reserve(rows.len() * 96);
    for r in rows {
        table_line(&mut out, r, offset);
    }
    out
}

/// One table line, appended to `out`.
fn table_line(out: &mut String, r: &Row, offset: UtcOffset) {
    let every = match r.resolution_s {
        0 => "raw",
        60 => "1m",
        600 => "10m",
        _ => "?",
    };
    // The local time written from its parts: `time`'s formatter costs more than the rest of the row.
    let t = r.at.to_offset(offset);
    let _ = writeln!(
        out,
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}  {:>5}  {:<8}  {:>6}  {:>6}  {:>6}  {:>9}  {:>6}  {:>6}  {:>6}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        every,
        r.pressure.name(),
        Gb(r.used()),
        Gb(r.app),
        Gb(r.wired),
        Gb(r.wired_max),
        Gb(r.compressed),
        Gb(r.cached_files),
        Gb(r.free),
    );
}
