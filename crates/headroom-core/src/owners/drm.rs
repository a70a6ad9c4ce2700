//! A GPU client's memory in system RAM from its `/proc/PID/fdinfo/FD` (the kernel's DRM client
//! usage stats, Documentation/gpu/drm-usage-stats.rst): which process holds the GPU's share of RAM.
//!
//! Keys are `drm-<kind>-<region>: <number>[ KiB| MiB]` (a bare number is bytes). Resident is what is
//! in memory; `drm-memory-<region>` is amdgpu's older name for it; `drm-total-` is the fallback.
//! Regions in system RAM: amdgpu's `gtt` and `cpu`, i915/xe's `system`/`system0`, and `memory` of
//! integrated GPUs that have no other (panfrost, v3d); `vram`, `local*` and `stolen*` are the card's
//! own memory or a firmware carve-out, not in MemTotal. One client can sit behind several file
//! descriptors (and processes): it is counted once per (`drm-pdev`, `drm-client-id`).

/// One DRM client as an fdinfo file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrmClient {
    pub driver: String,
    /// The PCI device, absent on platform GPUs (panfrost).
    pub pdev: Option<String>,
    pub client_id: u64,
    /// Bytes of system RAM the client's buffers hold.
    pub system_ram: u64,
}

/// The client an fdinfo text describes; None when it is not a DRM file descriptor.
pub fn client(fdinfo: &str) -> Option<DrmClient> {
    let value = |key: &str| {
        fdinfo.lines().find_map(|line| {
            let (name, rest) = line.split_once(':')?;
            (name.trim() == key).then(|| rest.trim().to_owned())
        })
    };
    let driver = value("drm-driver")?;
    let client_id = value("drm-client-id")?.parse().ok()?;
    // Each RAM region once: resident, else amdgpu's older `drm-memory-`, else total.
    let mut regions: Vec<(&str, u64)> = Vec::new();
    for prefix in ["drm-resident-", "drm-memory-", "drm-total-"] {
        for line in fdinfo.lines() {
            let Some((name, rest)) = line.split_once(':') else { continue };
            let Some(region) = name.trim().strip_prefix(prefix) else { continue };
            if !in_system_ram(region) || regions.iter().any(|(r, _)| *r == region) {
                continue;
            }
            if let Some(bytes) = size(rest) {
                regions.push((region, bytes));
            }
        }
    }
    let system_ram = regions.iter().fold(0u64, |sum, (_, bytes)| sum.saturating_add(*bytes));
    Some(DrmClient { driver, pdev: value("drm-pdev"), client_id, system_ram })
}

fn in_system_ram(region: &str) -> bool {
    ["gtt", "cpu", "system", "memory"].iter().any(|ram| region.starts_with(ram))
}

/// "2392 KiB", "22 MiB", "0" (bytes) → bytes.
fn size(text: &str) -> Option<u64> {
    let mut parts = text.split_ascii_whitespace();
    let number: u64 = parts.next()?.parse().ok()?;
    let shift = match parts.next() {
        None => 0,
        Some("KiB") => 10,
        Some("MiB") => 20,
        Some("GiB") => 30,
        Some(_) => return None,
    };
    Some(number.saturating_mul(1 << shift))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_ram_in_each_drivers_words() {
        let fixture = |name: &str| {
            std::fs::read_to_string(format!("{}/tests/fixtures/drm/{name}", env!("CARGO_MANIFEST_DIR")))
                .expect("fixture")
        };
        // amdgpu, new and old keys together: resident gtt (2392 KiB) + cpu (0); vram is the card's.
        let amd = client(&fixture("fdinfo-amdgpu-tursulin-v2.txt")).expect("a client");
        assert_eq!((amd.driver.as_str(), amd.client_id, amd.pdev.as_deref()), ("amdgpu", 4, Some("0000:04:00.0")));
        assert_eq!(amd.system_ram, 2392 << 10);
        // amdgpu before the common keys: only drm-memory-gtt (8192 KiB) and -cpu.
        assert_eq!(client(&fixture("fdinfo-amdgpu-amdgpu-top-87.txt")).expect("a client").system_ram, 8192 << 10);
        // i915: resident system memory in MiB; stolen memory is not RAM the kernel counts.
        assert_eq!(client(&fixture("fdinfo-i915-tursulin-2023.txt")).expect("a client").system_ram, 125 << 20);
        assert_eq!(client(&fixture("fdinfo-i915-man-pages-2024.txt")).expect("a client").system_ram, 6044 << 10);
        // panfrost shares RAM: its one region, resident.
        let pan = client(&fixture("fdinfo-panfrost-kernel-doc.txt")).expect("a client");
        assert_eq!((pan.pdev, pan.system_ram), (None, 36496 << 10));
        // xe on a discrete card: 264 KiB of gtt in RAM; two vram regions on the card.
        assert_eq!(client(&fixture("fdinfo-xe-compute-runtime.txt")).expect("a client").system_ram, 264 << 10);
        assert_eq!(client(&fixture("fdinfo-amdgpu-tursulin-v1.txt")).expect("a client").system_ram, 22 << 20);
        assert_eq!(client("pos:\t0\nflags:\t02\n"), None, "not a DRM file descriptor");
    }
}
