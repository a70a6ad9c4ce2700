//! The leak verdict per app: sustained growth over `apps.leak_window` — enough recorded points, a
//! robust line that fits them, mostly upward steps and at least `apps.leak_min_growth` — so one
//! step (an app opening a document) or a sawtooth (a garbage collector) is not a leak.

use serde::Serialize;
use time::OffsetDateTime;

use super::robust::theil_sen;
use crate::config::Apps;
use crate::history::AppRow;

/// An app that kept growing over the leak window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppLeak {
    pub name: String,
    /// Its figure when the window began, and now.
    pub from: u64,
    pub to: u64,
    pub growth: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
    /// The fitted rate, bytes per hour.
    pub rate_per_hour: i64,
}

/// Recorded points an app needs in the window: growth recorded that often is sustained, where one
/// step records two.
const MIN_POINTS: usize = 5;
/// The share of steps that must go up, and how well the line must fit (R²).
const UPWARD: f64 = 0.7;
const FIT: f64 = 0.8;

/// The apps leaking at `now`, largest growth first, from `rows` (oldest first, any apps).
pub fn app_leaks(rows: &[AppRow], apps: &Apps, now: OffsetDateTime) -> Vec<AppLeak> {
    let window = time::Duration::try_from(apps.leak_window.duration()).unwrap_or(time::Duration::MINUTE * 30);
    let since = now - window;
    let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut found: Vec<AppLeak> = names.into_iter().filter_map(|name| leak(rows, name, since, apps)).collect();
    found.sort_by(|a, b| b.growth.cmp(&a.growth).then_with(|| a.name.cmp(&b.name)));
    found
}

fn leak(rows: &[AppRow], name: &str, since: OffsetDateTime, apps: &Apps) -> Option<AppLeak> {
    let own: Vec<&AppRow> = rows.iter().filter(|r| r.name == name).collect();
    // The last row before the window is the app's figure when it began.
    let start = own.iter().rposition(|r| r.at <= since).unwrap_or(0);
    let points: Vec<&AppRow> = own[start..].to_vec();
    if points.iter().filter(|r| r.at > since).count() < MIN_POINTS - 1 || points.len() < MIN_POINTS {
        return None;
    }
    let (first, last) = (points.first()?, points.last()?);
    let growth = last.bytes.checked_sub(first.bytes)?;
    if growth < apps.leak_min_growth.bytes() {
        return None;
    }
    let upward = points.windows(2).filter(|w| w[1].bytes > w[0].bytes).count() as f64 / (points.len() - 1) as f64;
    let xy: Vec<(f64, f64)> =
        points.iter().map(|r| ((r.at - first.at).as_seconds_f64() / 3600.0, r.bytes as f64)).collect();
    let fit = theil_sen(&xy)?;
    let mean = xy.iter().map(|(_, y)| y).sum::<f64>() / xy.len() as f64;
    let total: f64 = xy.iter().map(|(_, y)| (y - mean).powi(2)).sum();
    let residual: f64 = xy.iter().map(|(x, y)| (y - fit.at(*x)).powi(2)).sum();
    let r2 = if total > 0.0 { 1.0 - residual / total } else { 0.0 };
    (upward >= UPWARD && r2 >= FIT && fit.slope > 0.0).then(|| AppLeak {
        name: name.to_owned(),
        from: first.bytes,
        to: last.bytes,
        growth,
        since: first.at,
        rate_per_hour: fit.slope as i64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Size, Span};

    const MIB: u64 = 1 << 20;

    fn series(name: &str, values: &[u64]) -> Vec<AppRow> {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        values
            .iter()
            .enumerate()
            .map(|(i, mib)| AppRow {
                at: t0 + time::Duration::seconds(10 * i as i64),
                boot_id: "b".into(),
                name: name.into(),
                bytes: mib * MIB,
            })
            .collect()
    }

    #[test]
    fn steady_growth_is_a_leak_a_step_and_a_sawtooth_are_not() {
        let apps = Apps { leak_window: Span::minutes(1), leak_min_growth: Size::mib(300), ..Apps::default() };
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(80);
        // 10 MiB/s for 80 s, recorded every 10 s.
        let growing = series("grower", &(0..=8).map(|i| 100 + 100 * i).collect::<Vec<_>>());
        let leaks = app_leaks(&growing, &apps, now);
        assert_eq!(leaks.len(), 1, "{leaks:?}");
        assert_eq!((leaks[0].name.as_str(), leaks[0].to), ("grower", 900 * MIB));
        assert!(leaks[0].growth >= 600 * MIB && leaks[0].rate_per_hour > 0);
        // One step up of 700 MiB, steady either side (recorded twice: before and after).
        let step = series("stepper", &[100, 100, 800, 800]);
        assert!(app_leaks(&step, &apps, now).is_empty());
        // A sawtooth reaching the same peak.
        let saw = series("sawtooth", &[100, 900, 100, 900, 100, 900, 100, 900, 100]);
        assert!(app_leaks(&saw, &apps, now).is_empty());
        // Growth below the floor is not a leak.
        let small = series("small", &(0..=8).map(|i| 100 + 10 * i).collect::<Vec<_>>());
        assert!(app_leaks(&small, &apps, now).is_empty());
    }
}
