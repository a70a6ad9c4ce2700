//! Who holds wired memory, as lines of text: the owners largest first with their sizes, what no
//! owner explains, and each source that could not be read.

use crate::owners::WiredOwners;
use crate::units::format_adaptive;

/// The heading: "Who holds wired memory: 612 MB of 1.5 GB named".
pub fn heading(owners: &WiredOwners) -> String {
    format!("Who holds wired memory: {} of {} named", format_adaptive(owners.explained), format_adaptive(owners.wired))
}

/// One line per owner (`width` columns for the name, the size right-aligned after it), then the
/// others, the rest of wired, and sources that could not be read.
pub fn lines(owners: &WiredOwners, width: usize) -> Vec<String> {
    let row = |name: String, bytes: u64, width: usize| {
        format!("{:<width$} {:>8}", crate::ui::text::one_line(&name, width), format_adaptive(bytes))
    };
    let mut out: Vec<String> = owners.owners.iter().map(|owner| row(owner.describe(), owner.bytes, width)).collect();
    if owners.others > 0 {
        out.push(row("others".to_owned(), owners.others, width));
    }
    out.push(row("the kernel's own, not attributed".to_owned(), owners.unattributed, width));
    if !owners.mixed.is_empty() {
        // Pinned pages are in App Memory's figure; a cgroup v1 figure counts reclaimable caches too.
        out.push("also held, counted elsewhere or mixed with caches (not added above):".to_owned());
        let inner = width.saturating_sub(2);
        out.extend(owners.mixed.iter().map(|owner| format!("  {}", row(owner.describe(), owner.bytes, inner))));
    }
    out.extend(owners.unknown.iter().map(|why| format!("unknown: {why}")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::owners::{OwnerKind, WiredOwner, reconcile};

    #[test]
    fn owners_then_the_unattributed_rest() {
        let locked = WiredOwner { kind: OwnerKind::Locked, name: "python3".into(), pid: Some(412), bytes: 200 << 20 };
        let owners = reconcile(1 << 30, None, vec![locked], vec!["cgroups: no memory controller".into()]);
        assert_eq!(heading(&owners), "Who holds wired memory: 200 MB of 1.0 GB named");
        assert_eq!(
            lines(&owners, 40),
            [
                "locked by `python3` (pid 412)              200 MB",
                "the kernel's own, not attributed           824 MB",
                "unknown: cgroups: no memory controller",
            ]
        );
    }
}
