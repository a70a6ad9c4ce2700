//! `headroom advise [--since 30d] [--json]`: does this machine need more RAM? From the recorded
//! history: time at warn and critical, swap written per day, peak demand, the wired share; a verdict
//! with a size, and how much history it stands on. Exits 0 with a verdict even on a short history.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use headroom_core::decide::more_ram::{Advice, advise};
use headroom_core::history::{Row, unix_ms};
use headroom_core::sys::SystemReader;
use headroom_core::units::format_gb;

pub fn run(since: Duration, json: bool, offset: time::UtcOffset) -> anyhow::Result<ExitCode> {
    let now = time::OffsetDateTime::now_utc();
    let from = now - time::Duration::try_from(since).unwrap_or(time::Duration::DAY);
    let mut rows = match super::explain_history::open() {
        Some(store) => store.rows(unix_ms(from), None).context("cannot read the history")?,
        None => Vec::new(),
    };
    // With nothing recorded, the machine as it is now: a verdict still, on one sample, which says so.
    if rows.is_empty() {
        let snapshot = SystemReader::new().and_then(|mut r| r.read()).context("cannot read the memory counters")?;
        rows.push(Row::from_snapshot(&snapshot, 0));
    }
    let advice = advise(&rows, offset).context("the history holds no RAM size")?;
    if json {
        println!(
            "{}",
            serde_json::to_string(&Report { verdict: advice.verdict(), basis: advice.basis(), advice: &advice })?
        );
    } else {
        print!("{}", text(&advice));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct Report<'a> {
    verdict: String,
    basis: String,
    #[serde(flatten)]
    advice: &'a Advice,
}

fn text(advice: &Advice) -> String {
    let percent = |share: f64| format!("{:.1} %", 100.0 * share);
    let mut out = format!("{}\n{}\n\n", advice.verdict(), advice.basis());
    out.push_str(&format!("  pressure warn or critical  {} of the time", percent(advice.pressure_share)));
    if let Some(working) = advice.working_pressure_share {
        out.push_str(&format!(", {} of working hours (Mon–Fri 09–18)", percent(working)));
    }
    out.push_str(&format!("; critical {}\n", percent(advice.critical_share)));
    let swap =
        advice.swap_per_day.map_or_else(|| "not recorded here".to_owned(), |d| format!("{} a day", format_gb(d)));
    out.push_str(&format!("  swap written               {swap}\n"));
    out.push_str(&format!(
        "  demand (app+wired+compr.)  at most {}, 95 % of the time under {}, of {} RAM\n",
        format_gb(advice.peak_demand),
        format_gb(advice.p95_demand),
        format_gb(advice.ram)
    ));
    let sign = if advice.wired_change < 0 { "−" } else { "+" };
    out.push_str(&format!(
        "  wired                      {:.0} % of RAM (median), {sign}{} from the first day to the last\n",
        100.0 * advice.wired_share,
        format_gb(advice.wired_change.unsigned_abs())
    ));
    out
}
