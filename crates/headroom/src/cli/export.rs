//! `headroom export`: serves `/metrics` for Prometheus or writes node_exporter's textfile, recording history meanwhile.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;

use headroom_core::engine::{self, Engine, RecordingState};
use headroom_core::export::{Format, Live, server, textfile};
use headroom_core::sampling::CancelToken;
use headroom_core::sys::SystemReader;

/// The address `--listen` takes by default: loopback only, on the port registered for Headroom's exporter.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9787";

/// An address to listen on; a bare port is shown as the address it most likely meant.
fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| match text.trim().parse::<u16>() {
        Ok(port) => {
            format!("`{text}` is a port, not an address: try 127.0.0.1:{port} (or 0.0.0.0:{port} for the network)")
        }
        Err(_) => format!("`{text}` is not an address such as {DEFAULT_LISTEN}"),
    })
}

/// Time between textfile writes: "30s", "1m".
fn parse_write_interval(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 30s or 1m)"))
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Serve GET /metrics on this address; a non-loopback address opens it to the network and is logged as such.
    #[arg(long, default_value = DEFAULT_LISTEN, conflicts_with = "textfile", value_parser = parse_listen)]
    pub listen: SocketAddr,
    /// Instead of serving, write DIR/headroom.prom for node_exporter's --collector.textfile.directory.
    #[arg(long, value_name = "DIR")]
    pub textfile: Option<PathBuf>,
    /// With --textfile: time between writes.
    #[arg(long, default_value = "30s", value_parser = parse_write_interval, requires = "textfile")]
    pub interval: Duration,
    /// With --textfile: write once and exit (for cron or a systemd timer).
    #[arg(long, requires = "textfile")]
    pub once: bool,
    /// Name the N (at most 5) largest holders of wired memory as labels of headroom_suspect_wired_bytes.
    /// Off by default: process and driver names can be sensitive.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=5))]
    pub suspect_labels: u8,
    /// Do not record history (the verdicts then come from what another recorder wrote, or from this run).
    #[arg(long)]
    pub no_record: bool,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    // Stops the output threads when the server fails; Ctrl-C reaches the engine, which says Stop.
    let token = CancelToken::new();
    let settings = super::common::settings();
    let live = Arc::new(Live::new(
        SystemReader::new().context("cannot open the memory counters")?,
        settings.clone(),
        usize::from(args.suspect_labels),
    ));
    if let (Some(dir), true) = (&args.textfile, args.once) {
        let path = textfile::write(dir, &live.scrape(Format::Prometheus))
            .with_context(|| format!("cannot write {}", dir.join(textfile::FILE_NAME).display()))?;
        eprintln!("headroom: wrote {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    start_output(args, &live, &token)?;
    let mut options = engine::Options::sampling(settings);
    options.record = !args.no_record;
    options.say = super::common::say;
    options.probe = true;
    let reader = SystemReader::new().context("cannot open the memory counters")?;
    let (sink, events) = mpsc::channel();
    let engine = Engine::start(reader, options, sink)?;
    for event in events.iter() {
        match event {
            engine::Event::Sample(snapshot) => live.on_sample(&snapshot),
            engine::Event::Suspects(suspects) => live.on_suspects(*suspects),
            engine::Event::Recording(state) => say_recording(&state),
            engine::Event::ReadFailed(error) => tracing::warn!("read failed: {error}"),
            engine::Event::Stop => break,
            _ => {}
        }
        if token.is_cancelled() {
            break;
        }
    }
    token.cancel();
    engine.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Records when nobody else does; defers to the recorder that holds the lock (the app or `headroom
/// record`), as the app does: its history feeds the verdicts either way.
fn say_recording(state: &RecordingState) {
    match state {
        RecordingState::Recording { db_path } => eprintln!("headroom: recording history to {}", db_path.display()),
        RecordingState::Deferred { pid } => {
            eprintln!("headroom: another recorder runs (pid {pid}); exporting without recording")
        }
        RecordingState::Failed { why } => eprintln!("headroom: warning: not recording history: {why}"),
        RecordingState::Off => {}
    }
}

/// Starts the server or the textfile writer on a thread of its own.
fn start_output(args: &ExportArgs, live: &Arc<Live>, token: &CancelToken) -> anyhow::Result<()> {
    if let Some(dir) = args.textfile.clone() {
        let live = Arc::clone(live);
        let token = token.clone();
        let interval = args.interval;
        eprintln!(
            "headroom: writing {} every {}",
            dir.join(textfile::FILE_NAME).display(),
            humantime::format_duration(interval)
        );
        std::thread::Builder::new().name("export-textfile".into()).spawn(move || {
            loop {
                if let Err(error) = textfile::write(&dir, &live.scrape(Format::Prometheus)) {
                    tracing::warn!(%error, "cannot write {}", dir.join(textfile::FILE_NAME).display());
                    eprintln!("headroom: cannot write {}: {error}", dir.join(textfile::FILE_NAME).display());
                }
                if token.sleep_until(Instant::now() + interval) {
                    return;
                }
            }
        })?;
        return Ok(());
    }
    let listener = TcpListener::bind(args.listen).with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr().unwrap_or(args.listen);
    if !address.ip().is_loopback() {
        tracing::warn!(%address, "listening on a non-loopback address: anyone who can reach it can read the metrics");
        eprintln!("headroom: warning: {address} is not loopback; the metrics are open to the network");
    }
    eprintln!("headroom: serving http://{address}/metrics (Ctrl-C stops)");
    let scrape_live = Arc::clone(live);
    let scrape: server::Scrape = Arc::new(move |format| scrape_live.scrape(format));
    let stopper = token.clone();
    std::thread::Builder::new().name("export-accept".into()).spawn(move || {
        if let Err(error) = server::serve(listener, server::Limits::default(), scrape) {
            eprintln!("headroom: the server stopped: {error}");
            stopper.cancel();
        }
    })?;
    Ok(())
}
