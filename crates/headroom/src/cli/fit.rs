//! `headroom fit SIZE|PATH… [--gpu] [--json]`: will this fit now without compression or swap, which
//! limit decides, and if not, which apps to quit. Exit 0 fits, 1 does not, 2 bad input.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use time::OffsetDateTime;

use headroom_core::decide::fit::{Fit, GpuRoom, Limit, Quit, Room, fit};
use headroom_core::suspects::gpu::{GpuSource, ceiling};
use headroom_core::suspects::{Probe, Suspects};
use headroom_core::sys::{SystemReader, gather_suspects};
use headroom_core::top::{EntryKind, Grouping};
use headroom_core::units::{format_adaptive, parse_size};

/// Directories are walked this deep at most (a model's shards sit one or two levels down; a link
/// loop ends here).
const DEEPEST: u32 = 8;

/// One thing asked about: what was given and its size.
#[derive(Debug, Serialize)]
struct Thing {
    what: String,
    bytes: u64,
}

#[derive(Debug, Serialize)]
struct Answer<'a> {
    things: &'a [Thing],
    room: &'a Room,
    #[serde(flatten)]
    fit: &'a Fit,
}

pub fn run(things: &[String], gpu: bool, json: bool) -> anyhow::Result<ExitCode> {
    let mut sized = Vec::with_capacity(things.len());
    for thing in things {
        match size_of(thing) {
            Ok(bytes) => sized.push(Thing { what: thing.clone(), bytes }),
            Err(why) => {
                eprintln!("headroom fit: {why}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let need = sized.iter().fold(0u64, |sum, t| sum.saturating_add(t.bytes));
    let snapshot = SystemReader::new().and_then(|mut r| r.read()).context("cannot read the memory counters")?;
    let m = &snapshot.memory;
    // Without a kernel figure (never on Linux or macOS), what is free now plus the file cache.
    let headroom = snapshot.headroom.map_or(m.free.saturating_add(m.cached_files), |h| h.bytes);
    let gpu_room = if gpu { gpu_room(&gather_suspects(snapshot.at), snapshot.platform, m.total) } else { None };
    if gpu && gpu_room.is_none() {
        eprintln!("headroom fit: no GPU memory budget is known here (Apple Silicon or amdgpu); judging on RAM only");
    }
    let room = Room { ram: m.total, headroom, cached_files: m.cached_files, gpu: gpu_room };
    let apps = apps_to_quit();
    let answer = fit(need, &room, &apps);
    if json {
        println!("{}", serde_json::to_string(&Answer { things: &sized, room: &room, fit: &answer })?);
    } else {
        print!("{}", text(&answer, &room));
    }
    Ok(if answer.fits { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// A size ("24G", "1.5G") or a file's size, or a directory's files' (a model's shards); the file's
/// apparent size, which a loader reads into memory, even where the file is sparse on disk.
fn size_of(thing: &str) -> Result<u64, String> {
    if let Ok(bytes) = parse_size(thing) {
        return Ok(bytes);
    }
    let path = Path::new(thing);
    let meta = std::fs::metadata(path).map_err(|error| {
        format!("`{thing}` is neither a size (like 24G or 1.5G) nor a file or directory that can be read: {error}")
    })?;
    if meta.is_dir() { directory_size(path, 0).map_err(|e| format!("{}: {e}", path.display())) } else { Ok(meta.len()) }
}

fn directory_size(dir: &Path, depth: u32) -> std::io::Result<u64> {
    if depth > DEEPEST {
        return Ok(0);
    }
    let mut sum = 0u64;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        // Followed: a Hugging Face snapshot's files are links to its blobs.
        let meta = std::fs::metadata(&path)?;
        sum = sum.saturating_add(if meta.is_dir() { directory_size(&path, depth + 1)? } else { meta.len() });
    }
    Ok(sum)
}

fn gpu_room(suspects: &Suspects, platform: headroom_core::Platform, ram: u64) -> Option<GpuRoom> {
    let Probe::Found(gpu) = &suspects.gpu else { return None };
    let cap = ceiling(gpu, GpuSource::of(platform), ram)?;
    Some(GpuRoom { ceiling: cap, in_use: gpu.in_use })
}

/// The apps that quitting would give memory back from: the scan's apps, without the kernel's row
/// and the desktop session's own processes (never offered, as in the menu).
fn apps_to_quit() -> Vec<Quit> {
    match headroom_core::sys::top::scan(Grouping::ByApp, OffsetDateTime::now_utc()) {
        Ok(list) => list
            .entries
            .into_iter()
            .filter(|e| e.kind != EntryKind::Kernel && !headroom_core::top::session::is_session_process(&e.name))
            .map(|e| Quit { name: e.name, bytes: e.bytes })
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "cannot list the apps: no advice on what to quit");
            Vec::new()
        }
    }
}

fn text(answer: &Fit, room: &Room) -> String {
    let size = format_adaptive;
    let cache = format!(
        "what apps can take before the system compresses or swaps; {} of it is file cache the system drops as needed",
        size(room.cached_files.min(room.headroom))
    );
    let limit = match (answer.limit, room.gpu) {
        (Limit::Gpu, Some(gpu)) => format!(
            "{} of GPU budget ({} ceiling less {} in use)",
            size(answer.available),
            size(gpu.ceiling),
            size(gpu.in_use)
        ),
        _ => format!("{} of headroom ({cache})", size(answer.available)),
    };
    if answer.fits {
        return format!("Fits: {} needed, {limit}.\n", size(answer.need));
    }
    let mut out = format!("Does not fit: {} needed, {limit}; {} short.\n", size(answer.need), size(answer.shortfall));
    let names: Vec<String> = answer
        .quit
        .iter()
        .map(|q| format!("{} ({})", headroom_core::suspects::shown(&q.name), size(q.bytes)))
        .collect();
    let freed = answer.quit.iter().map(|q| q.bytes).sum::<u64>();
    match (answer.limit, answer.quitting_is_enough) {
        (Limit::Gpu, _) => out.push_str("Quitting apps does not raise the GPU's ceiling: stop what uses the GPU.\n"),
        (Limit::Headroom, true) => {
            out.push_str(&format!("Quit {} to make room: about {} back.\n", names.join(", "), size(freed)));
        }
        (Limit::Headroom, false) if answer.need > room.ram => {
            out.push_str(&format!("It is larger than this machine's {} of RAM.\n", size(room.ram)));
        }
        (Limit::Headroom, false) => out.push_str(&format!(
            "Even quitting every app ({} back) would not make room: the rest is held by the system.\n",
            size(freed)
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_files_and_directories_are_sized_and_anything_else_is_named() {
        assert_eq!(size_of("1.5G"), Ok(3 << 29));
        let dir = tempfile::tempdir().expect("tempdir");
        let shard = dir.path().join("model-00001.safetensors");
        std::fs::File::create(&shard).and_then(|f| f.set_len(300 << 30)).expect("a sparse 300 GB file");
        std::fs::create_dir(dir.path().join("more")).expect("dir");
        std::fs::write(dir.path().join("more/config.json"), "{}").expect("file");
        assert_eq!(size_of(shard.to_str().expect("utf-8")), Ok(300 << 30), "the apparent size");
        assert_eq!(size_of(dir.path().to_str().expect("utf-8")), Ok((300 << 30) + 2));
        let bad = size_of("lots").expect_err("neither");
        assert!(bad.starts_with("`lots` is neither a size (like 24G or 1.5G) nor a file"), "{bad}");
    }
}
