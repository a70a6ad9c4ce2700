//! The rule both holders and apps are recorded by: a figure is written when it first reaches a
//! floor, when it moves by a set amount or a share of itself, when it is gone (as 0, once), and
//! every so often while it holds steady — so the history keeps a series without a row per scan.

use std::collections::HashMap;
use std::hash::Hash;

/// When a figure is worth a row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// A new figure below this is not recorded until it grows.
    pub smallest: u64,
    /// A move of this many bytes…
    pub moved_bytes: u64,
    /// …or of `1/moved_share` of the last figure, whichever is more, is recorded.
    pub moved_share: u64,
    /// A steady figure is recorded again after this long.
    pub steady_every: time::Duration,
}

/// What was last recorded of each key.
#[derive(Debug)]
pub(crate) struct ChangeLog<K> {
    last: HashMap<K, (time::OffsetDateTime, u64)>,
}

impl<K> Default for ChangeLog<K> {
    fn default() -> ChangeLog<K> {
        ChangeLog { last: HashMap::new() }
    }
}

impl<K: Hash + Eq + Clone> ChangeLog<K> {
    /// The figures of `current` (each key once) worth a row at `at` under `rule`, then each key
    /// recorded before and absent now, as 0.
    pub(crate) fn due(&mut self, current: &[(K, u64)], at: time::OffsetDateTime, rule: Rule) -> Vec<(K, u64)> {
        let mut rows = Vec::new();
        for (key, bytes) in current {
            let record = match self.last.get(key) {
                None => *bytes >= rule.smallest,
                Some((when, before)) => {
                    bytes.abs_diff(*before) >= rule.moved_bytes.max(before / rule.moved_share.max(1))
                        || at - *when >= rule.steady_every
                }
            };
            if record {
                rows.push((key.clone(), *bytes));
                self.last.insert(key.clone(), (at, *bytes));
            }
        }
        let gone: Vec<K> = self
            .last
            .iter()
            .filter(|(key, (_, bytes))| *bytes > 0 && !current.iter().any(|(k, _)| k == *key))
            .map(|(key, _)| key.clone())
            .collect();
        for key in gone {
            rows.push((key.clone(), 0));
            self.last.insert(key, (at, 0));
        }
        rows
    }
}
