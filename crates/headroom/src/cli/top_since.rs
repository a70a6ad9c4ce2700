//! `headroom top --since DURATION`: who grew over a span, from the history's apps, largest growth first.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use headroom_core::history::{self, AppGrowth, Store};
use headroom_core::units::format_adaptive;
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Serialize)]
struct Report {
    #[serde(with = "time::serde::rfc3339")]
    since: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    until: OffsetDateTime,
    apps: Vec<AppGrowth>,
}

pub fn run(since: Duration, n: usize, json: bool) -> anyhow::Result<ExitCode> {
    let now = OffsetDateTime::now_utc();
    let span = time::Duration::try_from(since).context("the span is too long")?;
    let path = history::data_dir().map(|dir| dir.join(history::DB_FILE)).filter(|p| p.exists());
    let Some(path) = path else {
        eprintln!("headroom: no history yet: the menu-bar app or `headroom record` keeps who used memory over time");
        return Ok(ExitCode::FAILURE);
    };
    let store = Store::open_to_read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    // 7 hours before the span too: each app's figure when the span began (apps are recorded when
    // they move, and every 6 hours while steady).
    let rows = store.apps(history::unix_ms(now - span - time::Duration::hours(7)))?;
    let mut apps = history::app_growth(&rows, now - span);
    apps.truncate(n);
    let report = Report { since: now - span, until: now, apps };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ =
        writeln!(out, "Growth by application over the last {} (from the history)", humantime::format_duration(since));
    if report.apps.is_empty() {
        let _ = writeln!(out, "  nothing recorded in this span");
    }
    for (rank, app) in report.apps.iter().enumerate() {
        let sign = if app.growth < 0 { "−" } else { "+" };
        let _ = writeln!(
            out,
            "{:>3}. {} {sign}{} ({} → {}, peak {})",
            rank + 1,
            app.name,
            format_adaptive(app.growth.unsigned_abs()),
            format_adaptive(app.from),
            format_adaptive(app.to),
            format_adaptive(app.peak)
        );
    }
    // Names from the system (processes, apps) reach the terminal: no escape sequences, no overrides.
    print!("{}", headroom_core::ui::text::multi_line(&out, usize::MAX));
    Ok(ExitCode::SUCCESS)
}
