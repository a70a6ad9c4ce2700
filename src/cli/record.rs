//! `headroom record`: samples and records into the history until Ctrl-C, printing nothing but problems.

use std::process::ExitCode;
use std::sync::{PoisonError, mpsc};
use std::time::Duration;

use anyhow::Context;

use crate::config::Config;
use crate::history::{self, HistoryError, Recording};
use crate::sampling::{
    CancelToken,
    sampler::{self, SampleEvent},
};
use crate::sys::SystemReader;

/// Takes the recording lock for a command: `Err(code)` when another recorder runs (said on stderr).
pub(super) fn start_recording(settings: &Config) -> anyhow::Result<Result<Recording, ExitCode>> {
    let dir = history::data_dir().context("cannot find the home directory to keep the history in")?;
    match Recording::start(&dir, settings) {
        Ok(recording) => Ok(Ok(recording)),
        Err(error @ HistoryError::AlreadyRecording { .. }) => {
            eprintln!("headroom: {error}");
            Ok(Err(ExitCode::FAILURE))
        }
        Err(error) => Err(error).context("cannot take the recording lock"),
    }
}

/// Starts the suspects prober for a recording, so recorded samples carry what explained wired
/// memory and the history notes what appeared.
pub(super) fn start_probing(recording: &Recording, token: CancelToken) -> anyhow::Result<std::thread::JoinHandle<()>> {
    let inbox = recording.suspects_inbox();
    crate::sampling::prober::spawn(
        crate::sys::gather_suspects,
        crate::sampling::prober::DEFAULT_INTERVAL,
        move |suspects| {
            *inbox.lock().unwrap_or_else(PoisonError::into_inner) = Some(suspects);
            true
        },
        token,
    )
    .context("cannot start the suspects prober")
}

/// `headroom record`: samples and records until Ctrl-C, printing nothing but problems.
pub fn run(interval: Option<Duration>) -> anyhow::Result<ExitCode> {
    // The handler goes in first, so Ctrl-C during start-up also ends with the history flushed.
    let token = CancelToken::new();
    let on_signal = token.clone();
    ctrlc::set_handler(move || on_signal.cancel()).context("cannot install the Ctrl-C handler")?;
    let settings = crate::config::load_or_defaults();
    let mut recording = match start_recording(&settings)? {
        Ok(recording) => recording,
        Err(code) => return Ok(code),
    };
    let interval = interval.unwrap_or(settings.sample_interval.duration());
    let reader = SystemReader::new().context("cannot open the memory counters")?;
    let (sender, samples) = mpsc::channel();
    let sampler = sampler::spawn(reader, interval, sender, token.clone()).context("cannot start sampling")?;
    let prober = start_probing(&recording, token.clone())?;
    eprintln!(
        "headroom: recording to {} every {} (Ctrl-C stops)",
        recording.db_path().display(),
        humantime::format_duration(interval)
    );
    for event in samples {
        match event {
            SampleEvent::Snapshot(snapshot) => recording.record(&snapshot),
            SampleEvent::ReadFailed(error) => tracing::warn!("read failed: {error}"),
        }
    }
    recording.finish();
    token.cancel();
    if sampler.join().is_err() || prober.join().is_err() {
        anyhow::bail!("a sampling thread panicked");
    }
    Ok(ExitCode::SUCCESS)
}
