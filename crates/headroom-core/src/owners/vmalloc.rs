//! Linux `/proc/vmallocinfo` (root only) grouped by the kernel function that asked: the vmalloc
//! part of "drivers and other kernel", by caller. Only areas backed by RAM pages count (`pages=N`);
//! `ioremap` maps device memory and a lazily freed `unpurged vm_area` holds none.

/// Bytes of RAM behind vmalloc areas, by caller ("bpf_prog_alloc_no_stats"), largest first.
pub fn callers(vmallocinfo: &str, page: u64) -> Vec<(String, u64)> {
    let mut by: Vec<(String, u64)> = Vec::new();
    for line in vmallocinfo.lines() {
        let mut fields = line.split_ascii_whitespace();
        let (Some(_range), Some(_size), Some(caller)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let Some(pages) = fields.find_map(|f| f.strip_prefix("pages=")).and_then(|n| n.parse::<u64>().ok()) else {
            continue;
        };
        let name = caller.split('+').next().unwrap_or(caller);
        let bytes = pages.saturating_mul(page);
        match by.iter_mut().find(|(n, _)| n == name) {
            Some((_, total)) => *total = total.saturating_add(bytes),
            None => by.push((name.to_owned(), bytes)),
        }
    }
    by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ram_backed_areas_by_caller() {
        // Lines in the kernel's format (mm/vmalloc.c `s_show`), as this machine prints them.
        let text = "0x7baa3b7e-0xb37bf9f5   20480 irq_init_percpu_irqstack+0xed/0x120 vmap\n\
                    0xb37bf9f5-0xad191439    8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x00000000000a0000 ioremap\n\
                    0x7cb6a724-0xe85e4c74   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4\n\
                    0x7cb6a724-0xe85e4c74   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4\n\
                    0x646f80cd-0x9feda823  135168 bpf_prog_alloc_no_stats+0x3d/0x1c0 pages=32 vmalloc N0=32\n\
                    0x1-0x2   8192 unpurged vm_area\n";
        assert_eq!(
            callers(text, 4096),
            [("bpf_prog_alloc_no_stats".to_owned(), 32 * 4096), ("kernel_clone".to_owned(), 8 * 4096)]
        );
        assert!(callers("", 4096).is_empty());
    }
}
