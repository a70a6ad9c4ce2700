//! ARCHITECTURE.md's rules as tests (rust-analyzer's xtask `tidy` is the model): each test reads the
//! source tree and, when a rule is broken, names every offender as `file:line` in its message.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    headroom_testing::workspace_root()
}

/// Every file under `dir` (recursively, sorted) whose name ends with one of `extensions`.
fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    pending.push(path);
                }
            } else if extensions.iter().any(|extension| name.ends_with(extension)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every `.rs` file under crates/, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    let root = root();
    let sources: Vec<_> = files(&root.join("crates"), &[".rs"])
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.strip_prefix(&root).expect("under the root").to_owned(), text)
        })
        .collect();
    assert!(sources.len() > 100, "the source tree was found: {} files", sources.len());
    sources
}

/// Fails with every offender, one a line, when there are any.
fn report(rule: &str, offenders: &[String]) {
    assert!(offenders.is_empty(), "{rule}; {} offender(s):\n{}", offenders.len(), offenders.join("\n"));
}

#[test]
fn no_source_file_is_over_400_lines() {
    const MAX: usize = 400;
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|(_, text)| text.lines().count() > MAX)
        .map(|(path, text)| format!("{}:{}: {} lines", path.display(), MAX + 1, text.lines().count()))
        .collect();
    report("no .rs file under crates/ is over 400 lines: split it by theme, or move its tests beside it", &offenders);
}

#[test]
fn every_source_file_opens_with_a_doc_line() {
    let offenders: Vec<String> = sources()
        .iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(path, _)| format!("{}:1: no `//!` line saying what the file is for", path.display()))
        .collect();
    report("every .rs file under crates/ starts with a `//!` line", &offenders);
}

/// No `target_os` in library or binary source (`crates/*/src/`) outside the per-OS backends. Tests,
/// benches and examples are exempt (they live outside `src/`; `#[cfg(test)]` modules inside it are not).
///
/// Allowed:
/// * files whose name contains `linux`, `macos` or `unsupported` (`sys/linux.rs`,
///   `notify/deliver/macos.rs`, `setup/login/unsupported.rs`): the backends themselves;
/// * in a `mod.rs`, `lib.rs` or `main.rs`, an attribute on one line (`#[cfg(…)]` or `#[cfg_attr(…)]`)
///   whose item — the next line that is not an attribute, a comment or blank — is a `mod` or `use`
///   declaration ending in `;`: choosing a backend (`#[cfg(target_os = "linux")] mod linux;`,
///   `#[cfg(target_os = "linux")] use linux as backend;`).
///
/// Everything else (`cfg!(target_os …)` in an expression, `#[cfg(target_os …)]` on a function, a
/// field or a statement) moves into the backend of its room: a `const` or `fn` each backend defines,
/// or a match on `sys::PLATFORM`, the platform the `sys` backend was chosen for.
#[test]
fn no_cfg_target_os_outside_the_backends() {
    let mut offenders = Vec::new();
    for (path, text) in sources() {
        let mut parts = path.iter().filter_map(|part| part.to_str());
        if parts.next() != Some("crates") || parts.nth(1) != Some("src") {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if ["linux", "macos", "unsupported"].iter().any(|os| name.contains(os)) {
            continue;
        }
        let chooser = matches!(name, "mod.rs" | "lib.rs" | "main.rs");
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let code = line.trim();
            if !code.contains("target_os") || code.starts_with("//") {
                continue;
            }
            if chooser && chooses_a_backend(code, &lines[index + 1..]) {
                continue;
            }
            offenders.push(format!("{}:{}: {code}", path.display(), index + 1));
        }
    }
    report("no cfg(target_os) outside the per-OS backend files and the `mod`/`use` lines that choose them", &offenders);
}

/// True when `attribute` is a one-line `#[cfg(…)]` or `#[cfg_attr(…)]` on a `mod` or `use` declaration.
fn chooses_a_backend(attribute: &str, after: &[&str]) -> bool {
    let is_attribute =
        (attribute.starts_with("#[cfg(") || attribute.starts_with("#[cfg_attr(")) && attribute.ends_with(")]");
    let item = after
        .iter()
        .map(|line| line.trim())
        .find(|line| !(line.is_empty() || line.starts_with("//") || line.starts_with("#[") && line.ends_with(']')));
    let declaration = item.is_some_and(|item| {
        let item = item.strip_prefix("pub(crate) ").or_else(|| item.strip_prefix("pub ")).unwrap_or(item);
        (item.starts_with("mod ") || item.starts_with("use ")) && item.ends_with(';')
    });
    is_attribute && declaration
}

#[test]
fn the_library_does_not_print() {
    let lib = root().join("crates/headroom-core/src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs");
    let attribute = "#![deny(clippy::print_stdout, clippy::print_stderr)]";
    let found = text.lines().any(|line| line.trim() == attribute);
    assert!(found, "{}: the library says nothing on stdout or stderr itself: add `{attribute}`", lib.display());
}

/// The app's event loop never waits on a disk or a child: the engine's threads do that. The
/// history's recorder is `Recording`, made only by `Recording::start`, so `Recording::` finds any use
/// of it; the engine's `Event::Recording` and `RecordingState` are news from the recording thread.
#[test]
fn the_event_loop_opens_no_file_and_no_database() {
    const FORBIDDEN: [&str; 10] = [
        "std::fs",
        "File::",
        "OpenOptions",
        "rusqlite",
        "Store::",
        "Recording::",
        "history::Recording",
        "append_event",
        "Command::new",
        "read_to_string",
    ];
    let path = Path::new("crates/headroom-app/src/event_loop.rs");
    let text = std::fs::read_to_string(root().join(path)).expect("event_loop.rs");
    let mut offenders = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for word in FORBIDDEN.iter().filter(|word| line.contains(*word)) {
            offenders.push(format!("{}:{}: `{word}`: {}", path.display(), index + 1, line.trim()));
        }
    }
    report("no file or database call in the app's event loop (the engine's threads make them)", &offenders);
}

/// The design notes live outside the repository: what a comment relies on must be in it
/// (ARCHITECTURE.md, docs/), or the comment cannot be checked by whoever reads it.
#[test]
fn no_comment_cites_a_file_outside_the_repository() {
    let outside = concat!("design", ".md");
    let root = root();
    let text_files = [".rs", ".md", ".toml", ".sh", ".yml", ".yaml", ".service", ".plist", ".desktop"];
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the root")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    for dir in ["crates", "docs", "scripts", "packaging", "resources", ".github", ".ci"] {
        if root.join(dir).is_dir() {
            paths.extend(files(&root.join(dir), &text_files));
        }
    }
    let mut offenders = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for (index, line) in text.lines().enumerate().filter(|(_, line)| line.contains(outside)) {
            let shown = path.strip_prefix(&root).unwrap_or(&path).display();
            offenders.push(format!("{shown}:{}: {}", index + 1, line.trim()));
        }
    }
    report(&format!("no comment cites {outside}, which is not in the repository: cite docs/ instead"), &offenders);
}

/// `cargo tree -e normal` of `package` on every target: one crate a line, without prefixes.
fn normal_dependencies(package: &str) -> Vec<String> {
    let manifest = root().join("Cargo.toml");
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "--manifest-path"])
        .arg(&manifest)
        .args(["-p", package, "-e", "normal", "--prefix", "none", "--target", "all"])
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo tree -p {package}: {stderr}");
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    assert!(lines.first().is_some_and(|line| line.starts_with(package)), "cargo tree -p {package}: {lines:?}");
    lines
}

const GUI_CRATES: [&str; 7] = ["gtk", "gdk", "tao", "muda", "tray-icon", "wry", "webkit"];

fn gui_crates(dependencies: &[String]) -> Vec<String> {
    let mut found: Vec<String> = dependencies
        .iter()
        .filter(|line| GUI_CRATES.iter().any(|gui| line.starts_with(gui)))
        .map(|line| line.trim_end_matches(" (*)").to_owned())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The command line installs on a server without GTK, and the core under it holds no GUI crate.
#[test]
fn the_command_line_and_the_core_depend_on_no_gui_crate() {
    // The check can see a GUI crate: the app has them.
    assert!(!gui_crates(&normal_dependencies("headroom-app")).is_empty(), "headroom-app lists tao, muda, tray-icon");
    for package in ["headroom", "headroom-core"] {
        let found = gui_crates(&normal_dependencies(package));
        report(&format!("`cargo tree -p {package} -e normal --target all` lists no GUI crate"), &found);
    }
}

#[test]
fn no_path_attribute() {
    let needle = concat!("#[", "path");
    let offenders: Vec<String> = sources()
        .iter()
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains(needle))
                .map(move |(index, line)| format!("{}:{}: {}", path.display(), index + 1, line.trim()))
        })
        .collect();
    report("no `path` attribute under crates/: a module lives where its name says", &offenders);
}
