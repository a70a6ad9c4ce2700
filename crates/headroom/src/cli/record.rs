//! `headroom record`: samples and records into the history until Ctrl-C, printing nothing but problems.

use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;

use headroom_core::engine::{self, Engine, RecordingState};
use headroom_core::sys::SystemReader;

/// Says what the engine decided about recording, for a command that was asked to record (and, with
/// `every`, where it records); an exit code when it cannot (another recorder runs, or no lock).
pub(super) fn said_recording(state: &RecordingState, every: Option<Duration>) -> Option<ExitCode> {
    match state {
        RecordingState::Recording { db_path } => {
            if let Some(interval) = every {
                eprintln!(
                    "headroom: recording to {} every {} (Ctrl-C stops)",
                    db_path.display(),
                    humantime::format_duration(interval)
                );
            }
            None
        }
        RecordingState::Deferred { pid } => {
            eprintln!("headroom: already recording (pid {pid})");
            Some(ExitCode::FAILURE)
        }
        RecordingState::Failed { why } => {
            eprintln!("headroom: cannot record the history: {why}");
            Some(ExitCode::FAILURE)
        }
        RecordingState::Off => None,
    }
}

/// `headroom record`: samples and records until Ctrl-C, printing nothing but problems.
pub fn run(interval: Option<Duration>) -> anyhow::Result<ExitCode> {
    let settings = super::common::settings();
    let mut options = engine::Options::sampling(settings);
    if let Some(interval) = interval {
        options.interval = interval;
    }
    options.record = true;
    options.probe = true;
    options.say = super::common::say;
    let interval = options.interval;
    let reader = SystemReader::new().context("cannot open the memory counters")?;
    let (sink, events) = mpsc::channel();
    let engine = Engine::start(reader, options, sink)?;
    let mut code = ExitCode::SUCCESS;
    for event in events.iter() {
        match event {
            engine::Event::Recording(state) => {
                if let Some(failed) = said_recording(&state, Some(interval)) {
                    code = failed;
                    break;
                }
            }
            engine::Event::ReadFailed(error) => tracing::warn!("read failed: {error}"),
            engine::Event::Stop => break,
            _ => {}
        }
    }
    engine.finish()?;
    Ok(code)
}
