//! `headroom doctor [--json]`: one line per check — ok, warn or fail, the figure and the fix; exit 1 when any fails.

use std::process::ExitCode;
use std::time::Duration;

use headroom_core::doctor::{self, Options, Status};

pub fn run(json: bool, cadence_for: Duration) -> anyhow::Result<ExitCode> {
    // Problems in config.toml are said on stderr as by every command; the `config` check shows them too.
    super::common::settings();
    let report = doctor::run(Options { cadence_for });
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let width = report.checks.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
        for check in &report.checks {
            let mut line = format!("{:<4}  {:<width$}  {}", check.status.name(), check.name, check.figure);
            if let Some(fix) = check.fix.as_deref().filter(|_| check.status != Status::Ok) {
                line.push_str(" — ");
                line.push_str(fix);
            }
            // Figures quote tools and files: no escape sequences or overrides reach the terminal.
            println!("{}", headroom_core::ui::text::one_line(&line, usize::MAX));
        }
        let warned = report.checks.iter().filter(|c| c.status == Status::Warn).count();
        println!("{} checks: {} failed, {warned} with a warning", report.checks.len(), report.failed);
    }
    Ok(if report.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
