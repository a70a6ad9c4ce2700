//! What a person can actually do about wired memory, in the field's own terms and with the numbers.

use super::{CreepVerdict, Verdicts, WiredLevel};
use crate::suspects::Suspects;
use crate::units::{format_adaptive, format_gb};

/// GPU memory above this is worth a line of advice.
const GPU_WORTH_MENTIONING: u64 = 1 << 30;

pub fn advice(verdicts: &Verdicts, suspects: &Suspects) -> Vec<String> {
    let mut out = Vec::new();
    for vm in suspects.vms.found().into_iter().flatten() {
        let held = match vm.resident.bytes() {
            Some(bytes) => format!("its {}", format_adaptive(bytes)),
            None => format!("its memory ({})", vm.resident.show(format_adaptive)),
        };
        out.push(format!(
            "Quit the {} VM `{}` (pid {}) to give back {held}: a virtual machine wires its guest's memory while it runs.",
            vm.kind, vm.name, vm.pid,
        ));
    }
    if let Some(gpu) = suspects.gpu.found().filter(|gpu| gpu.in_use >= GPU_WORTH_MENTIONING) {
        let cap = gpu.limit.map_or_else(|| "the system default".to_owned(), format_gb);
        out.push(format!(
            "GPU work holds {} (local LLM runners, ML, games); quitting it gives that memory back. \
             The cap is iogpu.wired_limit_mb ({cap}).",
            format_gb(gpu.in_use)
        ));
    }
    let level = &verdicts.wired_level;
    if level.level >= WiredLevel::Elevated {
        let extensions: Vec<String> = suspects
            .kernel_extensions
            .found()
            .into_iter()
            .flatten()
            .map(|k| if k.size > 0 { format!("{} ({})", k.name, format_adaptive(k.size)) } else { k.name.clone() })
            .collect();
        let named =
            if extensions.is_empty() { String::new() } else { format!(" Loaded now: {}.", extensions.join(", ")) };
        let cause = if level.unknown_size.is_empty() {
            "with nothing running that explains it: audit security software, drivers and kernel extensions.".to_owned()
        } else {
            format!(
                "and a VM of unknown size is running ({}): quit it to see how much it held; if wired stays high, \
                 audit security software, drivers and kernel extensions.",
                level.unknown_size.join("; ")
            )
        };
        out.push(format!(
            "Wired memory is {} for {} of RAM ({} against a typical {}–{}) {cause}{named}",
            match level.level {
                WiredLevel::High => "high",
                _ => "elevated",
            },
            format_gb(level.total),
            format_gb(level.wired),
            format_gb(level.expected_min),
            format_gb(level.expected_max),
        ));
    }
    if let CreepVerdict::Creeping(c) = &verdicts.creeping {
        let days = (c.until - c.since).whole_hours() as f64 / 24.0;
        out.push(format!(
            "Wired memory is creeping: {} → {} over {days:.1} days ({}/day). That is the pattern of a driver or \
             kernel-extension leak; a restart resets it. If it climbs again after the restart, suspect the driver \
             or security tool installed most recently.",
            format_gb(c.from),
            format_gb(c.to),
            format_adaptive(u64::try_from(c.rate_per_day).unwrap_or(0)),
        ));
    }
    if let Some(jump) = verdicts.jump.as_ref().filter(|jump| !jump.is_explained()) {
        let around =
            if jump.appeared.is_empty() { String::new() } else { format!(" Around it: {}.", jump.appeared.join("; ")) };
        out.push(format!(
            "Wired memory jumped by {} at {} and stayed: look at what was installed, updated or started then.{around}",
            format_gb(jump.size()),
            jump.at
        ));
    }
    out.push(
        "No app — Headroom included — can free wired memory. What works: quit what holds it (a VM, GPU work), \
         remove the driver, or restart."
            .to_owned(),
    );
    out
}
