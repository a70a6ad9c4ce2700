//! Looks at a history database from outside, read-only, for `headroom doctor`: integrity, rows, size.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::HistoryError;

/// What `PRAGMA integrity_check` said ("ok" when healthy), the sample rows, the file's size, and
/// the times (ms since the epoch, oldest first) of the latest boot's last raw samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub integrity: String,
    pub rows: u64,
    pub bytes: u64,
    pub recent_raw_ms: Vec<i64>,
}

/// Raw samples looked at for the recorded cadence: ten minutes at the default 2 s.
const RECENT_RAW: i64 = 300;

/// Opens `path` read-only (never migrating, moving or writing it) and checks it.
pub fn inspect(path: &Path) -> Result<Inspection, HistoryError> {
    let io = |source| HistoryError::Io { path: path.to_owned(), source };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    // The first row is "ok", or the first of the problems found.
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    let rows: i64 = conn.query_row("SELECT count(*) FROM samples", [], |row| row.get(0))?;
    let mut recent = conn.prepare(
        "SELECT at_ms FROM samples WHERE resolution_s = 0 AND boot_id =
             (SELECT boot_id FROM samples WHERE resolution_s = 0 ORDER BY at_ms DESC LIMIT 1)
         ORDER BY at_ms DESC LIMIT ?1",
    )?;
    let mut recent_raw_ms = recent.query_map([RECENT_RAW], |row| row.get(0))?.collect::<Result<Vec<i64>, _>>()?;
    recent_raw_ms.reverse();
    Ok(Inspection { integrity, rows: u64::try_from(rows).unwrap_or(0), bytes, recent_raw_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_healthy_database_and_a_file_that_is_not_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(super::super::DB_FILE);
        drop(super::super::Store::open(&path).expect("created"));
        let found = inspect(&path).expect("readable");
        assert_eq!((found.integrity.as_str(), found.rows, found.recent_raw_ms.len()), ("ok", 0, 0));
        assert!(found.bytes > 0);
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"this is not a database, only text long enough to be read as a header").expect("write");
        assert!(inspect(&junk).is_err(), "not a database is an error, not a pass");
    }
}
