//! Verdicts on synthetic and replayed series: an ordinary day, a VM, a slow leak, a local LLM, noise, and RAM sizes.

use headroom_testing as common;

use common::*;
use headroom_core::config::Config;
use headroom_core::verdict::{self, CreepVerdict, Verdicts, WiredLevel, WiredPoint};

/// The shared replay, keeping each evaluation's minute and verdicts.
fn replay(
    points: &[WiredPoint],
    total: u64,
    from: i64,
    step: i64,
    suspects_at: impl FnMut(i64) -> headroom_core::suspects::Suspects,
) -> Vec<(i64, Verdicts)> {
    common::replay(points, total, from, step, suspects_at).into_iter().map(|(m, _, v)| (m, v)).collect()
}

fn transitions<T: PartialEq>(values: impl Iterator<Item = T>) -> usize {
    let values: Vec<T> = values.collect();
    values.windows(2).filter(|w| w[0] != w[1]).count()
}

#[test]
fn an_ordinary_day_raises_no_alarm() {
    // 16 GB, wired around 2.2 GB with ±150 MB of noise and a ±100 MB daily wave, for 4 days.
    let mut noise = Noise(1);
    let points = series(
        4 * DAY,
        |m| {
            let wave = ((m as f64 / DAY as f64) * std::f64::consts::TAU).sin() * 100.0 * MIB as f64;
            ((2.2 * GIB as f64 + wave) as u64).saturating_add_signed(noise.next(150 * MIB))
        },
        |_| 0,
    );
    let verdicts = replay(&points, 16 * GIB, 60, 60, |_| quiet(t0()));
    for (minute, v) in &verdicts {
        assert_eq!(v.wired_level.level, WiredLevel::Normal, "minute {minute}");
        assert!(!v.creeping.is_creeping(), "minute {minute}: {:?}", v.creeping);
        assert_eq!(v.jump, None, "minute {minute}");
    }
    // After a day there is enough history to judge, and it judges steady.
    assert!(matches!(verdicts.last().map(|v| &v.1.creeping), Some(CreepVerdict::Steady(_))));
}

#[test]
fn a_vm_started_and_stopped_is_explained_not_abnormal() {
    // 16 GB Mac at 2.5 GB wired; a VM wires 4 GB from hour 30 to hour 34.
    let (start, stop) = (30 * 60, 34 * 60);
    let running = |m: i64| (start..stop).contains(&m);
    let points = series(
        3 * DAY,
        |m| if running(m) { 6_500 * MIB } else { 2_500 * MIB },
        |m| {
            if running(m) { 4 * GIB } else { 0 }
        },
    );
    let vm_start = t0() + time::Duration::minutes(start);
    let suspects = |m: i64| if running(m) { with_vm(vm_start, 4 * GIB) } else { quiet(t0()) };
    let verdicts = replay(&points, 16 * GIB, 60, 10, suspects);
    let during: Vec<&Verdicts> =
        verdicts.iter().filter(|(m, _)| running(*m) && *m > start + 15).map(|(_, v)| v).collect();
    assert!(!during.is_empty());
    for v in &during {
        assert_eq!(v.wired_level.level, WiredLevel::Normal, "explained, so not high");
        assert_eq!(v.wired_level.unexplained_level, Some(WiredLevel::High));
        assert!(v.wired_level.explained_by[0].0.contains("QEMU"), "{:?}", v.wired_level.explained_by);
    }
    // The step is reported as a jump once its 30-minute hold has passed — explained by the VM.
    let jumps: Vec<&verdict::Jump> = verdicts.iter().filter_map(|(_, v)| v.jump.as_ref()).collect();
    assert!(!jumps.is_empty());
    assert!(jumps.iter().all(|j| j.is_explained()), "{jumps:?}");
    let step_minute = (t0() + time::Duration::minutes(start)).unix_timestamp() / 60;
    assert_eq!(jumps[0].at.unix_timestamp() / 60, step_minute, "the step's own minute");
    // While the VM runs, the jump is paired with it: it started within the jump window of the step.
    let paired = verdicts.iter().filter(|(m, _)| running(*m)).filter_map(|(_, v)| v.jump.as_ref());
    for j in paired {
        assert!(j.appeared.iter().any(|a| a.contains("qemu-system-aarch64")), "{j:?}");
    }
    // After the VM: normal, nothing explained, and the VM's hours never read as a creep.
    let after = verdicts.iter().filter(|(m, _)| *m > stop + 15).map(|(_, v)| v);
    for v in after {
        assert_eq!(v.wired_level.level, WiredLevel::Normal);
        assert!(v.wired_level.explained_by.is_empty());
        assert!(!v.creeping.is_creeping(), "{:?}", v.creeping);
    }
}

#[test]
fn a_slow_leak_is_found_within_three_days_and_stays_found() {
    // 16 GB: flat at 2 GB for 2 days, then a leak from 2 GB to 4 GB over 14 days, with ±150 MB noise.
    let leak_start = 2 * DAY;
    let leak_minutes = 14 * DAY;
    let points = leak_series(leak_start, leak_minutes, 7);
    let verdicts = replay(&points, 16 * GIB, 60, 60, |_| quiet(t0()));
    let first = verdicts.iter().find(|(_, v)| v.creeping.is_creeping()).map(|(m, _)| *m).expect("the leak is found");
    let after_leak_start = first - leak_start;
    assert!(after_leak_start > 0, "no false alarm before the leak (found at minute {first})");
    assert!(after_leak_start <= 3 * DAY, "found {:.1} days into the leak", after_leak_start as f64 / DAY as f64);
    // Once found it holds to the end (no flapping), and it reports the rate: 2 GiB / 14 days ≈ 146 MiB/day.
    let states: Vec<bool> =
        verdicts.iter().filter(|(m, _)| *m >= first).map(|(_, v)| v.creeping.is_creeping()).collect();
    assert!(states.iter().all(|s| *s), "flapped after detection");
    let Some((_, last)) = verdicts.last() else { panic!("verdicts") };
    let CreepVerdict::Creeping(c) = &last.creeping else { panic!("{:?}", last.creeping) };
    let rate_mib = c.rate_per_day as f64 / MIB as f64;
    assert!((rate_mib - 146.3).abs() < 15.0, "rate {rate_mib:.1} MiB/day");
    // The fit spans the 3-day window: from → to rises by about three days' worth.
    let rise_mib = (c.to - c.from) as f64 / MIB as f64;
    assert!((rise_mib - 3.0 * 146.3).abs() < 60.0, "rise {rise_mib:.0} MiB: {c:?}");
    println!(
        "leak found {:.2} days after it began; final rate {rate_mib:.1} MiB/day",
        after_leak_start as f64 / DAY as f64
    );
}

#[test]
fn a_local_llm_wiring_20_gb_of_gpu_memory_on_a_64_gb_mac_is_explained() {
    // 64 GB Mac at 5 GB wired; an LLM runner wires 20 GB of GPU memory from hour 26 to hour 28.
    let (start, stop) = (26 * 60, 28 * 60);
    let running = |m: i64| (start..stop).contains(&m);
    let points = series(
        2 * DAY,
        |m| if running(m) { 25 * GIB } else { 5 * GIB },
        |m| {
            if running(m) { 20 * GIB } else { 0 }
        },
    );
    let suspects = |m: i64| if running(m) { with_gpu(t0(), 20 * GIB) } else { quiet(t0()) };
    let verdicts = replay(&points, 64 * GIB, 60, 10, suspects);
    for (m, v) in verdicts.iter().filter(|(m, _)| running(*m) && *m > start + 15) {
        assert_eq!(v.wired_level.level, WiredLevel::Normal, "minute {m}");
        assert_eq!(v.wired_level.unexplained_level, Some(WiredLevel::High), "25 of 64 GB is 39 %");
        assert_eq!(v.wired_level.explained_by, vec![("GPU memory in use".to_owned(), 20 * GIB)]);
    }
    for (m, v) in verdicts.iter().filter(|(m, _)| *m > stop + 15) {
        // 5 GB is under the typical range for 64 GB (9 % is 5.8 GB): low, and nothing explains it away.
        assert_eq!(v.wired_level.level, WiredLevel::Low, "minute {m}: released");
        assert_eq!(v.wired_level.unexplained_level, None);
    }
    assert!(verdicts.iter().filter_map(|(_, v)| v.jump.as_ref()).all(|j| j.is_explained()));
}

#[test]
fn noise_around_a_threshold_does_not_flap() {
    // 16 GB: the elevated threshold is 3.04 GB; wired sits right on it with ±400 MB of noise for a week.
    let mut noise = Noise(99);
    let points = series(7 * DAY, |_| (3_113 * MIB).saturating_add_signed(noise.next(400 * MIB)), |_| 0);
    let verdicts = replay(&points, 16 * GIB, 30, 5, |_| quiet(t0()));
    let levels = transitions(verdicts.iter().map(|(_, v)| v.wired_level.level));
    assert!(levels <= 2, "level changed {levels} times in {} evaluations", verdicts.len());
    assert!(verdicts.iter().all(|(_, v)| !v.creeping.is_creeping()));
    assert!(verdicts.iter().all(|(_, v)| v.jump.is_none()));
}

#[test]
fn thresholds_scale_with_ram() {
    for ram_gib in [8u64, 16, 64, 128] {
        let total = ram_gib * GIB;
        let at = t0();
        let cases = [(0.15, WiredLevel::Normal), (0.22, WiredLevel::Elevated), (0.30, WiredLevel::High)];
        for (share, want) in cases {
            let wired = (total as f64 * share) as u64;
            let v = verdict::wired_level(wired, total, &quiet(at), &Config::default().wired, None);
            assert_eq!(v.level, want, "{ram_gib} GB at {share}");
            assert_eq!(v.expected_max, (total as f64 * 0.19).round() as u64);
            assert_eq!(v.high_above, (total as f64 * 0.25).round() as u64);
        }
    }
    // The field guidance for 16 GB: 1.5–3 GB normal, above 4 GB high.
    let v = verdict::wired_level(2 * GIB, 16 * GIB, &quiet(t0()), &Config::default().wired, None);
    assert_eq!((v.expected_min / MIB, v.expected_max / MIB, v.high_above / MIB), (1474, 3112, 4096));
}

#[test]
fn pressure_verdict_carries_headroom_figures() {
    let s = snapshot(16 * GIB, 3 * GIB, t0());
    let p = verdict::pressure(&s);
    assert_eq!(p.effective_ram, 13 * GIB);
    assert!((p.app_and_wired_percent - 43.75).abs() < 1e-9, "{}", p.app_and_wired_percent);
    assert!(p.basis.contains("RAM available"), "{}", p.basis);
}

#[test]
fn a_root_owned_vm_of_unknown_size_is_named_in_the_verdict_advice_and_notification_not_counted_as_zero() {
    use headroom_core::suspects::{Probe, Resident};
    // 16 GB at 2.5 GB wired; at hour 2 a VM whose size the kernel refuses (root's vmware-vmx) starts and wired goes to 6.5 GB.
    let start = 120;
    let points = series(4 * 60, |m| if m >= start { 6_500 * MIB } else { 2_500 * MIB }, |_| 0);
    let suspects = |m: i64| {
        if m < start {
            return quiet(t0());
        }
        let mut s = with_vm(t0() + time::Duration::minutes(start), 0);
        if let Probe::Found(vms) = &mut s.vms {
            vms[0].name = "vmware-vmx".into();
            vms[0].kind = "VMware";
            vms[0].resident = Resident::refused(Some(0));
        }
        s
    };
    let replayed = common::replay(&points, 16 * GIB, 60, 10, suspects);
    let (minute, _, last) = replayed.last().expect("verdicts");
    let named = "VMware `vmware-vmx` (pid 4242), size unknown (owned by root)";
    assert_eq!(last.wired_level.level, WiredLevel::High, "an unknown size lowers nothing");
    assert!(last.wired_level.explained_by.is_empty());
    assert_eq!(last.wired_level.unknown_size, vec![named.to_owned()]);
    let advice = verdict::advice::advice(last, &suspects(*minute), None);
    assert!(
        advice[0].starts_with(
            "Quit the VMware VM `vmware-vmx` (pid 4242) to give back its memory (size unknown (owned by root))"
        ),
        "{advice:?}"
    );
    assert!(advice.iter().any(|a| a.contains("a VM of unknown size is running") && a.contains(named)), "{advice:?}");
    assert!(advice.iter().all(|a| !a.contains("0 B") && !a.contains("nothing running that explains")), "{advice:?}");

    let config = Config::default().notifications;
    let mut state = headroom_core::notify::State::default();
    let level_sent: Vec<headroom_core::notify::Notification> = replayed
        .iter()
        .flat_map(|(_, snapshot, v)| headroom_core::notify::decide(&mut state, v, snapshot, &config, snapshot.at))
        .filter(|n| n.kind == headroom_core::notify::Kind::WiredLevel)
        .collect();
    assert_eq!(level_sent.len(), 1, "{level_sent:?}");
    assert!(
        level_sent[0].body.ends_with(&format!("A VM is running that may hold it: {named}.")),
        "{}",
        level_sent[0].body
    );
}

#[test]
fn reserved_huge_pages_get_their_own_advice_instead_of_auditing_drivers() {
    use headroom_core::model::WiredParts;
    // 16 GB at 6 GB wired, high; 4 GB of it are huge pages reserved with vm.nr_hugepages.
    let points = series(4 * 60, |_| 6 * GIB, |_| 0);
    let replayed = common::replay(&points, 16 * GIB, 60, 10, |_| quiet(t0()));
    let (_, _, last) = replayed.last().expect("verdicts");
    assert_eq!(last.wired_level.level, WiredLevel::High);
    let parts = WiredParts { hugetlb: 4 * GIB, other: GIB, slab_unreclaimable: GIB, ..WiredParts::default() };
    assert_eq!(parts.named()[0], ("huge pages reserved", 4 * GIB), "the largest part leads");
    let advice = verdict::advice::advice(last, &quiet(t0()), Some(&parts));
    assert!(
        advice
            .iter()
            .any(|a| a.starts_with("Huge pages hold 4.0 GB of the 6.0 GB wired") && a.contains("vm.nr_hugepages=0")),
        "{advice:?}"
    );
    assert!(advice.iter().all(|a| !a.contains("audit security software")), "{advice:?}");
    // Without the parts (macOS), the generic advice stays.
    let generic = verdict::advice::advice(last, &quiet(t0()), None);
    assert!(generic.iter().any(|a| a.contains("audit security software")), "{generic:?}");
}
