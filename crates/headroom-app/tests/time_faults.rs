//! Wall-clock faults through the app's state and the recorder: the clock stepped back an hour,
//! forward a day (suspend and resume), and 8 hours between two samples. No notification may come
//! from the clock alone; history keeps sample order and every sample through retention.

use crate::app_support;
use headroom_testing as common;

use std::time::Instant;

use common::{GIB, MIB, Noise, quiet, snapshot, t0};
use headroom_app::state::Effect;
use headroom_core::config::{self, Config};
use headroom_core::history::{Recorder, Store};
use headroom_core::model::Pressure;
use headroom_core::notify::{Kind, Notification};
use time::{Duration, OffsetDateTime};

/// One sample of a scripted run: when the wall clock says it is, wired, pressure and swap used.
#[derive(Clone, Copy)]
struct Sample {
    at: OffsetDateTime,
    wired: u64,
    pressure: Pressure,
    swap: u64,
}

/// Samples every 10 s from `from` for `minutes`, wired flat at 2.2 GB (normal on 16 GB) with ±60 MB of noise.
fn flat(from: OffsetDateTime, minutes: i64, noise: &mut Noise) -> Vec<Sample> {
    (0..minutes * 6)
        .map(|i| Sample {
            at: from + Duration::seconds(i * 10),
            wired: (2252 * MIB).saturating_add_signed(noise.next(60 * MIB)),
            pressure: Pressure::Normal,
            swap: 0,
        })
        .collect()
}

/// Runs the samples through a freshly started app; returns (sample index, notification) sent.
fn run(samples: &[Sample]) -> Vec<(usize, Notification)> {
    let mut app = app_support::app(Config::default(), samples[0].at);
    let mut sent = Vec::new();
    for (i, sample) in samples.iter().enumerate() {
        if i % 30 == 0 {
            app.on_suspects(quiet(sample.at));
        }
        let mut s = snapshot(16 * GIB, sample.wired, sample.at);
        s.pressure = sample.pressure;
        s.swap_used = sample.swap;
        s.swap_total = 8 * GIB;
        for effect in app.on_sample(s) {
            if let Effect::Notify(n) = effect {
                sent.push((i, n));
            }
        }
    }
    sent
}

#[test]
fn the_clock_stepped_back_an_hour_sends_nothing() {
    let mut noise = Noise(4);
    let mut samples = flat(t0(), 180, &mut noise);
    samples.extend(flat(t0() + Duration::hours(2), 180, &mut noise));
    assert_eq!(run(&samples), vec![]);
}

#[test]
fn a_suspend_of_a_day_sends_nothing() {
    let mut noise = Noise(5);
    let mut samples = flat(t0(), 180, &mut noise);
    samples.extend(flat(t0() + Duration::hours(3) + Duration::days(1), 180, &mut noise));
    assert_eq!(run(&samples), vec![]);
}

/// Pressure seen for 30 s, then 8 hours without a sample (a suspend), then seen again: that is not
/// 8 hours of pressure. A new episode starts at the resume and is notified once it lasted 2 minutes.
#[test]
fn pressure_on_both_sides_of_an_8_hour_gap_is_not_an_8_hour_episode() {
    let mut noise = Noise(6);
    let mut samples = flat(t0(), 10, &mut noise);
    let warn = |s: &mut Sample| s.pressure = Pressure::Warn;
    samples.iter_mut().skip(57).for_each(warn);
    let resume = t0() + Duration::minutes(10) + Duration::hours(8);
    let mut after = flat(resume, 5, &mut noise);
    after.iter_mut().for_each(warn);
    samples.extend(after);
    let sent = run(&samples);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    let (i, n) = &sent[0];
    assert_eq!(n.kind, Kind::Pressure);
    assert_eq!(samples[*i].at, resume + Duration::minutes(2), "two minutes after the resume");
    assert!(n.body.starts_with("For 2 minutes now."), "{}", n.body);
}

/// The clock steps back an hour 30 s into a pressure episode: the episode is measured from the
/// step, not an hour and 2 minutes later.
#[test]
fn pressure_across_a_step_back_is_notified_after_its_duration_not_an_hour_late() {
    let mut noise = Noise(7);
    let mut samples = flat(t0(), 10, &mut noise);
    samples.iter_mut().skip(57).for_each(|s| s.pressure = Pressure::Warn);
    let stepped = t0() + Duration::minutes(10) - Duration::hours(1);
    let mut after = flat(stepped, 5, &mut noise);
    after.iter_mut().for_each(|s| s.pressure = Pressure::Warn);
    samples.extend(after);
    let sent = run(&samples);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0].1.kind, Kind::Pressure);
    assert_eq!(samples[sent[0].0].at, stepped + Duration::minutes(2));
}

/// Swap grows 1.5 GB over an hour — slow, not worth a notification — while the clock has
/// stepped back an hour: the 10-minute window must not stretch over the whole hour.
#[test]
fn slow_swap_growth_after_a_step_back_is_not_fast_growth() {
    let mut noise = Noise(8);
    let mut samples = flat(t0(), 5, &mut noise);
    let mut after = flat(t0() + Duration::minutes(5) - Duration::hours(1), 60, &mut noise);
    let n = after.len() as u64;
    for (i, s) in after.iter_mut().enumerate() {
        s.swap = 1536 * MIB * i as u64 / n;
    }
    samples.extend(after);
    assert_eq!(run(&samples), vec![]);
}

/// Through the recorder and retention: back an hour, forward a day, then 8 hours. Rows stay in
/// sample order, and every sample is counted once after downsampling.
#[test]
fn the_history_keeps_sample_order_and_every_sample_through_clock_steps_and_retention() {
    let settings = config::History {
        raw_for: config::Span::hours(1),
        minute_for: config::Span::days(2),
        ten_minute_for: config::Span::days(30),
        flush_every: config::Span::secs(60),
    };
    let mut recorder = Recorder::with_store(Store::open_in_memory().expect("memory"), &settings);
    let start = Instant::now();
    // (offset of the first sample, samples at 10 s) per stretch: the clock steps between stretches.
    let stretches = [
        (Duration::ZERO, 360),
        (Duration::minutes(60) - Duration::hours(1), 360),
        (Duration::days(1), 360),
        (Duration::days(1) + Duration::hours(9), 360),
    ];
    let mut n = 0u64;
    for (offset, count) in stretches {
        for i in 0..count {
            let at = t0() + offset + Duration::seconds(i * 10);
            recorder.record(&snapshot(16 * GIB, GIB + n, at), start + std::time::Duration::from_secs(n * 10));
            n += 1;
        }
    }
    let end = t0() + Duration::days(1) + Duration::hours(10) + Duration::minutes(30);
    recorder.flush_at(start + std::time::Duration::from_secs(n * 10 + 3600), end);
    let rows = recorder.store().expect("store").rows(0, None).expect("rows");
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq), "in sample order");
    assert_eq!(rows.iter().map(|r| u64::from(r.count)).sum::<u64>(), n, "every sample counted once");
    // Within a row the mean of consecutive samples: wired (GIB + index) never goes down along seq.
    assert!(rows.windows(2).all(|w| w[0].wired <= w[1].wired), "no row mixes samples from both sides of a step");
    assert!(rows.iter().any(|r| r.resolution_s == 60) && rows.iter().any(|r| r.resolution_s == 0));
}
