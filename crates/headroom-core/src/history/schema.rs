//! The history database's schema as forward migrations, applied in order and tracked by `PRAGMA user_version`.

use rusqlite::Connection;

use super::HistoryError;

/// Each entry upgrades the schema by one version: `MIGRATIONS[0]` creates version 1, and so on.
/// Never edit a shipped entry; add a new one.
pub const MIGRATIONS: &[&str] = &[
    // Version 1: samples per boot (raw and downsampled) and the boots they belong to.
    "CREATE TABLE boots (
        boot_id        TEXT PRIMARY KEY,
        platform       TEXT NOT NULL,
        first_seen_ms  INTEGER NOT NULL,
        last_seen_ms   INTEGER NOT NULL,
        baseline_wired INTEGER NOT NULL,
        baseline_used  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE samples (
        boot_id      TEXT NOT NULL,
        resolution_s INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        at_ms        INTEGER NOT NULL,
        total        INTEGER NOT NULL,
        app          INTEGER NOT NULL,
        wired        INTEGER NOT NULL,
        compressed   INTEGER NOT NULL,
        cached_files INTEGER NOT NULL,
        free         INTEGER NOT NULL,
        swap_used    INTEGER NOT NULL,
        swap_total   INTEGER NOT NULL,
        pressure     INTEGER NOT NULL,
        wired_max    INTEGER NOT NULL,
        used_max     INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        PRIMARY KEY (boot_id, resolution_s, seq)
    ) WITHOUT ROWID;
    CREATE INDEX samples_by_time ON samples (resolution_s, at_ms);",
    // Version 2: events (verdict changes, purges with before/after, notifications sent).
    "CREATE TABLE events (
        id      INTEGER PRIMARY KEY,
        at_ms   INTEGER NOT NULL,
        boot_id TEXT,
        kind    TEXT NOT NULL,
        detail  TEXT NOT NULL
    );
    CREATE INDEX events_by_time ON events (at_ms);
    CREATE INDEX events_by_kind ON events (kind, at_ms);",
    // Version 3: how much of the wired memory running VMs and GPU work accounted for, so a
    // creeping trend can leave those hours out.
    "ALTER TABLE samples ADD COLUMN explained INTEGER NOT NULL DEFAULT 0;",
    // Version 4: the headroom figure (bytes apps can still take; the lowest in a downsampled row's
    // span). NULL for rows recorded before it, and for sources without one.
    "ALTER TABLE samples ADD COLUMN headroom INTEGER;",
    // Version 5: rows in boot and sample order straight from indexes, so `history` and `report`
    // read a span without sorting it (the boots by when they started, each boot's samples by
    // sequence from the first one in the span). UNIQUE because boot_id already is: it tells
    // SQLite each index entry is one boot, without which it sorts each boot's samples again.
    "CREATE UNIQUE INDEX boots_by_start ON boots (first_seen_ms, boot_id);
    CREATE INDEX samples_by_boot_seq ON samples (boot_id, seq);",
    // Version 6: samples stored in the order they are read. A WITHOUT ROWID table is kept in its
    // primary key's order, so keying on (boot_id, seq, resolution_s) — the same columns, so the
    // same rows are unique — lets a span be read as one walk along the table, where version 5's
    // `samples_by_boot_seq` cost a second B-tree search per row (a third of `history --since 14d`
    // on a year's database). That index goes with the old table; `next_seq` becomes one search.
    "CREATE TABLE samples_v6 (
        boot_id      TEXT NOT NULL,
        resolution_s INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        at_ms        INTEGER NOT NULL,
        total        INTEGER NOT NULL,
        app          INTEGER NOT NULL,
        wired        INTEGER NOT NULL,
        compressed   INTEGER NOT NULL,
        cached_files INTEGER NOT NULL,
        free         INTEGER NOT NULL,
        swap_used    INTEGER NOT NULL,
        swap_total   INTEGER NOT NULL,
        pressure     INTEGER NOT NULL,
        wired_max    INTEGER NOT NULL,
        used_max     INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        explained    INTEGER NOT NULL DEFAULT 0,
        headroom     INTEGER,
        PRIMARY KEY (boot_id, seq, resolution_s)
    ) WITHOUT ROWID;
    INSERT INTO samples_v6 (boot_id, resolution_s, seq, at_ms, total, app, wired, compressed, cached_files,
        free, swap_used, swap_total, pressure, wired_max, used_max, count, explained, headroom)
    SELECT boot_id, resolution_s, seq, at_ms, total, app, wired, compressed, cached_files,
        free, swap_used, swap_total, pressure, wired_max, used_max, count, explained, headroom
    FROM samples ORDER BY boot_id, seq, resolution_s;
    DROP TABLE samples;
    ALTER TABLE samples_v6 RENAME TO samples;
    CREATE INDEX samples_by_time ON samples (resolution_s, at_ms);",
    // Version 7: when the machine booted (the kernel's boot time, noted once by the live recorder),
    // beside when recording of that boot began: the report's boots table says both. NULL when not known.
    "ALTER TABLE boots ADD COLUMN booted_ms INTEGER;",
    // Version 8: who held wired memory over time (history/holders.rs): a row when a holder is new,
    // moved, gone or six hours steady, so "which one grew" can be answered from the history.
    "CREATE TABLE holders (
        at_ms   INTEGER NOT NULL,
        boot_id TEXT NOT NULL,
        kind    TEXT NOT NULL,
        name    TEXT NOT NULL,
        bytes   INTEGER NOT NULL
    );
    CREATE INDEX holders_by_time ON holders (at_ms);",
    // Version 9: who used memory over time (history/apps.rs): an app's figure when it is new,
    // moves, is gone, or hourly steady, so `top --since` and the leak verdict have a series.
    "CREATE TABLE apps (
        at_ms   INTEGER NOT NULL,
        boot_id TEXT NOT NULL,
        name    TEXT NOT NULL,
        bytes   INTEGER NOT NULL
    );
    CREATE INDEX apps_by_time ON apps (at_ms);",
    // Version 10: paging — bytes swapped in and out since boot as of the row (the last in a
    // downsampled row's span: the counters only grow within a boot), so rates and swap written
    // per day come from differences. NULL for rows recorded before it and where there is no counter.
    "ALTER TABLE samples ADD COLUMN swapped_in INTEGER;
    ALTER TABLE samples ADD COLUMN swapped_out INTEGER;",
];

/// The version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings `conn` up to the current version, each step in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<u32, HistoryError> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > current_version() {
        return Err(HistoryError::NewerSchema { found, known: current_version() });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, "history schema migrated");
    }
    Ok(found)
}

/// Inserts (or replaces) one samples row; shared by the recorder's batches and by downsampling.
pub(super) const INSERT_SAMPLE: &str = "INSERT OR REPLACE INTO samples (boot_id, resolution_s, seq, at_ms, total, app,
     wired, compressed, cached_files, free, swap_used, swap_total, pressure, wired_max, used_max, count, explained, headroom,
     swapped_in, swapped_out)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
