//! The history's span query (`history`, `report`): a version 4 database migrates through version 5's indexes to version 6's table in read order, and rows come back in boot and sample order without a sort; the paging columns (version 10) and their downsampling.

use headroom_core::history::{self, MIGRATIONS, ROWS_QUERY, Store, TABLE_QUERY};
use rusqlite::Connection;

/// A version 4 database with two boots whose samples were written out of order, one row before the span.
fn version_4(path: &std::path::Path) {
    let conn = Connection::open(path).expect("open");
    for sql in &MIGRATIONS[..4] {
        conn.execute_batch(sql).expect("schema up to v4");
    }
    conn.pragma_update(None, "user_version", 4).expect("version");
    conn.execute_batch(
        "INSERT INTO boots VALUES ('later', 'macos', 2000000, 2900000, 3, 9), ('earlier', 'macos', 1000000, 1900000, 2, 8);",
    )
    .expect("boots");
    // (boot, resolution, seq, at_ms): the later boot first, a minute row after raw rows, one row before 1,000,500.
    for (boot, resolution, seq, at) in [
        ("later", 0, 7, 2_000_700),
        ("later", 0, 5, 2_000_500),
        ("earlier", 0, 9, 1_000_900),
        ("earlier", 60, 2, 1_000_600),
        ("earlier", 600, 0, 1_000_000),
        ("earlier", 0, 8, 1_000_800),
    ] {
        conn.execute(
            "INSERT INTO samples VALUES (?1, ?2, ?3, ?4, 16, 4, 2, 1, 3, 6, 0, 0, 0, 2, 7, 1, 0, 5)",
            rusqlite::params![boot, resolution, seq, at],
        )
        .expect("sample");
    }
}

#[test]
fn a_version_4_database_migrates_to_the_read_order_and_reads_a_span_in_boot_then_sequence_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    version_4(&path);
    let (store, report) = Store::open(&path).expect("opens");
    assert_eq!((report.migrated_from, history::current_version()), (4, 10));
    let rows = store.rows(1_000_500, None).expect("rows");
    let order: Vec<(&str, i64)> = rows.iter().map(|r| (r.boot_id.as_str(), r.seq)).collect();
    assert_eq!(order, vec![("earlier", 2), ("earlier", 8), ("earlier", 9), ("later", 5), ("later", 7)]);
    assert_eq!(rows[0].headroom, Some(5), "v4's columns survive");
    // The table's narrower read walks the same rows in the same order.
    let mut table = Vec::new();
    store.each_table_row(1_000_500, None, |row| table.push((row.at, row.resolution_s, row.app))).expect("table rows");
    let whole: Vec<_> = rows.iter().map(|r| (r.at, r.resolution_s, r.app)).collect();
    assert_eq!(table, whole);
    let later: Vec<i64> = store.rows(0, Some("later")).expect("rows").iter().map(|r| r.seq).collect();
    assert_eq!(later, vec![5, 7]);
    assert!(store.rows(3_000_000, None).expect("rows").is_empty(), "no boot was seen after the span starts");
}

#[test]
fn the_span_query_is_answered_from_indexes_without_a_sort() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    version_4(&path);
    drop(Store::open(&path).expect("migrates"));
    let conn = Connection::open(&path).expect("open");
    for query in [ROWS_QUERY, TABLE_QUERY] {
        let mut explain = conn.prepare(&format!("EXPLAIN QUERY PLAN {query}")).expect("plan");
        let plan: Vec<String> = explain
            .query_map(rusqlite::params![0i64, None::<String>], |r| r.get::<_, String>(3))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert!(plan.iter().all(|step| !step.contains("TEMP B-TREE")), "SQLite sorts: {plan:?}");
        // Each boot's samples are one walk along the table from the span's first sequence.
        let walk = "SEARCH s USING PRIMARY KEY (boot_id=? AND seq>?)";
        assert!(plan.iter().any(|step| step.contains(walk)), "{plan:?}");
    }
}

#[test]
fn paging_counters_are_stored_and_a_downsampled_row_keeps_the_last_of_its_span() {
    use headroom_core::config;
    use headroom_core::history::Recorder;
    use headroom_core::model::paging::Paging;
    use std::time::{Duration, Instant};
    let settings = config::History {
        raw_for: config::Span::minutes(10),
        minute_for: config::Span::days(1),
        ten_minute_for: config::Span::days(30),
        flush_every: config::Span::secs(60),
    };
    let mut recorder = Recorder::with_store(Store::open_in_memory().expect("memory"), &settings);
    let start = Instant::now();
    let t0 = time::OffsetDateTime::from_unix_timestamp(1_780_000_020).expect("valid");
    let text = "MemTotal: 16777216 kB\nMemFree: 4194304 kB\nMemAvailable: 8388608 kB\nBuffers: 0 kB\n\
        Cached: 2097152 kB\nAnonPages: 6291456 kB\nShmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
    for i in 0..24u64 {
        let at = t0 + time::Duration::seconds(i as i64 * 5);
        let mut s = headroom_core::model::analyze::analyze(text, None, at).expect("fixture");
        s.boot_id = "b1".into();
        // The minute's last sample has no counters (a read that failed): the one before it stands.
        s.paging = (i != 11).then_some(Paging { swapped_in: i * 4096, swapped_out: i * 8192 });
        recorder.record(&s, start + Duration::from_secs(i * 5));
    }
    recorder.flush_at(start + Duration::from_secs(3600), t0 + time::Duration::hours(1));
    let rows = recorder.store().expect("store").rows(0, None).expect("rows");
    assert_eq!(rows.iter().map(|r| r.resolution_s).collect::<Vec<_>>(), vec![60, 60]);
    // 1_780_000_020 is on a minute: samples 0–11 fill the first, 12–23 the next.
    assert_eq!((rows[0].swapped_in, rows[0].swapped_out), (Some(10 * 4096), Some(10 * 8192)));
    assert_eq!((rows[1].swapped_in, rows[1].swapped_out), (Some(23 * 4096), Some(23 * 8192)));
    let json = serde_json::to_value(&rows[1]).expect("json");
    assert_eq!(json["swapped_out"], 23 * 8192);
}
