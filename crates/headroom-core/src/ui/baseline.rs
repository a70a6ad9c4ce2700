//! "Capture before, compare after": one line saying what moved since the baseline the user marked.

use crate::model::Snapshot;
use crate::units::format_gb_as;

/// One line saying what changed since a baseline: each category that moved by at least 0.1 GB,
/// and the VMs that appeared, e.g. "Since 14:02: Wired +1.2 GB, App −0.8 GB; new: QEMU …".
pub fn compare(
    before: &Snapshot,
    after: &Snapshot,
    before_suspects: &[String],
    after_suspects: &[String],
    units: &str,
    since: &str,
) -> String {
    let (b, a) = (&before.memory, &after.memory);
    let mut parts = Vec::new();
    for (name, old, new) in [
        ("App", b.app, a.app),
        ("Wired", b.wired, a.wired),
        ("Compressed", b.compressed, a.compressed),
        ("Cached", b.cached_files, a.cached_files),
        ("Free", b.free, a.free),
        ("Swap", before.swap_used, after.swap_used),
    ] {
        let delta = i128::from(new) - i128::from(old);
        if delta.unsigned_abs() >= u128::from(crate::units::GB / 10) {
            let sign = if delta < 0 { "−" } else { "+" };
            let magnitude = u64::try_from(delta.unsigned_abs()).unwrap_or(u64::MAX);
            parts.push(format!("{name} {sign}{}", format_gb_as(magnitude, units)));
        }
    }
    let mut line = format!(
        "Since {since}: {}",
        if parts.is_empty() { "no change of 0.1 GB or more".to_owned() } else { parts.join(", ") }
    );
    let appeared: Vec<&String> = after_suspects.iter().filter(|s| !before_suspects.contains(s)).collect();
    if !appeared.is_empty() {
        line.push_str(&format!("; new: {}", appeared.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        super::super::fixture_snapshot()
    }

    #[test]
    fn comparing_with_a_baseline_names_what_moved_and_what_appeared() {
        let before = snapshot();
        let mut after = snapshot();
        after.memory.wired += 1_288_490_189; // 1.2 GiB
        after.memory.app -= 858_993_459; // 0.8 GiB
        after.memory.free += 50 << 20; // under 0.1 GB: not mentioned
        let line = compare(&before, &after, &[], &["QEMU `qemu-system-x86_64`".to_owned()], "GB", "14:02");
        assert_eq!(line, "Since 14:02: App −0.8 GB, Wired +1.2 GB; new: QEMU `qemu-system-x86_64`");
        assert_eq!(compare(&before, &before, &[], &[], "GB", "14:02"), "Since 14:02: no change of 0.1 GB or more");
    }
}
