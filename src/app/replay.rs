//! Benchmark mode (`--replay 30d`): synthetic samples through the app's own sample path, paced by
//! credits so the replay runs at the app's speed, then a stop.

use anyhow::Context;
use tao::event_loop::EventLoopProxy;

use super::events::UserEvent;
use crate::config::Config;
use crate::sampling::CancelToken;
use crate::sampling::sampler::SampleEvent;
use crate::sys::SystemReader;

/// Samples handed to the app ahead of what it has handled, during a replay.
const REPLAY_WINDOW: usize = 4;

/// Benchmark mode: feeds `span` of synthetic 2-second samples (ending now) through the app's own
/// sample path as fast as it handles them, then stops the app. Returns the credit sender the app
/// answers each sample with.
pub fn start_replay(
    reader: &mut SystemReader,
    span: std::time::Duration,
    settings: &Config,
    proxy: EventLoopProxy<UserEvent>,
    token: CancelToken,
) -> anyhow::Result<std::sync::mpsc::SyncSender<()>> {
    let base = reader.read().context("cannot read a first snapshot to shape the replay")?;
    let span = time::Duration::try_from(span).context("replay span")?;
    let step = time::Duration::try_from(settings.sample_interval.duration()).context("sample interval")?;
    let replay = crate::sampling::replay::Replay::new(base, span, step, time::OffsetDateTime::now_utc());
    eprintln!("headroom: replaying {} samples ({span} of virtual time)", replay.len());
    let (credits, credit) = std::sync::mpsc::sync_channel::<()>(REPLAY_WINDOW);
    for _ in 0..REPLAY_WINDOW {
        let _ = credits.send(());
    }
    std::thread::Builder::new().name("headroom-replay".into()).spawn(move || {
        for snapshot in replay {
            if credit.recv().is_err() || token.is_cancelled() {
                return;
            }
            if proxy.send_event(UserEvent::Sample(SampleEvent::Snapshot(Box::new(snapshot)))).is_err() {
                return;
            }
        }
        eprintln!("headroom: replay finished");
        let _ = proxy.send_event(UserEvent::Stop);
    })?;
    Ok(credits)
}
