//! The exporter's metric families from recorded inputs: a real `vm_stat` capture, and the verdicts of a
//! synthetic leak (the same series the verdict tests use). Pure: no server, no clock.

use headroom_testing as common;

use headroom_core::export::metrics::{Format, Inputs, MAX_LABEL_CHARS, render, top_suspects};
use headroom_core::model::analyze;
use headroom_core::suspects::{KernelExtension, Probe};
use time::OffsetDateTime;

use common::{GIB, leak_series, replay, with_vm};

fn fixture() -> headroom_core::model::Snapshot {
    let text = include_str!("fixtures/vm_stat/m1pro-16g-2026-05-28.txt");
    analyze::analyze(text, Some(16 << 30), common::t0()).expect("the fixture parses")
}

/// The value of the one sample line that starts with `series `.
fn value(text: &str, series: &str) -> Option<String> {
    text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ').map(str::to_owned))
}

#[test]
fn categories_total_and_pressure_from_a_real_vm_stat() {
    let snapshot = fixture();
    let inputs = Inputs {
        snapshot: &snapshot,
        verdicts: None,
        suspects: None,
        boot_time: None,
        version: "9.9.9",
        suspect_labels: 0,
    };
    let text = render(&inputs, Format::Prometheus);
    let m = &snapshot.memory;
    assert_eq!(value(&text, "headroom_memory_bytes{category=\"wired\"}"), Some(m.wired.to_string()));
    assert_eq!(value(&text, "headroom_memory_bytes{category=\"cached_files\"}"), Some(m.cached_files.to_string()));
    assert_eq!(value(&text, "headroom_memory_total_bytes"), Some((16u64 << 30).to_string()));
    for level in ["normal", "warn", "critical"] {
        let expected = if level == snapshot.pressure.name() { "1" } else { "0" };
        assert_eq!(value(&text, &format!("headroom_memory_pressure{{level=\"{level}\"}}")).as_deref(), Some(expected));
    }
    assert_eq!(value(&text, "headroom_build_info{version=\"9.9.9\",os=\"macos\"}").as_deref(), Some("1"));
    // A pasted vm_stat has no swap figures: left out, not shown as 0. The headroom figure is derived, and said.
    assert!(!text.contains("headroom_swap_used_bytes"));
    assert!(text.contains("headroom_headroom_bytes{source=\"derived\"}"), "{text}");
    // No verdicts or suspects yet: their families are absent, and never a process name.
    assert!(!text.contains("headroom_wired_level"));
    assert!(!text.contains("headroom_suspect_wired_bytes"));
    // One HELP and one TYPE per family, every family under the prefix.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        assert!(line.starts_with("headroom_"), "{line}");
    }
    let helps = text.lines().filter(|l| l.starts_with("# HELP ")).count();
    assert_eq!(helps, text.lines().filter(|l| l.starts_with("# TYPE ")).count());
    assert!(!text.contains("# EOF"), "the Prometheus text format has no EOF marker");
    assert!(render(&inputs, Format::OpenMetrics).ends_with("# EOF\n"));
}

#[test]
fn a_leak_shows_as_creeping_with_its_rate_and_a_vm_as_explained() {
    let points = leak_series(24 * 60, 3 * 24 * 60, 7);
    let evaluations = replay(&points, 16 * GIB, points.len() as i64 - 1, 60, |m| {
        with_vm(common::t0() + time::Duration::minutes(m), 3 * GIB)
    });
    let (_, snapshot, verdicts) = evaluations.last().expect("one evaluation");
    assert!(verdicts.creeping.is_creeping(), "{:?}", verdicts.creeping);
    let suspects = with_vm(snapshot.at, 3 * GIB);
    let boot = OffsetDateTime::from_unix_timestamp(1_779_000_000).expect("valid");
    let inputs = Inputs {
        snapshot,
        verdicts: Some(verdicts),
        suspects: Some(&suspects),
        boot_time: Some(boot),
        version: "0",
        suspect_labels: 0,
    };
    let text = render(&inputs, Format::Prometheus);
    assert_eq!(value(&text, "headroom_wired_creeping").as_deref(), Some("1"));
    let rate: i64 = value(&text, "headroom_wired_creep_bytes_per_day").expect("rate").parse().expect("integer");
    assert!((rate - (2 * GIB / 3) as i64).abs() < (GIB / 4) as i64, "about 2 GiB over 3 days: {rate}");
    assert_eq!(value(&text, "headroom_wired_explained_bytes{by=\"vm\"}"), Some((3 * GIB).to_string()));
    assert_eq!(value(&text, "headroom_boot_time_seconds").as_deref(), Some("1779000000"));
    let level = &verdicts.wired_level;
    assert_eq!(value(&text, "headroom_wired_expected_max_bytes"), Some(level.expected_max.to_string()));
    let states: Vec<_> = ["normal", "elevated", "high"]
        .iter()
        .filter_map(|l| value(&text, &format!("headroom_wired_level{{level=\"{l}\"}}")))
        .collect();
    assert_eq!(states.iter().filter(|v| *v == "1").count(), 1, "exactly one level is current: {states:?}");
    assert!(!text.contains("qemu"), "no process names without --suspect-labels");
}

#[test]
fn suspect_labels_are_opt_in_and_bounded() {
    let snapshot = fixture();
    let mut suspects = with_vm(snapshot.at, 3 * GIB);
    let long = "x".repeat(200);
    suspects.kernel_extensions = Probe::Found(
        (0..20)
            .map(|i| KernelExtension { name: format!("{long}{i}"), size: 1000 + i, why: "third-party kext".into() })
            .collect(),
    );
    let top = top_suspects(&suspects, 50);
    assert_eq!(top.len(), 5, "capped at five series");
    assert_eq!(top[0].1, "QEMU `qemu-system-aarch64` (pid 4242)");
    assert!(top.iter().all(|(_, name, _)| name.chars().count() <= MAX_LABEL_CHARS));
    let inputs = Inputs {
        snapshot: &snapshot,
        verdicts: None,
        suspects: Some(&suspects),
        boot_time: None,
        version: "0",
        suspect_labels: 2,
    };
    let text = render(&inputs, Format::Prometheus);
    let named: Vec<_> = text.lines().filter(|l| l.starts_with("headroom_suspect_wired_bytes{")).collect();
    assert_eq!(named.len(), 2, "{text}");
    assert!(text.contains("name=\"QEMU `qemu-system-aarch64` (pid 4242)\""), "{text}");
}

#[test]
fn a_hostile_suspect_name_stays_inside_its_label_value() {
    let snapshot = fixture();
    let mut suspects = with_vm(snapshot.at, 3 * GIB);
    // A kernel extension named to break out of the label and forge a series.
    let hostile = "evil\"} 1\nheadroom_memory_total_bytes 0\n# <img src=x onerror=alert(1)> \\ \u{202E}";
    suspects.kernel_extensions =
        Probe::Found(vec![KernelExtension { name: hostile.into(), size: 1 << 40, why: "third-party kext".into() }]);
    let inputs = Inputs {
        snapshot: &snapshot,
        verdicts: None,
        suspects: Some(&suspects),
        boot_time: None,
        version: "0",
        suspect_labels: 5,
    };
    let text = render(&inputs, Format::Prometheus);
    // Still one total series, with the real figure; the name is one line inside its quotes.
    let totals: Vec<_> = text.lines().filter(|l| l.starts_with("headroom_memory_total_bytes ")).collect();
    assert_eq!(totals.len(), 1, "{text}");
    assert!(!totals[0].ends_with(" 0"), "{text}");
    let named: Vec<_> =
        text.lines().filter(|l| l.starts_with("headroom_suspect_wired_bytes{") && l.contains("evil")).collect();
    assert_eq!(named.len(), 1, "{text}");
    assert!(!named[0].contains('\u{202E}'), "no bidi override in a label: {}", named[0]);
}

#[test]
fn wired_holders_are_counted_always_and_named_only_when_asked() {
    use headroom_core::owners::{OwnerKind, WiredOwner};
    let snapshot = fixture();
    let mut suspects = with_vm(snapshot.at, 3 * GIB);
    let owner = |kind, name: &str, pid, bytes| WiredOwner { kind, name: name.into(), pid, bytes };
    suspects.holders.found = vec![
        owner(OwnerKind::Kernel, "IOKit drivers", None, GIB),
        owner(OwnerKind::Locked, "postgres", Some(1), 100 << 20),
        owner(OwnerKind::Locked, "postgres", Some(2), 100 << 20),
    ];
    let render_with = |labels| {
        let inputs = Inputs {
            snapshot: &snapshot,
            verdicts: None,
            suspects: Some(&suspects),
            boot_time: None,
            version: "0",
            suspect_labels: labels,
        };
        render(&inputs, Format::Prometheus)
    };
    let plain = render_with(0);
    let named = GIB + (200 << 20);
    assert!(plain.contains(&format!("headroom_wired_named_bytes {named}\n")), "{plain}");
    assert!(plain.contains("headroom_wired_unattributed_bytes "), "{plain}");
    assert!(!plain.contains("postgres"), "no names without --suspect-labels");
    let labelled = render_with(5);
    // The registry keeps a family's series in no set order: compared sorted.
    let mut series: Vec<&str> = labelled.lines().filter(|l| l.starts_with("headroom_wired_owner_bytes{")).collect();
    series.sort_unstable();
    assert_eq!(
        series,
        [
            format!("headroom_wired_owner_bytes{{kind=\"kernel\",name=\"IOKit drivers\"}} {GIB}"),
            format!("headroom_wired_owner_bytes{{kind=\"locked\",name=\"postgres\"}} {}", 200u64 << 20),
        ],
        "two processes of one name are one series"
    );
}
