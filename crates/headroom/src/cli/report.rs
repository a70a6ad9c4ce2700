//! `headroom report`: writes the history as one self-contained HTML page and, with --open, shows it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use time::{OffsetDateTime, UtcOffset};

use super::ReportArgs;
use headroom_core::report::{self, Scope};

pub fn run(args: &ReportArgs, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let settings = super::common::settings();
    let Some(store) = super::common::open_history()? else {
        return Ok(ExitCode::FAILURE);
    };
    let boot = super::common::boot_filter(args.boot)?;
    let now = OffsetDateTime::now_utc();
    let scope = Scope { since: now - args.since, until: now, boot };
    let page = report::build(&store, &scope, &settings, offset)?;
    let out = match &args.out {
        Some(out) if out.as_os_str() == "-" => {
            std::io::stdout().lock().write_all(page.as_bytes()).context("cannot write the report")?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(out) => out.clone(),
        None => default_name(now, offset),
    };
    std::fs::write(&out, page.as_bytes()).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{}", out.display());
    if args.open {
        // The same watch as the menu's Show History…: a browser that fails to start is said, not hidden.
        let mut command = report::open::command(&out);
        headroom_core::sys::command::open_within(&mut command, std::time::Duration::from_secs(3))
            .with_context(|| format!("no browser opened {}", out.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `headroom-history-2026-05-01.html` in the current directory.
fn default_name(now: OffsetDateTime, offset: UtcOffset) -> PathBuf {
    let date = now.to_offset(offset).date();
    PathBuf::from(format!("headroom-history-{date}.html"))
}
