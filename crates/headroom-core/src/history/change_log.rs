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

/// What was last recorded of each key still there: a key recorded as gone is forgotten, so the
/// log holds only what the last scan recorded (at most the rows a scan records), however many come
/// and go over weeks; one that comes back is recorded anew.
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
        let gone: Vec<K> = self.last.keys().filter(|key| !current.iter().any(|(k, _)| k == *key)).cloned().collect();
        for key in gone {
            self.last.remove(&key);
            rows.push((key, 0));
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule { smallest: 64, moved_bytes: 32, moved_share: 20, steady_every: time::Duration::hours(6) };

    #[test]
    fn keys_that_come_and_go_are_forgotten_once_recorded_gone() {
        let mut log: ChangeLog<u32> = ChangeLog::default();
        let t0 = time::OffsetDateTime::UNIX_EPOCH;
        // A thousand scans, each of ten keys never seen before: the log never holds more than ten.
        for scan in 0..1000u32 {
            let current: Vec<(u32, u64)> = (0..10).map(|i| (scan * 10 + i, 100)).collect();
            let rows = log.due(&current, t0 + time::Duration::seconds(i64::from(scan)), RULE);
            assert_eq!(rows.len(), if scan == 0 { 10 } else { 20 }, "ten new, ten gone");
            assert_eq!(log.last.len(), 10);
        }
        // One that comes back is recorded anew (as new: no gone row is owed for it).
        let back = log.due(&[(5, 100)], t0 + time::Duration::hours(1), RULE);
        assert!(back.contains(&(5, 100)), "{back:?}");
    }
}
