//! `headroom watch`: a line (or JSON object) per sample until Ctrl-C, which exits 0 between lines.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::Context;
use time::UtcOffset;

use super::WatchArgs;
use headroom_core::engine::{self, Engine};
use headroom_core::sys::SystemReader;
use headroom_core::ui::render;

pub fn run(args: &WatchArgs, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let settings = super::common::settings();
    let units = settings.units.label();
    let mut options = engine::Options::sampling(settings);
    if let Some(interval) = args.interval {
        options.interval = interval;
    }
    options.record = args.record;
    options.say = super::common::say;
    options.probe = args.record;
    let reader = SystemReader::new().context("cannot open the memory counters")?;
    let (sink, events) = mpsc::channel();
    // SIGINT and SIGTERM only stop the engine; this thread finishes the line it is writing and then
    // stops, so output never ends in half a line.
    let engine = Engine::start(reader, options, sink)?;

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut line = String::with_capacity(512);
    let mut code = ExitCode::SUCCESS;
    // With --record nothing is printed until the recording is known to start: a second recorder
    // fails before its first line, as `record` does.
    let mut waiting: Option<Vec<Box<headroom_core::model::Snapshot>>> = args.record.then(Vec::new);
    // The sample before, for the paging rates of `--json`.
    let mut previous: Option<Box<headroom_core::model::Snapshot>> = None;
    if !args.record && !args.json && write_line(&mut out, &render::watch_header(units)).is_err() {
        engine.cancel();
    }
    for event in events.iter() {
        match event {
            engine::Event::Sample(snapshot) if waiting.is_some() => {
                waiting.get_or_insert_with(Vec::new).push(snapshot);
            }
            engine::Event::Sample(snapshot) => {
                line.clear();
                if args.json {
                    line.push_str(&render::json_with_rates(&snapshot, previous.as_deref())?);
                } else {
                    line.push_str(&render::watch_line(&snapshot, offset));
                }
                previous = Some(snapshot);
                if write_line(&mut out, &line).is_err() {
                    // The reader went away (`headroom watch | head`): stop quietly.
                    break;
                }
            }
            engine::Event::Recording(state) if args.record => {
                if let Some(failed) = super::record::said_recording(&state, None) {
                    code = failed;
                    break;
                }
                let early = waiting.take().unwrap_or_default();
                let mut lines = early.iter().map(|snapshot| {
                    if args.json { render::json(snapshot) } else { Ok(render::watch_line(snapshot, offset)) }
                });
                let header = (!args.json).then(|| render::watch_header(units));
                let written = header
                    .into_iter()
                    .map(Ok)
                    .chain(&mut lines)
                    .try_for_each(|text| write_line(&mut out, &text?).map_err(anyhow::Error::from));
                if written.is_err() {
                    break;
                }
            }
            engine::Event::ReadFailed(error) => tracing::warn!("read failed: {error}"),
            engine::Event::Stop => break,
            _ => {}
        }
    }
    // The threads only panic on a bug; report it rather than hide it.
    engine.finish()?;
    Ok(code)
}

/// Writes `text` and a newline in one call and flushes, so each line leaves whole.
fn write_line(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut buffer = Vec::with_capacity(text.len() + 1);
    buffer.extend_from_slice(text.as_bytes());
    buffer.push(b'\n');
    out.write_all(&buffer)?;
    out.flush()
}
