//! Parsers for the Linux facts behind the suspects: /proc/modules taint flags, /proc/slabinfo, /proc/PID/stat.

use super::{KernelExtension, SlabCache};

/// Out-of-tree, unsigned or proprietary modules from /proc/modules (`name size refs deps state addr (flags)`):
/// the ones that are not part of the kernel's own tree, which is where wired-memory leaks come from.
pub fn tainting_modules(text: &str) -> Vec<KernelExtension> {
    let mut found = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(name), Some(size)) = (fields.first(), fields.get(1).and_then(|s| s.parse::<u64>().ok())) else {
            continue;
        };
        let flags = fields.last().and_then(|f| f.strip_prefix('(')).and_then(|f| f.strip_suffix(')')).unwrap_or("");
        let mut why = Vec::new();
        if flags.contains('O') {
            why.push("out-of-tree");
        }
        if flags.contains('E') {
            why.push("unsigned");
        }
        if flags.contains('P') {
            why.push("proprietary");
        }
        if !why.is_empty() {
            found.push(KernelExtension { name: (*name).to_owned(), size, why: format!("{} module", why.join(", ")) });
        }
    }
    found
}

/// Slab caches from /proc/slabinfo (version 2.1) by bytes held: num_slabs × pages per slab × page size.
pub fn slab_caches(text: &str, page_size: u64) -> Vec<SlabCache> {
    let mut caches: Vec<SlabCache> = text
        .lines()
        .filter(|line| !line.starts_with("slabinfo") && !line.starts_with('#'))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // name active num objsize objperslab pagesperslab : tunables l b s : slabdata active num shared
            let name = fields.first()?;
            let pages_per_slab: u64 = fields.get(5)?.parse().ok()?;
            let slabdata = fields.iter().position(|f| *f == "slabdata")?;
            let num_slabs: u64 = fields.get(slabdata + 2)?.parse().ok()?;
            let bytes = num_slabs.saturating_mul(pages_per_slab).saturating_mul(page_size);
            Some(SlabCache { name: (*name).to_owned(), bytes })
        })
        .filter(|cache| cache.bytes > 0)
        .collect();
    caches.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    caches
}

/// From /proc/PID/stat: the command name and the start time in clock ticks after boot (field 22).
/// The name is between the first '(' and the last ')', since it may itself contain spaces or ')'.
pub fn stat_name_and_start(text: &str) -> Option<(String, u64)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text.get(open + 1..close)?.to_owned();
    // After ") " come fields 3.. ; start time is field 22, i.e. index 19 from field 3.
    let start = text.get(close + 1..)?.split_whitespace().nth(19)?.parse().ok()?;
    Some((name, start))
}

/// Resident bytes from /proc/PID/statm (second field, pages).
pub fn statm_resident(text: &str, page_size: u64) -> Option<u64> {
    let pages: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages.saturating_mul(page_size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_out_of_tree_unsigned_and_proprietary_modules() {
        let text = include_str!("../../tests/fixtures/proc/modules-parallels-guest.txt");
        let found = tainting_modules(text);
        let names: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["prl_fs_freeze", "prl_fs", "prl_eth"]);
        assert_eq!(found[1].size, 28672);
        assert_eq!(found[1].why, "out-of-tree, unsigned, proprietary module");
        assert!(tainting_modules("garbage\n\n").is_empty());
        let only_oot = tainting_modules("zfs 5898240 6 - Live 0xffffffffc0a00000 (O)\n");
        assert_eq!(only_oot[0].why, "out-of-tree module");
    }

    #[test]
    fn slab_caches_by_size() {
        let text = include_str!("../../tests/fixtures/proc/slabinfo-debian12-vm.txt");
        let caches = slab_caches(text, 4096);
        assert!(caches.len() > 20, "{}", caches.len());
        assert!(caches.windows(2).all(|w| w[0].bytes >= w[1].bytes));
        // Hand-checked line: "ext4_inode_cache ... : slabdata <active> <num> 0" with 8 pages per slab.
        let line = text.lines().find(|l| l.starts_with("ext4_inode_cache ")).expect("ext4 line");
        let fields: Vec<&str> = line.split_whitespace().collect();
        let want = fields[14].parse::<u64>().expect("num_slabs") * fields[5].parse::<u64>().expect("pages") * 4096;
        let got = caches.iter().find(|c| c.name == "ext4_inode_cache").expect("present").bytes;
        assert_eq!(got, want);
    }

    #[test]
    fn stat_with_a_tricky_name() {
        let stat = "412 (qemu-system-x86) S 1 412 412 0 -1 4194560 1 0 0 0 5 3 0 0 20 0 4 0 123456 100 200";
        assert_eq!(stat_name_and_start(stat), Some(("qemu-system-x86".to_owned(), 123_456)));
        let odd = "7 (a) b) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 1 1";
        assert_eq!(stat_name_and_start(odd), Some(("a) b".to_owned(), 99)));
        assert_eq!(stat_name_and_start("nonsense"), None);
        assert_eq!(statm_resident("1000 250 30 1 0 100 0", 4096), Some(250 * 4096));
    }
}
