//! amdgpu's GTT counters: system RAM the GPU has pinned, read from /sys/class/drm/cardN/device.

use std::path::Path;

use crate::suspects::gpu::sysfs_bytes;
use crate::suspects::{GpuMemory, Probe};

/// GTT in use and its size, summed over every amdgpu card. GTT pages are system RAM held by the
/// driver (TTM), counted in no process and in neither AnonPages nor Cached, so they are part of the
/// wired remainder (Documentation/gpu/amdgpu/driver-misc.rst: "mem_info_gtt_used … GTT memory used").
/// Not applicable when no card exposes the counters (no amdgpu, or another driver).
pub(crate) fn gtt() -> Probe<GpuMemory> {
    let Ok(cards) = std::fs::read_dir("/sys/class/drm") else { return Probe::NotApplicable };
    let mut found: Option<GpuMemory> = None;
    for card in cards.flatten() {
        if !is_card(&card.file_name().to_string_lossy()) {
            continue;
        }
        let device = card.path().join("device");
        let Some(used) = read(&device, "mem_info_gtt_used") else { continue };
        let total = read(&device, "mem_info_gtt_total");
        let sum = found.get_or_insert(GpuMemory { in_use: 0, limit: Some(0) });
        sum.in_use = sum.in_use.saturating_add(used);
        sum.limit = match (sum.limit, total) {
            (Some(so_far), Some(total)) => Some(so_far.saturating_add(total)),
            _ => None,
        };
    }
    found.map_or(Probe::NotApplicable, Probe::Found)
}

/// The `mem_info_gtt_used` file of every numbered amdgpu card, for the sampler to re-read.
pub(crate) fn gtt_used_paths() -> Vec<String> {
    let Ok(cards) = std::fs::read_dir("/sys/class/drm") else { return Vec::new() };
    cards
        .flatten()
        .filter(|card| is_card(&card.file_name().to_string_lossy()))
        .map(|card| card.path().join("device").join("mem_info_gtt_used"))
        .filter(|path| path.exists())
        .filter_map(|path| path.to_str().map(str::to_owned))
        .collect()
}

/// card0, card1…; connectors (card0-DP-1) and render nodes have no memory counters of their own.
fn is_card(name: &str) -> bool {
    name.strip_prefix("card").is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

fn read(device: &Path, counter: &str) -> Option<u64> {
    sysfs_bytes(&std::fs::read_to_string(device.join(counter)).ok()?)
}
