//! The dropdown's content tested by value: order, labels, enabled state, before and after samples.
use super::*;
use crate::suspects::{Probe, Resident, VmProcess};
use crate::ui::top_section::TOP_ROWS;

const GIB: u64 = 1 << 30;

fn snapshot() -> Snapshot {
    super::super::fixture_snapshot()
}

#[test]
fn activity_monitors_categories_in_order_then_the_actions() {
    let s = snapshot();
    let level = crate::verdict::wired_level(
        s.memory.wired,
        s.memory.total,
        &Suspects::unknown(s.at, "t"),
        &crate::config::Config::default().wired,
        None,
    );
    let state = MenuState {
        snapshot: Some(&s),
        level: Some(&level),
        units: "GB",
        purge_unavailable: Some("coming in a later version".into()),
        sparkline_span: "6 h".into(),
        ..MenuState::default()
    };
    let items = build(&state);
    // The GPU line is there only on Apple Silicon (tested in suspects::gpu); the top rows in top_section.
    let shown = |i: &&Item| {
        i.kind != Kind::Separator
            && i.id != Some(ItemId::GpuBudget)
            && i.id != Some(ItemId::TopActions)
            && !i.id.is_some_and(|id| TOP_ROWS.contains(&id))
    };
    let labels: Vec<&str> = items.iter().filter(shown).map(|i| i.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "Headroom 6.0 GB — 38 % of RAM",
            "Memory Pressure: Warning — 82 % used",
            "App Memory: 3.8 GB",
            "Wired Memory: 2.4 GB",
            "Compressed: 6.9 GB",
            "Cached Files: 2.2 GB",
            "Free: 716 MB",
            "Swap Used: 0 MB",
            "Top memory: looking…",
            "Wired 2.4 GB — normal for 16.0 GB (1.4–3.0 GB)",
            "Holding it: looking…",
            "Used and wired, last 6 h",
            "Purge Cached Files… (coming in a later version)",
            "Mark Baseline",
            "Compare with Baseline",
            "Notifications",
            "Send Test Notification",
            "Snooze for a Day (nothing sent yet)",
            "Show History…",
            "Open Settings",
            "Launch at Login",
            "About Headroom",
            "Quit Headroom",
        ]
    );
    let enabled = |id: ItemId| items.iter().find(|i| i.id == Some(id)).map(|i| i.enabled);
    assert_eq!(enabled(ItemId::Purge), Some(false), "disabled with its reason");
    assert_eq!(enabled(ItemId::CompareBaseline), Some(false), "nothing to compare yet");
    assert_eq!(enabled(ItemId::MarkBaseline), Some(true));
    assert_eq!(enabled(ItemId::Quit), Some(true));
    // Information reads as text: enabled (drawn legibly, not greyed), with no action behind it.
    for id in [ItemId::Pressure, ItemId::Wired, ItemId::WiredVerdict, ItemId::TopSuspect, ItemId::Sparkline] {
        assert_eq!(enabled(id), Some(true), "{id:?}");
    }
    let kind = |id: ItemId| items.iter().find(|i| i.id == Some(id)).map(|i| i.kind.clone());
    assert_eq!(kind(ItemId::Wired), Some(Kind::Info), "information, not an action");
    assert_eq!(kind(ItemId::Sparkline), Some(Kind::Image));
}

#[test]
fn the_top_suspect_and_explanation_show_when_there_is_one() {
    let s = snapshot();
    let mut suspects = Suspects::unknown(s.at, "t");
    suspects.vms = Probe::Found(vec![VmProcess {
        pid: 7,
        name: "prl_vm_app".into(),
        kind: "Parallels",
        resident: Resident::Bytes(4 * GIB),
        started: None,
    }]);
    let mut level =
        crate::verdict::wired_level(6 * GIB, 16 * GIB, &suspects, &crate::config::Config::default().wired, None);
    level.wired = 6 * GIB;
    let state = MenuState {
        snapshot: Some(&s),
        level: Some(&level),
        suspects: Some(&suspects),
        units: "GB",
        notifications: true,
        ..MenuState::default()
    };
    let items = build(&state);
    let find = |id: ItemId| items.iter().find(|i| i.id == Some(id)).cloned().expect("item");
    assert_eq!(find(ItemId::TopSuspect).label, "Holding it: Parallels `prl_vm_app` (pid 7) 4.0 GB");
    assert!(
        find(ItemId::WiredVerdict).label.ends_with("explained by Parallels `prl_vm_app` (pid 7)"),
        "{}",
        find(ItemId::WiredVerdict).label
    );
    assert_eq!(find(ItemId::Notifications).kind, Kind::Check(true));
    let mut busy = suspects.clone();
    busy.gpu = Probe::Found(crate::suspects::GpuMemory { in_use: 18_200 << 20, limit: Some(21_800 << 20) });
    let items = build(&MenuState { suspects: Some(&busy), ..state });
    let gpu = items.iter().find(|i| i.id == Some(ItemId::GpuBudget)).expect("known and above 0");
    assert_eq!(gpu.label, "GPU memory 17.8 GB of 21.3 GB limit");
    assert_eq!(find(ItemId::LaunchAtLogin).kind, Kind::Check(false));
}

#[test]
fn the_purge_item_shows_the_estimate_then_progress_then_the_result() {
    let s = snapshot();
    let find = |state: &MenuState<'_>| build(state).into_iter().find(|i| i.id == Some(ItemId::Purge)).expect("item");
    let idle = MenuState { snapshot: Some(&s), units: "GB", ..MenuState::default() };
    assert_eq!(find(&idle).label, "Purge Cached Files… (2.2 GB reclaimable)");
    assert!(find(&idle).enabled);
    let running = MenuState { purging: true, ..idle.clone() };
    assert_eq!((find(&running).label.as_str(), find(&running).enabled), ("Purging…", false));
    let done = MenuState { purge_result: Some("freed 2.1 GB".into()), ..idle.clone() };
    assert_eq!(find(&done).label, "Purge Cached Files… — last: freed 2.1 GB");
}

#[test]
fn snooze_names_the_last_kind_sent_and_says_until_when() {
    let find = |state: &MenuState<'_>, id: ItemId| {
        build(state).into_iter().find(|i| i.id == Some(id)).map(|i| (i.label, i.enabled)).expect("item")
    };
    let on = MenuState { units: "GB", notifications: true, ..MenuState::default() };
    assert_eq!(find(&on, ItemId::Snooze), ("Snooze for a Day (nothing sent yet)".into(), false));
    let sent = MenuState { snooze: Some(SnoozeItem { kind: "wired-jump".into(), until: None }), ..on.clone() };
    assert_eq!(find(&sent, ItemId::Snooze), ("Snooze wired-jump alerts for a day".into(), true));
    let off = MenuState { notifications: false, ..sent.clone() };
    assert!(!find(&off, ItemId::Snooze).1, "nothing to snooze while notifications are off");
    let snoozed =
        MenuState { snooze: Some(SnoozeItem { kind: "wired-jump".into(), until: Some("14:05".into()) }), ..on.clone() };
    assert_eq!(find(&snoozed, ItemId::Snooze), ("wired-jump alerts snoozed until 14:05".into(), false));
    let tested = MenuState { notification_test: Some("shown by dunst 1.9.0".into()), ..on };
    assert_eq!(
        find(&tested, ItemId::TestNotification),
        ("Send Test Notification — last: shown by dunst 1.9.0".into(), true)
    );
}

#[test]
fn before_the_first_sample() {
    let items = build(&MenuState { units: "GB", ..MenuState::default() });
    assert_eq!(items[0].label, "Headroom: reading…");
    assert_eq!(items[1].label, "Memory Pressure: reading…");
    let with_snapshot = build(&MenuState { units: "GB", snapshot: Some(&snapshot()), ..MenuState::default() });
    let ids = |items: &[Item]| items.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(&items), ids(&with_snapshot), "the same items before and after the first sample");
    assert!(items.iter().any(|i| i.label == "Wired Memory: —"));
    let mark = items.iter().find(|i| i.id == Some(ItemId::MarkBaseline)).expect("item");
    assert!(!mark.enabled);
}

#[test]
fn a_trend_in_words_is_a_plain_row_and_an_image_names_the_span_it_covers() {
    let s = snapshot();
    let words = MenuState {
        snapshot: Some(&s),
        sparkline_text: Some("Last 2 min: wired 1 → 2 GB".into()),
        ..MenuState::default()
    };
    let row = build(&words).into_iter().find(|i| i.id == Some(ItemId::Sparkline)).expect("the row");
    assert_eq!((row.kind, row.label.as_str()), (Kind::Info, "Last 2 min: wired 1 → 2 GB"));
    let image = MenuState { snapshot: Some(&s), sparkline_span: "2 min".into(), ..MenuState::default() };
    let row = build(&image).into_iter().find(|i| i.id == Some(ItemId::Sparkline)).expect("the row");
    assert_eq!((row.kind, row.label.as_str()), (Kind::Image, "Used and wired, last 2 min"));
}

#[test]
fn the_three_largest_holders_of_wired_memory_follow_the_verdict() {
    use crate::owners::{OwnerKind, WiredOwner};
    let s = snapshot();
    let mut suspects = Suspects::unknown(s.at, "t");
    let owner = |kind, name: &str, pid, mib: u64| WiredOwner { kind, name: name.into(), pid, bytes: mib << 20 };
    suspects.holders.found = vec![
        owner(OwnerKind::Cgroup, "system.slice/docker.service", None, 300),
        owner(OwnerKind::Locked, "pgbench", Some(8717), 200),
        owner(OwnerKind::Cgroup, "user.slice", None, 20),
        owner(OwnerKind::Locked, "small", Some(9), 10),
    ];
    let state = MenuState { snapshot: Some(&s), suspects: Some(&suspects), units: "GB", ..MenuState::default() };
    let items = build(&state);
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    let verdict = items.iter().position(|i| i.id == Some(ItemId::WiredVerdict)).expect("the verdict row");
    assert_eq!(
        labels[verdict + 1..verdict + 4],
        [
            "Held by: kernel memory of docker.service — 300 MB",
            "         locked by `pgbench` (pid 8717) — 200 MB",
            "         kernel memory of user.slice — 20 MB",
        ]
    );
    assert!(!labels.iter().any(|l| l.contains("small")), "three rows at most");
    // Before the first sample nothing is reconciled, so no holder row is shown.
    let before = build(&MenuState { suspects: Some(&suspects), ..MenuState::default() });
    assert!(!before.iter().any(|i| HOLDER_ROWS.iter().any(|id| i.id == Some(*id))));
}

#[test]
fn paging_is_said_on_the_swap_row_only_while_the_machine_pages() {
    let s = snapshot();
    let row = |paging| {
        build(&MenuState { snapshot: Some(&s), units: "GB", paging, ..MenuState::default() })
            .into_iter()
            .find(|i| i.id == Some(ItemId::Swap))
            .map(|i| i.label)
            .expect("the swap row")
    };
    assert!(!row(None).contains("paging"));
    assert!(!row(Some((0.0, 0.0))).contains("paging"), "quiet: nothing said");
    let paging = row(Some((f64::from(1u32 << 20), f64::from(4u32 << 20))));
    assert!(paging.ends_with(" — paging 4 MB/s out, 1 MB/s in"), "{paging}");
    // The same rows either way: the menu changes in place.
    let ids = |paging| {
        build(&MenuState { snapshot: Some(&s), paging, ..MenuState::default() })
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(None), ids(Some((1e6, 1e6))));
}
