//! Kernel memory charged to cgroups: cgroup v2's `memory.stat` (readable by every user) and v1's
//! `memory.kmem.usage_in_bytes`, each cgroup's own share of the hierarchy's figures.

/// Kernel memory in a cgroup v2 `memory.stat`, bytes (Documentation/admin-guide/cgroup-v2.rst,
/// "memory.stat"): `kernel` (Linux 5.18+) less `slab_reclaimable`, which is cache the kernel gives
/// back, not wired; before 5.18 the sum of the kernel parts it lists. None when it has none of them.
pub fn v2_kernel_bytes(memory_stat: &str) -> Option<u64> {
    let value = |key: &str| {
        memory_stat.lines().find_map(|line| {
            let (name, value) = line.split_once(' ')?;
            (name == key).then(|| value.trim().parse::<u64>().ok()).flatten()
        })
    };
    if let Some(kernel) = value("kernel") {
        return Some(kernel.saturating_sub(value("slab_reclaimable").unwrap_or(0)));
    }
    let parts = ["kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc", "slab_unreclaimable"];
    let found: Vec<u64> = parts.iter().filter_map(|key| value(key)).collect();
    (!found.is_empty()).then(|| found.iter().fold(0u64, |sum, v| sum.saturating_add(*v)))
}

/// cgroup v1's `memory.kmem.usage_in_bytes`: one number.
pub fn v1_kmem_bytes(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// Each cgroup's own share from hierarchical figures (a cgroup's figure includes its
/// descendants'): its figure less its direct children's. `tree` holds paths relative to the
/// hierarchy's root ("system.slice/docker.service"), parents before or after children.
pub fn own_shares(tree: &[(String, u64)]) -> Vec<(String, u64)> {
    tree.iter()
        .map(|(path, figure)| {
            let children = tree
                .iter()
                .filter(|(other, _)| parent(other) == Some(path.as_str()))
                .fold(0u64, |sum, (_, child)| sum.saturating_add(*child));
            (path.clone(), figure.saturating_sub(children))
        })
        .collect()
}

fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(parent, _)| parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_less_reclaimable_slab_or_the_parts_before_5_18() {
        let new = "anon 100\nfile 200\nkernel 1000\nkernel_stack 50\nslab_reclaimable 300\nslab_unreclaimable 40\n";
        assert_eq!(v2_kernel_bytes(new), Some(700));
        let old = "anon 100\nkernel_stack 50\npagetables 20\nsock 5\nslab_unreclaimable 40\nslab_reclaimable 300\n";
        assert_eq!(v2_kernel_bytes(old), Some(115));
        assert_eq!(v2_kernel_bytes("anon 5\nfile 6\n"), None);
        assert_eq!(v1_kmem_bytes("271581184\n"), Some(271_581_184));
    }

    #[test]
    fn each_cgroup_keeps_its_own_share() {
        let tree = vec![
            ("system.slice".to_owned(), 1000),
            ("system.slice/a.service".to_owned(), 600),
            ("system.slice/b.service".to_owned(), 300),
            ("system.slice/b.service/inner".to_owned(), 250),
        ];
        let own = own_shares(&tree);
        assert_eq!(own[0], ("system.slice".to_owned(), 100));
        assert_eq!(own[2], ("system.slice/b.service".to_owned(), 50));
        assert_eq!(own[3], ("system.slice/b.service/inner".to_owned(), 250));
    }
}
