//! Tests of the checks' verdicts: each status, figure and fix from recorded findings.

use super::*;
use crate::doctor::Status;

fn gaps(target_ms: u64, values: &[u64], repeated: usize) -> CadenceFinding {
    CadenceFinding {
        target: Duration::from_millis(target_ms),
        gaps: values.iter().map(|v| Duration::from_millis(*v)).collect(),
        repeated,
    }
}

#[test]
fn cadence_within_ten_percent_passes_app_nap_fails_and_cached_copies_warn() {
    let c = |found: &CadenceFinding| cadence("cadence", found).status;
    assert_eq!(c(&gaps(2000, &[2001, 1998, 2003], 0)), Status::Ok);
    assert_eq!(c(&gaps(2000, &[8000, 7900, 8100], 0)), Status::Fail, "App Nap's 8 s");
    assert_eq!(c(&gaps(2000, &[2001, 1998], 2)), Status::Warn, "every read the same counters");
    assert_eq!(c(&gaps(2000, &[2001, 1998], 1)), Status::Ok, "one repeat is a machine at rest");
    assert_eq!(c(&gaps(2000, &[], 0)), Status::Fail);
}

#[test]
fn the_recorded_cadence_is_judged_only_while_someone_records() {
    let now = 1_800_000_000_000;
    let steady: Vec<i64> = (0..30).map(|i| now - 60_000 + i * 2000).collect();
    let checked = recorded_cadence(&steady, now, Duration::from_secs(2)).expect("recent");
    assert_eq!((checked.name.as_str(), checked.status), ("recorded cadence", Status::Ok));
    let napped: Vec<i64> = (0..30).map(|i| now - 300_000 + i * 8000).collect();
    assert_eq!(recorded_cadence(&napped, now, Duration::from_secs(2)).map(|c| c.status), Some(Status::Fail));
    let old: Vec<i64> = steady.iter().map(|t| t - 3_600_000).collect();
    assert_eq!(recorded_cadence(&old, now, Duration::from_secs(2)), None, "nothing recorded lately");
    assert_eq!(recorded_cadence(&[], now, Duration::from_secs(2)), None);
}

#[test]
fn a_recorder_faster_than_the_setting_is_on_time_and_a_new_one_is_not_enough_yet() {
    let now = 1_800_000_000_000;
    // `headroom record --interval 1s` while sample_interval is 2s: as asked, not late.
    let every_second: Vec<i64> = (0..60).map(|i| now - 60_000 + i * 1000).collect();
    let checked = recorded_cadence(&every_second, now, Duration::from_secs(2)).expect("recent");
    assert_eq!(checked.status, Status::Ok, "{checked:?}");
    // Just started: one batch of one sample is not a cadence, and not a failure.
    let started = recorded_cadence(&[now - 1000], now, Duration::from_secs(2)).expect("recent");
    assert_eq!(started.status, Status::Warn);
    assert!(started.figure.starts_with("not enough yet: 1 sample"), "{started:?}");
}

#[test]
fn pressure_sources_and_history_states() {
    assert_eq!(pressure(&PressureBasis::KernelLevel(1)).status, Status::Ok);
    assert_eq!(pressure(&PressureBasis::Psi { some_avg10: 0.0, full_avg10: 0.0 }).status, Status::Ok);
    assert_eq!(pressure(&PressureBasis::MemAvailable { percent: 40.0 }).status, Status::Warn);
    assert_eq!(pressure(&PressureBasis::Unknown("none")).status, Status::Fail);
    assert_eq!(history(&HistoryFinding::Missing).status, Status::Warn);
    let healthy = HistoryFinding::Found { integrity: "ok".into(), samples: 10, bytes: 4096 };
    assert_eq!(history(&healthy).status, Status::Ok);
    let damaged = HistoryFinding::Found { integrity: "*** in database main ***".into(), samples: 10, bytes: 4096 };
    assert_eq!(history(&damaged).status, Status::Fail);
    assert_eq!(boot_id("", "kern.bootsessionuuid").status, Status::Fail);
}

#[test]
fn counters_that_do_not_add_up_fail_and_purge_rights_are_named() {
    let text = include_str!("../../../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
    let mut s = crate::model::analyze::analyze(text, None, time::OffsetDateTime::UNIX_EPOCH).expect("fixture");
    assert_eq!(counters(Ok(&s), "a capture").status, Status::Ok);
    s.memory.app = s.memory.total;
    assert_eq!(counters(Ok(&s), "a capture").status, Status::Fail);
    assert_eq!(counters(Err("no /proc".into()), "x").status, Status::Fail);
    let refused = PermissionCheck {
        include: IncludeStatus::Unreadable("permission denied".into()),
        sudo: SudoStatus::Refused("a password is required".into()),
    };
    assert_eq!(purge_permission(true, &refused, &[]).status, Status::Ok);
    let allowed = PermissionCheck { include: IncludeStatus::Included, sudo: SudoStatus::Allowed };
    assert_eq!(purge_permission(false, &allowed, &[]).status, Status::Ok);
    let asks = purge_permission(false, &refused, &[]);
    assert_eq!(asks.status, Status::Warn);
    assert!(asks.fix.as_deref().is_some_and(|f| f.contains("setup purge")));
    assert!(asks.figure.contains("a password is required"), "{}", asks.figure);
}

#[test]
fn no_notification_service_fails_and_turned_off_warns() {
    use crate::notify::deliver::DeliveryError;
    assert_eq!(notifications(Ok("dunst 1.9.0".into()), Service::Freedesktop).status, Status::Ok);
    let absent = notifications(
        Err(DeliveryError::NoService("org.freedesktop.Notifications: no owner".into())),
        Service::Freedesktop,
    );
    assert_eq!(absent.status, Status::Fail);
    assert!(absent.fix.as_deref().is_some_and(|f| f.contains("dunst")));
    let off =
        notifications(Err(DeliveryError::NotAllowed("denied in System Settings".into())), Service::NotificationCenter);
    assert_eq!(off.status, Status::Warn, "the user's choice is not a fault");
}

#[test]
fn a_mac_is_never_told_to_start_a_notification_server() {
    use crate::notify::deliver::DeliveryError;
    let slow = notifications(
        Err(DeliveryError::NoAnswer("Notification Center did not answer within 10 s".into())),
        Service::NotificationCenter,
    );
    assert_eq!(slow.status, Status::Warn, "a timeout is not a fault: {slow:?}");
    assert!(slow.fix.as_deref().is_some_and(|f| f.contains("notify --test")), "{slow:?}");
    let broken = notifications(
        Err(DeliveryError::NoService("cannot run /usr/bin/osascript: not found".into())),
        Service::NotificationCenter,
    );
    assert_eq!(broken.status, Status::Fail);
    for check in [slow, broken] {
        let fix = check.fix.unwrap_or_default();
        assert!(!fix.contains("GNOME") && !fix.contains("dunst") && !fix.contains("session bus"), "{fix}");
    }
}

#[test]
fn a_slow_suspects_source_warns_and_names_itself() {
    use crate::suspects::ProbeCost;
    let at = time::OffsetDateTime::UNIX_EPOCH;
    let cost = |source, ms| ProbeCost { source, took: Duration::from_millis(ms), at };
    let quick = suspects_cost(&[cost("libproc (VM processes)", 3), cost("kmutil showloaded", 900)]);
    assert_eq!(quick.status, Status::Ok);
    assert_eq!(quick.figure, "libproc (VM processes) 3 ms, kmutil showloaded 900 ms");
    let slow = suspects_cost(&[cost("libproc (VM processes)", 3), cost("kmutil showloaded", 4200)]);
    assert_eq!(slow.status, Status::Warn);
    assert!(slow.fix.as_deref().is_some_and(|f| f.starts_with("kmutil showloaded")), "{slow:?}");
}

#[test]
fn a_broken_config_fails_naming_the_file() {
    let path = std::path::Path::new("/home/me/.config/headroom/config.toml");
    let broken = crate::config::load_str("sample_interval = 2\n", path);
    let checked = config(Some(path), &broken);
    assert_eq!(checked.status, Status::Fail, "{checked:?}");
    assert!(checked.fix.as_deref().is_some_and(|f| f.contains("config.toml")));
    let typo = crate::config::load_str("sample_intervall = \"2s\"\n", path);
    assert_eq!(config(Some(path), &typo).status, Status::Warn);
}

#[test]
fn wired_holders_say_how_much_they_name_or_why_none() {
    use crate::owners::{Holders, OwnerKind, WiredOwner};
    let named = Holders {
        found: vec![WiredOwner { kind: OwnerKind::Kernel, name: "IOKit drivers".into(), pid: None, bytes: 3 << 30 }],
        unknown: vec!["kernel zones: their sizes are shown to root only".into()],
    };
    let check = wired_holders(&named.reconcile(4 << 30, None));
    assert_eq!(check.status, Status::Ok);
    assert_eq!(check.figure, "3.0 GB of 4.0 GB named by 1 holder(s); kernel zones: their sizes are shown to root only");
    let refused = Holders::unknown("the kernel's wired table needs root before macOS 13.3 (mach_memory_info refused)");
    let check = wired_holders(&refused.reconcile(4 << 30, None));
    assert_eq!(check.status, Status::Warn);
    assert!(check.figure.contains("before macOS 13.3"), "{check:?}");
}
