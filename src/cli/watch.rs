//! `headroom watch`: a line (or JSON object) per sample until Ctrl-C, which exits 0 between lines.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::mpsc;

use crate::sampling::CancelToken;
use crate::sampling::sampler::{self, SampleEvent};
use crate::sys::SystemReader;
use crate::ui::render;
use anyhow::Context;
use time::UtcOffset;

use super::WatchArgs;

pub fn run(args: &WatchArgs, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let token = CancelToken::new();
    let on_signal = token.clone();
    // SIGINT and SIGTERM only set the flag; the main thread finishes the line it is writing and
    // then stops, so output never ends in half a line.
    ctrlc::set_handler(move || on_signal.cancel()).context("cannot install the Ctrl-C handler")?;

    let settings = crate::config::load_or_defaults();
    let mut recording = if args.record {
        match super::record::start_recording(&settings)? {
            Ok(recording) => Some(recording),
            Err(code) => return Ok(code),
        }
    } else {
        None
    };
    let interval = args.interval.unwrap_or(settings.sample_interval.duration());
    let reader = SystemReader::new().context("cannot open the memory counters")?;
    let (sender, samples) = mpsc::channel();
    let sampler = sampler::spawn(reader, interval, sender, token.clone()).context("cannot start sampling")?;
    let prober = match recording.as_ref() {
        Some(recording) => Some(super::record::start_probing(recording, token.clone())?),
        None => None,
    };

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut line = String::with_capacity(512);
    if !args.json && write_line(&mut out, &render::watch_header(settings.units.label())).is_err() {
        token.cancel();
    }
    for event in samples {
        match event {
            SampleEvent::Snapshot(snapshot) => {
                if let Some(recording) = recording.as_mut() {
                    recording.record(&snapshot);
                }
                line.clear();
                if args.json {
                    line.push_str(&render::json(&snapshot)?);
                } else {
                    line.push_str(&render::watch_line(&snapshot, offset));
                }
                if write_line(&mut out, &line).is_err() {
                    // The reader went away (`headroom watch | head`): stop quietly.
                    token.cancel();
                    break;
                }
            }
            SampleEvent::ReadFailed(error) => tracing::warn!("read failed: {error}"),
        }
    }
    token.cancel();
    if let Some(recording) = recording {
        recording.finish();
    }
    // The sampler only panics on a bug; report it rather than hide it.
    if sampler.join().is_err() || prober.is_some_and(|prober| prober.join().is_err()) {
        anyhow::bail!("a sampling thread panicked");
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` and a newline in one call and flushes, so each line leaves whole.
fn write_line(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut buffer = Vec::with_capacity(text.len() + 1);
    buffer.extend_from_slice(text.as_bytes());
    buffer.push(b'\n');
    out.write_all(&buffer)?;
    out.flush()
}
