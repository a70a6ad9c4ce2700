//! Reads config.toml without ever failing the app or writing the file: errors and unknown keys come back as data.

use std::fmt;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use super::Config;
use super::locate::{find_key, key_at_line, line_column};

/// A problem that stops the file from being used; defaults apply until it is fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Something worth telling that does not stop the file from being used (an unknown key, a typo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": `{}`: {}", self.key, self.message)
    }
}

/// The outcome of reading a config: always a usable `config`. Each setting that is wrong is one
/// of `errors` and takes its default; every other setting of the file is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub config: Config,
    /// Every problem, in file order (all of them, not the first one only).
    pub errors: Vec<ConfigError>,
    pub warnings: Vec<ConfigWarning>,
    /// False when there was no file and the defaults are in use for that reason.
    pub file_found: bool,
}

/// The platform's config file: macOS `~/Library/Application Support/app.headroom.Headroom/config.toml`,
/// Linux `$XDG_CONFIG_HOME/headroom/config.toml`. `HEADROOM_CONFIG` overrides it.
pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HEADROOM_CONFIG") {
        return Some(PathBuf::from(path));
    }
    ProjectDirs::from("app", "headroom", "Headroom").map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Reads and checks `path`. A missing file means defaults, without error.
pub fn load_file(path: &Path) -> Loaded {
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(&text, path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Loaded { config: Config::default(), errors: Vec::new(), warnings: Vec::new(), file_found: false }
        }
        Err(error) => Loaded {
            config: Config::default(),
            errors: vec![ConfigError {
                path: path.to_owned(),
                line: None,
                column: None,
                key: None,
                message: format!("cannot read it: {error}; using the defaults"),
            }],
            warnings: Vec::new(),
            file_found: true,
        },
    }
}

/// Parses and checks config text; `path` is only used in messages. A file that is not TOML gives
/// the defaults and one error; otherwise each key of the wrong type or with a value out of range is
/// an error of its own and falls back to its default, while every other setting is kept.
pub fn load_str(text: &str, path: &Path) -> Loaded {
    let mut errors = Vec::new();
    let mut current = text.to_owned();
    // Each pass drops at least one bad key, so the file's key count bounds the passes.
    for _ in 0..=text.lines().count() {
        let deserializer = match toml::de::Deserializer::parse(&current) {
            Ok(deserializer) => deserializer,
            Err(error) => return defaults_because(toml_error(&current, path, &error)),
        };
        let mut unknown = Vec::new();
        let config: Config = match serde_ignored::deserialize(deserializer, |key| unknown.push(key.to_string())) {
            Ok(config) => config,
            Err(error) => {
                let mut wrong = toml_error(&current, path, &error);
                let Some(key) = wrong.key.clone().filter(|key| !key.is_empty()) else {
                    return defaults_because(wrong);
                };
                wrong.message.push_str("; using its default until it is fixed");
                if current != text {
                    relocate(&mut wrong, text, &key);
                }
                errors.push(wrong);
                current = without_key(&current, &key);
                continue;
            }
        };
        let invalid = config.validate();
        if !invalid.is_empty() {
            for invalid in invalid {
                let mut error = ConfigError {
                    path: path.to_owned(),
                    line: None,
                    column: None,
                    key: Some(invalid.key.to_owned()),
                    message: format!("{}; using its default until it is fixed", invalid.message),
                };
                relocate(&mut error, text, invalid.key);
                current = without_key(&current, invalid.key);
                errors.push(error);
            }
            continue;
        }
        let mut warnings: Vec<ConfigWarning> = unknown
            .into_iter()
            .map(|key| ConfigWarning {
                path: path.to_owned(),
                line: find_key(text, &key).map(|(line, _)| line),
                message: "unknown key, ignored (is it misspelt?)".to_owned(),
                key,
            })
            .collect();
        // Reported in file order, whatever order the deserializer met them in.
        warnings.sort_by_key(|warning| warning.line.unwrap_or(usize::MAX));
        errors.sort_by_key(|error| error.line.unwrap_or(usize::MAX));
        return Loaded { config, errors, warnings, file_found: true };
    }
    errors.push(ConfigError {
        path: path.to_owned(),
        line: None,
        column: None,
        key: None,
        message: "too many problems to read past; using the defaults until they are fixed".to_owned(),
    });
    Loaded { config: Config::default(), errors, warnings: Vec::new(), file_found: true }
}

/// The whole file set aside (it is not TOML, or a problem names no key to drop): the defaults.
fn defaults_because(mut error: ConfigError) -> Loaded {
    error.message.push_str("; using the defaults until it is fixed");
    Loaded { config: Config::default(), errors: vec![error], warnings: Vec::new(), file_found: true }
}

/// Points `error` at where `key` stands in the user's own text (passes after the first read a
/// copy with bad keys removed, whose line numbers differ).
fn relocate(error: &mut ConfigError, text: &str, key: &str) {
    let at = find_key(text, key);
    error.line = at.map(|(line, _)| line);
    error.column = at.map(|(_, column)| column);
}

/// `text` without the dotted `key` (so its default applies); the text unchanged if it is not there.
fn without_key(text: &str, key: &str) -> String {
    let Ok(mut document) = text.parse::<toml_edit::DocumentMut>() else { return text.to_owned() };
    let mut parts: Vec<&str> = key.split('.').collect();
    let Some(last) = parts.pop() else { return text.to_owned() };
    let mut table: &mut dyn toml_edit::TableLike = document.as_table_mut();
    for part in parts {
        match table.get_mut(part).and_then(toml_edit::Item::as_table_like_mut) {
            Some(inner) => table = inner,
            None => return text.to_owned(),
        }
    }
    table.remove(last);
    document.to_string()
}

/// serde's words for a type ("expected f64") in a person's ("expected a number such as 0.25").
fn in_words(message: &str) -> String {
    let mut said = message.replace("invalid type: ", "wrong type: ");
    for (serde, person) in [
        ("expected f64", "expected a number such as 0.25"),
        ("expected f32", "expected a number such as 0.25"),
        ("expected u64", "expected a whole number such as 5"),
        ("expected u32", "expected a whole number such as 5"),
        ("expected u16", "expected a whole number such as 5"),
        ("expected u8", "expected a whole number such as 5"),
        ("expected usize", "expected a whole number such as 5"),
        ("expected i64", "expected a whole number such as 5"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected text in quotes, such as \"2s\""),
    ] {
        said = said.replace(serde, person);
    }
    said
}

fn toml_error(text: &str, path: &Path, error: &toml::de::Error) -> ConfigError {
    let (line, column) = match error.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    ConfigError {
        path: path.to_owned(),
        line,
        column,
        key: line.and_then(|line| key_at_line(text, line)),
        message: in_words(error.message().trim()),
    }
}

/// Loads config.toml for a command that runs: problems never stop it. Each is handed to `say` as
/// the line to show ("headroom: warning: …", "headroom: error: …"); the front ends print them on
/// stderr (the library prints nothing).
pub fn load_or_defaults(mut say: impl FnMut(&str)) -> Config {
    let Some(path) = config_path() else {
        return Config::default();
    };
    let loaded = load_file(&path);
    for warning in &loaded.warnings {
        say(&format!("headroom: warning: {warning}"));
    }
    for error in &loaded.errors {
        say(&format!("headroom: error: {error}"));
    }
    loaded.config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Loaded {
        load_str(text, Path::new("/home/u/.config/headroom/config.toml"))
    }

    /// Each invalid file, the line, column and key its error must name, and a phrase of the message.
    #[test]
    fn every_invalid_case_names_file_line_column_and_key() {
        let cases: &[(&str, usize, usize, &str, &str)] = &[
            // Syntax: a value that is not TOML.
            ("sample_interval = 2s\n", 1, 19, "sample_interval", ""),
            // Syntax: an unclosed table header.
            ("[wired\nhigh = 0.3\n", 1, 7, "", ""),
            // Wrong type.
            ("[wired]\nhigh = \"lots\"\n", 2, 8, "wired.high", "expected a number such as 0.25"),
            // A duration that does not parse.
            ("[history]\nraw_for = \"a day\"\n", 2, 11, "history.raw_for", "not a duration"),
            // A size that does not parse.
            ("[growth]\njump_min = \"1 gallon\"\n", 2, 12, "growth.jump_min", "not a size"),
            // An enum value that does not exist.
            ("units = \"MB\"\n", 1, 9, "units", "unknown variant"),
            ("[menu_bar]\ntitle = \"cpu\"\n", 2, 9, "menu_bar.title", "unknown variant"),
            // In range for the type, out of range for the meaning.
            ("[wired]\nhigh = 1.5\n", 2, 1, "wired.high", "between 0 and 1"),
            ("[wired]\nnormal_max = 0.3\nhigh = 0.25\n", 2, 1, "wired.normal_max", "below high"),
            ("sample_interval = \"10ms\"\n", 1, 1, "sample_interval", "10ms is under"),
            ("[purge]\nprompt_timeout = \"2s\"\n", 2, 1, "purge.prompt_timeout", "too short to type"),
            ("[purge]\nlinux_drop_caches = 4\n", 2, 1, "purge.linux_drop_caches", "not 1, 2 or 3"),
            ("[history]\nminute_for = \"1h\"\n", 2, 1, "history.minute_for", "shorter than raw_for"),
            ("[history]\nflush_every = \"5m\"\n", 2, 1, "history.flush_every", "outside 1s"),
        ];
        for (text, line, column, key, phrase) in cases {
            let loaded = load(text);
            assert_eq!(loaded.errors.len(), 1, "{text:?}: {:?}", loaded.errors);
            let error = &loaded.errors[0];
            assert_eq!(error.line, Some(*line), "line for {text:?}: {error}");
            assert_eq!(error.column, Some(*column), "column for {text:?}: {error}");
            if key.is_empty() {
                assert_eq!(error.key, None, "{text:?}: {error}");
            } else {
                assert_eq!(error.key.as_deref(), Some(*key), "key for {text:?}: {error}");
            }
            assert!(error.message.contains(phrase), "{text:?}: {error}");
            let shown = error.to_string();
            assert!(shown.starts_with(&format!("/home/u/.config/headroom/config.toml:{line}:{column}")), "{shown}");
            assert_eq!(loaded.config, Config::default(), "defaults are used after an error");
        }
    }

    #[test]
    fn unknown_keys_warn_with_their_line_and_the_rest_applies() {
        let loaded =
            load("sample_interval = \"5s\"\nsampel_interval = \"1s\"\n[wired]\nhihg = 0.3\n[colours]\nred = 1\n");
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert_eq!(loaded.config.sample_interval, super::super::Span::secs(5));
        let keys: Vec<(&str, Option<usize>)> = loaded.warnings.iter().map(|w| (w.key.as_str(), w.line)).collect();
        assert_eq!(keys, vec![("sampel_interval", Some(2)), ("wired.hihg", Some(4)), ("colours", Some(5))]);
        assert!(loaded.warnings[0].to_string().contains("config.toml:2: `sampel_interval`: unknown key"));
    }

    #[test]
    fn every_problem_is_reported_in_one_read_and_only_the_bad_settings_fall_back() {
        let text = "units = \"GiB\"\nsample_interval = \"10ms\"\n[wired]\nhigh = \"lots\"\nnormal_max = 0.2\n\
                    [notifications]\nenabled = false\nmin_interval = 6\n";
        let loaded = load(text);
        let said: Vec<(Option<&str>, Option<usize>)> =
            loaded.errors.iter().map(|e| (e.key.as_deref(), e.line)).collect();
        assert_eq!(
            said,
            vec![
                (Some("sample_interval"), Some(2)),
                (Some("wired.high"), Some(4)),
                (Some("notifications.min_interval"), Some(8))
            ],
            "{:#?}",
            loaded.errors
        );
        assert!(
            loaded.errors.iter().all(|e| e.message.ends_with("using its default until it is fixed")),
            "{:#?}",
            loaded.errors
        );
        let defaults = Config::default();
        assert_eq!(loaded.config.units, crate::units::Units::Gib, "a good setting is kept");
        assert!(!loaded.config.notifications.enabled, "a good setting beside a bad one is kept");
        assert_eq!(loaded.config.wired.normal_max, 0.2);
        assert_eq!(loaded.config.wired.high, defaults.wired.high, "the bad one takes its default");
        assert_eq!(loaded.config.sample_interval, defaults.sample_interval);
        assert_eq!(loaded.config.notifications.min_interval, defaults.notifications.min_interval);
    }

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let loaded = load("[notifications.kinds]\njump = false\n");
        assert!(loaded.errors.is_empty());
        let mut want = Config::default();
        want.notifications.kinds.jump = false;
        assert_eq!(loaded.config, want);
    }

    #[test]
    fn a_missing_file_is_the_defaults_without_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let loaded = load_file(&dir.path().join("config.toml"));
        assert!(!loaded.file_found);
        assert!(loaded.errors.is_empty());
        assert_eq!(loaded.config, Config::default());
    }
}
