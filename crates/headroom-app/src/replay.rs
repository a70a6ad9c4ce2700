//! Benchmark mode (`--replay 30d`): synthetic samples as the engine's source, paced by credits so
//! the replay runs at the app's own speed, then a stop.

use anyhow::Context;
use tao::event_loop::EventLoopProxy;

use super::events::UserEvent;
use headroom_core::config::Config;
use headroom_core::engine;
use headroom_core::sampling::sampler::Source;
use headroom_core::sys::{ReadError, SystemReader};

/// Samples handed to the app ahead of what it has handled, during a replay.
const REPLAY_WINDOW: usize = 4;

/// Benchmark mode: a source of `span` of synthetic samples (ending now) that hands the next one
/// only when the app has handled one (it sends a credit back per sample), and after the last one
/// stops the app. Returns the source and the credit sender; dropping the sender ends the source.
pub fn source(
    reader: &mut SystemReader,
    span: std::time::Duration,
    settings: &Config,
    proxy: EventLoopProxy<UserEvent>,
) -> anyhow::Result<(impl Source, std::sync::mpsc::SyncSender<()>)> {
    let base = reader.read().context("cannot read a first snapshot to shape the replay")?;
    let span = time::Duration::try_from(span).context("replay span")?;
    let step = time::Duration::try_from(settings.sample_interval.duration()).context("sample interval")?;
    let replay = headroom_core::sampling::replay::Replay::new(base, span, step, time::OffsetDateTime::now_utc());
    eprintln!("headroom: replaying {} samples ({span} of virtual time)", replay.len());
    let (credits, credit) = std::sync::mpsc::sync_channel::<()>(REPLAY_WINDOW);
    for _ in 0..REPLAY_WINDOW {
        let _ = credits.send(());
    }
    let mut samples = replay.into_iter();
    let ended = || Err(ReadError::Unsupported("the replay ended"));
    let source = move || {
        if credit.recv().is_err() {
            return ended();
        }
        match samples.next() {
            Some(snapshot) => Ok(snapshot),
            None => {
                eprintln!("headroom: replay finished");
                let _ = proxy.send_event(UserEvent::Engine(engine::Event::Stop));
                // Until the app stops and drops the credits.
                while credit.recv().is_ok() {}
                ended()
            }
        }
    };
    Ok((source, credits))
}
