//! Changes one setting in config.toml as a person would by hand: every other line, comment and
//! blank kept (toml_edit), the file replaced whole by a rename so a crash never leaves half of it,
//! and a file that does not parse is never written — the user's text is not ours to lose.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::locate::line_column;

/// A value the menu writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingValue {
    Bool(bool),
    /// A TOML string ("GiB", "5s", "used-percent").
    Text(String),
}

/// Why a setting was not saved. The file is as it was in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}; fix it and the setting can be saved (the file was not changed)", path.display())]
    Broken { path: PathBuf, line: usize, message: String },
    #[error("{}: `{key}` is not in a table that can hold it (the file was not changed)", path.display())]
    NotATable { path: PathBuf, key: String },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Sets `key` (dotted: `notifications.enabled`) to `value` in the file at `path`. A missing file
/// starts as the commented defaults (what Open Settings writes), so the user finds the usual file.
pub fn save(path: &Path, key: &str, value: &SettingValue) -> Result<(), SaveError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => super::DEFAULT_FILE.to_owned(),
        Err(source) => return Err(SaveError::Read { path: path.to_owned(), source }),
    };
    let edited = edit(&text, key, value).map_err(|failure| match failure {
        EditFailure::Broken { at, message } => {
            SaveError::Broken { path: path.to_owned(), line: line_column(&text, at).0, message }
        }
        EditFailure::NotATable => SaveError::NotATable { path: path.to_owned(), key: key.to_owned() },
    })?;
    write_replacing(path, &edited).map_err(|source| SaveError::Write { path: path.to_owned(), source })
}

#[derive(Debug, PartialEq, Eq)]
enum EditFailure {
    Broken { at: usize, message: String },
    NotATable,
}

/// The text with `key` set; everything else byte for byte as it was.
fn edit(text: &str, key: &str, value: &SettingValue) -> Result<String, EditFailure> {
    let mut document = text.parse::<toml_edit::DocumentMut>().map_err(|error| EditFailure::Broken {
        at: error.span().map_or(0, |span| span.start),
        message: error.message().trim().to_owned(),
    })?;
    let mut parts: Vec<&str> = key.split('.').collect();
    let Some(last) = parts.pop() else { return Err(EditFailure::NotATable) };
    let mut table = document.as_table_mut() as &mut dyn toml_edit::TableLike;
    for part in parts {
        let entry = table.entry(part).or_insert_with(|| {
            let mut new = toml_edit::Table::new();
            new.set_implicit(false);
            toml_edit::Item::Table(new)
        });
        table = entry.as_table_like_mut().ok_or(EditFailure::NotATable)?;
    }
    let new = match value {
        SettingValue::Bool(on) => toml_edit::value(*on),
        SettingValue::Text(text) => toml_edit::value(text.as_str()),
    };
    match table.get_mut(last) {
        // Keeps the comment and spacing around the old value: only the value itself changes.
        Some(toml_edit::Item::Value(old)) => {
            let decor = old.decor().clone();
            if let Ok(mut value) = new.into_value() {
                *value.decor_mut() = decor;
                *old = value;
            }
        }
        Some(_) => return Err(EditFailure::NotATable),
        None => {
            table.insert(last, new);
        }
    }
    Ok(document.to_string())
}

/// Writes `text` to a new file beside `path` with the old file's permissions, then renames it over
/// `path`: readers see the old file or the new one, never a part.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
        if let Ok(old) = std::fs::metadata(path) {
            file.set_permissions(old.permissions())?;
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "# my settings\n[notifications]\n# I want quiet\nenabled = true   # for now\nmin_interval = \"6h\"\n";

    #[test]
    fn only_the_value_changes_and_every_comment_stays() {
        let edited = edit(FILE, "notifications.enabled", &SettingValue::Bool(false)).expect("edits");
        assert_eq!(edited, FILE.replace("enabled = true", "enabled = false"));
    }

    #[test]
    fn a_missing_key_and_table_are_added_without_touching_the_rest() {
        let edited =
            edit("# top\nunits = \"GiB\"\n", "notifications.enabled", &SettingValue::Bool(false)).expect("edits");
        assert!(edited.starts_with("# top\nunits = \"GiB\"\n"), "{edited}");
        let parsed: toml::Table = toml::from_str(&edited).expect("valid TOML");
        assert_eq!(parsed["notifications"]["enabled"].as_bool(), Some(false));
    }

    #[test]
    fn a_file_that_does_not_parse_is_not_written_and_the_error_names_the_line() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("config.toml");
        let broken = "[notifications]\nenabled = tru\n";
        std::fs::write(&path, broken).expect("written");
        let error = save(&path, "notifications.enabled", &SettingValue::Bool(false)).unwrap_err();
        assert!(matches!(error, SaveError::Broken { line: 2, .. }), "{error}");
        assert!(error.to_string().contains("config.toml:2"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);
    }

    #[test]
    fn a_missing_file_starts_as_the_commented_defaults() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("sub/config.toml");
        save(&path, "notifications.enabled", &SettingValue::Bool(false)).expect("saved");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            super::super::DEFAULT_FILE.replacen(
                "[notifications]\nenabled = true",
                "[notifications]\nenabled = false",
                1
            )
        );
        let loaded = super::super::load_str(&text, &path);
        assert_eq!(loaded.errors, Vec::new());
        assert!(!loaded.config.notifications.enabled);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("sub")).expect("listed").collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left beside it");
    }

    #[test]
    fn a_key_that_names_a_value_as_a_table_is_refused() {
        assert_eq!(edit("units = \"GB\"\n", "units.enabled", &SettingValue::Bool(true)), Err(EditFailure::NotATable));
    }
}
