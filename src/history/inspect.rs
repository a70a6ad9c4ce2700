//! Looks at a history database from outside, read-only, for `headroom doctor`: integrity, rows, size.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::HistoryError;

/// What `PRAGMA integrity_check` said ("ok" when healthy), the sample rows, and the file's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub integrity: String,
    pub rows: u64,
    pub bytes: u64,
}

/// Opens `path` read-only (never migrating, moving or writing it) and checks it.
pub fn inspect(path: &Path) -> Result<Inspection, HistoryError> {
    let io = |source| HistoryError::Io { path: path.to_owned(), source };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    // The first row is "ok", or the first of the problems found.
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    let rows: i64 = conn.query_row("SELECT count(*) FROM samples", [], |row| row.get(0))?;
    Ok(Inspection { integrity, rows: u64::try_from(rows).unwrap_or(0), bytes })
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
        assert_eq!((found.integrity.as_str(), found.rows), ("ok", 0));
        assert!(found.bytes > 0);
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"this is not a database, only text long enough to be read as a header").expect("write");
        assert!(inspect(&junk).is_err(), "not a database is an error, not a pass");
    }
}
