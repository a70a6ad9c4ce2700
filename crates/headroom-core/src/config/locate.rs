//! Finds where a dotted key stands in TOML text, and which key a line holds, so messages can name both.

/// One `key = value` line or `[table]` header, with its 1-based line number and column.
struct Entry {
    line: usize,
    column: usize,
    key: String,
}

fn entries(text: &str) -> Vec<Entry> {
    let mut table = String::new();
    let mut found = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        let column = raw.len() - trimmed.len() + 1;
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let name = rest.trim_start_matches('[');
            if let Some(end) = name.find(']') {
                table = clean_key(&name[..end]);
                found.push(Entry { line: index + 1, column, key: table.clone() });
            }
            continue;
        }
        if let Some((key, _)) = trimmed.split_once('=') {
            let key = clean_key(key);
            let full = if table.is_empty() { key } else { format!("{table}.{key}") };
            found.push(Entry { line: index + 1, column, key: full });
        }
    }
    found
}

/// `wired . "high"` → `wired.high`.
fn clean_key(key: &str) -> String {
    key.split('.').map(|part| part.trim().trim_matches('"').trim_matches('\'')).collect::<Vec<_>>().join(".")
}

/// The line and column where `dotted` is set, if it is.
pub(crate) fn find_key(text: &str, dotted: &str) -> Option<(usize, usize)> {
    entries(text).into_iter().find(|entry| entry.key == dotted).map(|entry| (entry.line, entry.column))
}

/// The dotted key set on `line` (or the table a header on `line` opens).
pub(crate) fn key_at_line(text: &str, line: usize) -> Option<String> {
    entries(text).into_iter().find(|entry| entry.line == line).map(|entry| entry.key)
}

/// 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "# comment\nsample_interval = \"2s\"\n\n[wired]\n  high = 0.3\n\n[notifications.kinds]\njump = false\n";

    #[test]
    fn finds_keys_in_tables() {
        assert_eq!(find_key(TEXT, "sample_interval"), Some((2, 1)));
        assert_eq!(find_key(TEXT, "wired.high"), Some((5, 3)));
        assert_eq!(find_key(TEXT, "notifications.kinds.jump"), Some((8, 1)));
        assert_eq!(find_key(TEXT, "wired.normal_max"), None);
    }

    #[test]
    fn names_the_key_on_a_line() {
        assert_eq!(key_at_line(TEXT, 5).as_deref(), Some("wired.high"));
        assert_eq!(key_at_line(TEXT, 4).as_deref(), Some("wired"));
        assert_eq!(key_at_line(TEXT, 1), None);
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        assert_eq!(line_column(TEXT, 0), (1, 1));
        let offset = TEXT.find("0.3").expect("present");
        assert_eq!(line_column(TEXT, offset), (5, 10));
    }
}
