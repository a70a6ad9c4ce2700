//! `headroom doctor [--json]`: one line per check — ok, warn or fail, the figure and the fix; exit 1 when any fails.

use std::process::ExitCode;
use std::time::Duration;

use headroom_core::doctor::{self, Options, Status};

/// The check names' column: as wide as the longest name a check has ("suspects: kernel extensions"),
/// so every figure starts in one column (the README's example test checks it).
const NAME_WIDTH: usize = 27;

pub fn run(json: bool, cadence_for: Duration) -> anyhow::Result<ExitCode> {
    // Problems in config.toml are said on stderr as by every command; the `config` check shows them too.
    super::common::settings();
    let options = Options { cadence_for };
    let report = if json {
        let report = doctor::run(options);
        println!("{}", serde_json::to_string_pretty(&report)?);
        report
    } else {
        // Each line as its check finishes: the cadence check watches the sampler for seconds.
        let report = doctor::run_each(options, |check| {
            let mut line = format!("{:<4}  {:<NAME_WIDTH$}  {}", check.status.name(), check.name, check.figure);
            if let Some(fix) = check.fix.as_deref().filter(|_| check.status != Status::Ok) {
                line.push_str(" — ");
                line.push_str(fix);
            }
            // Figures quote tools and files: no escape sequences or overrides reach the terminal.
            println!("{}", headroom_core::ui::text::one_line(&line, usize::MAX));
        });
        let warned = report.checks.iter().filter(|c| c.status == Status::Warn).count();
        println!("{} checks: {} failed, {warned} with a warning", report.checks.len(), report.failed);
        report
    };
    Ok(if report.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
