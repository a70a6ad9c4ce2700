//! What a person can actually do about wired memory, in the field's own terms and with the numbers.

use super::{CreepVerdict, Verdicts, WiredLevel};
use crate::model::WiredParts;
use crate::suspects::gpu::{GpuSource, budget_line, ceiling, suggested_limit_mb};
use crate::suspects::{LlmProcess, Suspects};
use crate::units::{format_adaptive, format_gb};

/// GPU memory above this is worth a line of advice.
const GPU_WORTH_MENTIONING: u64 = 1 << 30;

/// `parts` (Linux: the kernel's own breakdown of wired memory) lets the advice follow the largest
/// part: reserved huge pages are not a driver to audit.
pub fn advice(verdicts: &Verdicts, suspects: &Suspects, parts: Option<&WiredParts>) -> Vec<String> {
    let mut out = advice_for(verdicts, suspects, GpuSource::here());
    if let Some(line) = parts.and_then(|parts| largest_part(verdicts, parts)) {
        // It replaces the generic "audit drivers" line when the level called for one.
        match out.iter_mut().find(|l| l.starts_with("Wired memory is ") && l.contains("audit security software")) {
            Some(generic) => *generic = line,
            None => out.push(line),
        }
    }
    out
}

/// Advice for the largest kernel part when it is one a person can act on directly and it holds a
/// good share of wired memory (a quarter or more).
fn largest_part(verdicts: &Verdicts, parts: &WiredParts) -> Option<String> {
    let (name, bytes) = *parts.named().first()?;
    let wired = verdicts.wired_level.wired;
    if bytes == 0 || bytes < wired / 4 {
        return None;
    }
    let share = format!("{} of the {} wired", format_adaptive(bytes), format_adaptive(wired));
    match name {
        "huge pages reserved" => Some(format!(
            "Huge pages hold {share}: they are reserved up front (vm.nr_hugepages, set by sysctl, \
             /etc/sysctl.d or `hugepages=` on the kernel command line) whether used or not. \
             `sudo sysctl vm.nr_hugepages=0` releases those not in use; remove the setting to keep them off."
        )),
        "unevictable (mlock)" => Some(format!(
            "Locked memory holds {share}: a program called mlock (databases, VMs with locked guest memory, \
             security tools); \"Who holds wired memory\" names each process that locks it, and quitting it frees it."
        )),
        "page tables" => Some(format!(
            "Page tables hold {share}: many processes or very large address spaces; closing the largest \
             programs gives it back."
        )),
        _ => None,
    }
}

/// The advice, with the GPU figure read as coming from `source`.
pub(crate) fn advice_for(verdicts: &Verdicts, suspects: &Suspects, source: GpuSource) -> Vec<String> {
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
    let llms: &[LlmProcess] = suspects.llms.found().map_or(&[], Vec::as_slice);
    out.extend(llms.iter().map(unload));
    if let Some(gpu) = suspects.gpu.found().filter(|gpu| gpu.in_use >= GPU_WORTH_MENTIONING) {
        let ram = verdicts.wired_level.total;
        out.push(match source {
            GpuSource::AppleSilicon => {
                let near_cap = ceiling(gpu, source, ram).is_some_and(|cap| gpu.in_use >= cap / 4 * 3);
                let mut line = format!(
                    "{} (local LLMs, ML, games): quitting the program or unloading its model gives it back.",
                    budget_line(gpu, source, ram, format_gb)
                );
                if near_cap || !llms.is_empty() {
                    // vmlx-swift #418 measured 0.7 against 31.5 tokens/s for a model past the limit; exo PR #1672
                    // froze 16 GB Macs by wiring close to all of RAM.
                    line.push_str(&format!(
                        " A model larger than the limit is not kept wired and runs many times slower (0.7 instead \
                         of 31.5 tokens/s in one report). `sudo sysctl iogpu.wired_limit_mb={}` raises it until the \
                         next restart; leave macOS at least 5 GB or a fifth of RAM, since wiring nearly all of it \
                         freezes the machine. Headroom changes none of this itself.",
                        suggested_limit_mb(ram)
                    ));
                }
                line
            }
            GpuSource::AmdGtt => format!(
                "{}: system RAM the GPU has pinned, wired until the program using the GPU frees it; quit it or \
                 unload its model to give it back.",
                budget_line(gpu, source, ram, format_gb)
            ),
        });
    }
    let level = &verdicts.wired_level;
    if level.level >= WiredLevel::Elevated {
        let extensions: Vec<String> = suspects
            .kernel_extensions
            .found()
            .into_iter()
            .flatten()
            .map(|k| {
                let name = crate::suspects::shown(&k.name);
                if k.size > 0 { format!("{name} ({})", format_adaptive(k.size)) } else { name }
            })
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
            level.level.word(),
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

/// How to give back what one LLM runtime holds. ollama keeps a model loaded 5 minutes after its last
/// request unless told otherwise (ollama docs/faq.md, "How do I keep a model loaded in memory or make it
/// unload immediately?": OLLAMA_KEEP_ALIVE, `ollama stop`).
fn unload(llm: &LlmProcess) -> String {
    let held = llm.resident.show(format_adaptive);
    match llm.runtime {
        "ollama" => format!(
            "{} holds {held}: `ollama ps` lists the loaded models and `ollama stop <model>` unloads one now; \
             by default ollama unloads a model 5 minutes after its last request (OLLAMA_KEEP_ALIVE).",
            llm.describe()
        ),
        _ => format!("{} holds {held}: unload its model or quit it to give that memory back.", llm.describe()),
    }
}
