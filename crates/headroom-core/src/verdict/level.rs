//! Is wired memory normal for this machine's RAM? Normal / elevated / high, or explained by a VM or GPU work.

use serde::Serialize;

use crate::config::WiredThresholds;
use crate::suspects::Suspects;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WiredLevel {
    /// Below the typical range for this RAM: nothing to worry about, but not "normal" either.
    Low,
    Normal,
    Elevated,
    High,
}

impl WiredLevel {
    /// Every level, lowest first.
    pub(crate) const ALL: [WiredLevel; 4] =
        [WiredLevel::Low, WiredLevel::Normal, WiredLevel::Elevated, WiredLevel::High];

    /// The level in words, as the menu, `explain`, the advice and the notifications say it:
    /// "Wired 2.4 GB — normal for 16.0 GB", "Wired memory is high".
    pub fn word(self) -> String {
        match self {
            WiredLevel::Low => crate::tr!("wired-level-low"),
            WiredLevel::Normal => crate::tr!("wired-level-normal"),
            WiredLevel::Elevated => crate::tr!("wired-level-elevated"),
            WiredLevel::High => crate::tr!("wired-level-high"),
        }
    }

    /// The `level` label of `headroom_wired_level`, the same text as the JSON (`serde`): a name
    /// dashboards and alert rules match, so it never changes even if the words shown do.
    pub(crate) fn metric_label(self) -> &'static str {
        match self {
            WiredLevel::Low => "low",
            WiredLevel::Normal => "normal",
            WiredLevel::Elevated => "elevated",
            WiredLevel::High => "high",
        }
    }
}

/// The wired level with the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelVerdict {
    pub level: WiredLevel,
    pub wired: u64,
    pub total: u64,
    /// The typical range for this RAM size, bytes.
    pub expected_min: u64,
    pub expected_max: u64,
    /// Above this wired is high, bytes.
    pub high_above: u64,
    /// Set when running VMs or GPU work account for the excess: what they are and their bytes.
    /// The level is then the level without them, so a busy but healthy machine is not called high.
    pub explained_by: Vec<(String, u64)>,
    /// The level the raw figure would have had, when an explanation lowered it.
    pub unexplained_level: Option<WiredLevel>,
    /// Running VMs whose size could not be read (another user's process, e.g. root's): they hold
    /// guest memory but by an unknown amount, so they cannot lower the level; they are named instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_size: Vec<String>,
}

fn fraction(total: u64, fraction: f64) -> u64 {
    (total as f64 * fraction).round() as u64
}

/// A level is only left downwards once wired is this share below its threshold, so noise
/// around a threshold does not flap the verdict.
pub(crate) const HYSTERESIS: f64 = 0.10;

/// Below `min_normal` is low (no hysteresis: nothing is notified on it); above the typical range,
/// elevated and high are left downwards only [`HYSTERESIS`] below their thresholds.
fn classify(wired: u64, min_normal: u64, max_normal: u64, high_above: u64, previous: Option<WiredLevel>) -> WiredLevel {
    let lower = |threshold: u64| (threshold as f64 * (1.0 - HYSTERESIS)) as u64;
    let (max_normal, high_above) = match previous {
        Some(WiredLevel::High) => (lower(max_normal), lower(high_above)),
        Some(WiredLevel::Elevated) => (lower(max_normal), high_above),
        _ => (max_normal, high_above),
    };
    if wired > high_above {
        WiredLevel::High
    } else if wired > max_normal {
        WiredLevel::Elevated
    } else if wired < min_normal {
        WiredLevel::Low
    } else {
        WiredLevel::Normal
    }
}

/// Judges `wired` (best a median of the last minutes, not one noisy sample) against this RAM size.
/// `previous` is the last level, for hysteresis.
pub fn wired_level(
    wired: u64,
    total: u64,
    suspects: &Suspects,
    thresholds: &WiredThresholds,
    previous: Option<WiredLevel>,
) -> LevelVerdict {
    let expected_min = fraction(total, thresholds.normal_min);
    let expected_max = fraction(total, thresholds.normal_max);
    let high_above = fraction(total, thresholds.high);
    let raw = classify(wired, expected_min, expected_max, high_above, previous);
    let explained = suspects.explained_bytes();
    let without = classify(wired.saturating_sub(explained), expected_min, expected_max, high_above, previous);
    let lowered = raw > WiredLevel::Normal && without < raw;
    LevelVerdict {
        // What a VM or GPU work explains brings the level down to normal at most: the rest is not "low".
        level: if lowered { without.max(WiredLevel::Normal) } else { raw },
        wired,
        total,
        expected_min,
        expected_max,
        high_above,
        explained_by: if lowered { suspects.explanations() } else { Vec::new() },
        unexplained_level: lowered.then_some(raw),
        unknown_size: suspects.unknown_sizes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_has_its_word_and_its_label_matches_the_json() {
        let words: Vec<String> = WiredLevel::ALL.into_iter().map(WiredLevel::word).collect();
        assert_eq!(words, ["low", "normal", "elevated", "high"]);
        for level in WiredLevel::ALL {
            assert_eq!(serde_json::to_value(level).expect("serialises"), level.metric_label());
        }
    }

    #[test]
    fn below_the_typical_range_is_low_and_an_explained_excess_is_normal_at_most() {
        let gib = 1u64 << 30;
        let quiet = Suspects::unknown(time::OffsetDateTime::UNIX_EPOCH, "test");
        let thresholds = WiredThresholds::default();
        let total = 24 * gib;
        let low = wired_level(gib / 10, total, &quiet, &thresholds, None);
        assert_eq!(low.level, WiredLevel::Low, "0.1 GB on 24 GB is below {} bytes", low.expected_min);
        let typical = wired_level((low.expected_min + low.expected_max) / 2, total, &quiet, &thresholds, None);
        assert_eq!(typical.level, WiredLevel::Normal);
    }
}
