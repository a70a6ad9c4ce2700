//! The README's command examples, run: each `$ headroom …` block in README.md is run here and its
//! output compared with what the README shows, so the examples cannot drift from the program.
//!
//! Live figures differ from machine to machine, so a live command is compared by its shape: the
//! words of each line with numbers and size units masked (`Wired Memory # U held by the kernel`).
//! Text that does not depend on the machine (`analyze` of a fixture, `config check` of a given
//! file) is compared exactly, but for the timestamp and the path. The examples show Linux.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

/// One `$ headroom …` line of a ```text block: the command, its `# comment` (where it runs), and
/// the lines the README shows under it.
#[derive(Debug, PartialEq)]
struct Example {
    command: String,
    comment: String,
    shown: Vec<String>,
}

/// Each `$ headroom …` example of the README's ```text blocks, in README order.
fn examples(readme: &str) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    let mut in_text = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_text = line == "```text";
            continue;
        }
        if !in_text {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ headroom ") {
            let (command, comment) = command.split_once("  #").unwrap_or((command, ""));
            found.push(Example {
                command: command.trim().to_owned(),
                comment: comment.trim().to_owned(),
                shown: Vec::new(),
            });
        } else if line.starts_with('$') {
            // Another program's prompt (`sudo headroom …`): not run here.
            in_text = false;
        } else if let Some(example) = found.last_mut() {
            example.shown.push(line.to_owned());
        }
    }
    found
}

/// A line with its figures masked: runs of digits become `#`, size units `U`, spaces one.
fn shape(line: &str) -> String {
    let mut masked = String::new();
    let mut last_digit = false;
    for c in line.chars() {
        let digit = c.is_ascii_digit() || (last_digit && matches!(c, '.' | ','));
        if digit && !last_digit {
            masked.push('#');
        } else if !digit {
            masked.push(c);
        }
        last_digit = digit;
    }
    masked
        .split_whitespace()
        .map(|word| match word {
            "GB" | "MB" | "KB" | "GiB" | "MiB" => "U",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `words` words of a line's shape: what names the line, not what it found.
fn label(line: &str, words: usize) -> String {
    shape(line).split(' ').take(words).collect::<Vec<_>>().join(" ")
}

fn run(args: &str, config: &Path, data: &Path) -> String {
    let output = Command::new(headroom_testing::binary("headroom"))
        .args(args.split_whitespace())
        .env("HEADROOM_CONFIG", config)
        .env("HEADROOM_DATA_DIR", data)
        .output()
        .expect("headroom runs");
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// The first `count` lines a command that runs until interrupted prints; then it is stopped.
fn first_lines(args: &str, config: &Path, data: &Path, count: usize) -> Vec<String> {
    use std::io::BufRead;
    let mut child = Command::new(headroom_testing::binary("headroom"))
        .args(args.split_whitespace())
        .env("HEADROOM_CONFIG", config)
        .env("HEADROOM_DATA_DIR", data)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("headroom runs");
    let stdout = child.stdout.take().expect("piped");
    let lines: Vec<String> = std::io::BufReader::new(stdout).lines().take(count).map(|l| l.expect("a line")).collect();
    let _ = child.kill();
    let _ = child.wait();
    lines
}

#[test]
fn the_readmes_examples_are_what_the_commands_print() {
    // The examples' pressure words ("normal") are the live PSI: no test that pushes memory into swap
    // (the zram and thrashing tests) may run beside them.
    let _exclusive = headroom_testing::memory_exclusive();
    // Root: the `explain` example holds 200 MiB locked while it runs (see below).
    headroom_testing::require!("root", "python3");
    let readme = std::fs::read_to_string(headroom_testing::source("README.md")).expect("README.md");
    let examples = examples(&readme);
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("config.toml");
    let data = home.path().join("data");
    let mut checked = Vec::new();
    for Example { command, comment, shown } in &examples {
        let words = command.split_whitespace().next().unwrap_or_default();
        match words {
            // The same breakdown for everyone: exact but for the time it was read.
            "analyze" => {
                // The README's vm_stat.txt is the 16 GB M1 Pro capture among the fixtures.
                let fixture = headroom_testing::fixture("vm_stat/m1pro-16g-2026-05-28.txt");
                let printed = run(&command.replace("vm_stat.txt", &fixture.display().to_string()), &config, &data);
                let printed: Vec<&str> = printed.lines().skip(1).collect();
                assert_eq!(printed, shown[1..], "`headroom {command}`");
            }
            // The README's example file, written here: exact but for where the file is.
            "config" => {
                std::fs::write(&config, "units = \"GB\"\nsample_interval = \"10ms\"\n[wired]\nhigh = \"very\"\n")
                    .expect("config");
                let printed = run(command, &config, &data).replace(&config.display().to_string(), "PATH");
                let shown: Vec<String> =
                    shown.iter().map(|line| line.replace("/home/me/.config/headroom/config.toml", "PATH")).collect();
                assert_eq!(printed.lines().collect::<Vec<_>>(), shown, "`headroom {command}`");
                std::fs::remove_file(&config).expect("removed");
            }
            // Live figures: every line the README shows has its like in the output, by its first words.
            "status" | "explain" => {
                // The README's `explain` was printed while a process held 200 MiB locked, so that
                // its holder, its part of wired and the advice for it show: the same here.
                let _locker = (words == "explain").then(|| headroom_testing::locked::Locker::start(200));
                let printed = run(command, &config, &data);
                let labels: Vec<String> = printed.lines().map(|line| label(line, 2)).collect();
                // A numbered row, or a holder of wired memory, names a process or cgroup of the machine the README was written on.
                let numbered = |line: &str| {
                    let trimmed = line.trim_start();
                    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
                    (digits > 0 && trimmed[digits..].starts_with(". "))
                        // Advice beyond the first follows the largest part of wired, which moves on this VM.
                        || (trimmed.starts_with("- ") && !trimmed.starts_with("- No app"))
                        || ["locked by", "pinned by", "kernel memory", "GPU (", "huge pages (", "also held"]
                            .iter()
                            .any(|p| trimmed.starts_with(p))
                };
                for line in shown.iter().filter(|line| !line.trim().is_empty() && !numbered(line)) {
                    assert!(
                        labels.contains(&label(line, 2)),
                        "`headroom {command}` prints no line like {line:?}:\n{printed}"
                    );
                }
                // `status` prints the same rows everywhere: none may be missing from the README either.
                if words == "status" {
                    let shown_labels: Vec<String> = shown.iter().map(|line| label(line, 2)).collect();
                    for line in printed.lines().filter(|line| !numbered(line)) {
                        assert!(
                            shown_labels.contains(&label(line, 2)),
                            "the README's `headroom {command}` lacks {line:?}"
                        );
                    }
                }
            }
            // A list of live rows: the header as shown, each row numbered as shown.
            "top" => {
                let printed = run(command, &config, &data);
                let first = |text: &str| text.lines().next().map(|line| label(line, 3)).unwrap_or_default();
                assert_eq!(first(&printed), first(&shown.join("\n")), "`headroom {command}`:\n{printed}");
                let rows = |lines: Vec<&str>| lines.iter().skip(1).map(|l| label(l, 1)).collect::<Vec<_>>();
                assert_eq!(
                    rows(printed.lines().take(shown.len()).collect()),
                    rows(shown.iter().map(String::as_str).collect())
                );
            }
            // One line a sample until interrupted: the header as shown, then rows of the same shape.
            "watch" => {
                let printed = first_lines(command, &config, &data, shown.len());
                assert_eq!(printed[0], shown[0], "`headroom {command}`: the header");
                // The pressure word is the machine's of the moment (another test's cgroup can make it critical).
                for row in &printed[1..] {
                    let first_two = |line: &str| row_shape(line).split(' ').take(2).collect::<Vec<_>>().join(" ");
                    assert_eq!(first_two(row), first_two(&shown[1]), "`headroom {command}`: {row:?}");
                    assert_eq!(row.split_whitespace().count(), shown[1].split_whitespace().count(), "{row:?}");
                }
            }
            "history" => {
                record_a_minute(&data);
                let printed = run(command, &config, &data);
                let printed: Vec<&str> = printed.lines().collect();
                assert_eq!(printed[0], shown[0], "`headroom {command}`: the header");
                assert!(printed.len() > 1, "`headroom {command}` printed no rows:\n{}", printed.join("\n"));
                for row in &printed[1..] {
                    assert_eq!(row_shape(row), row_shape(&shown[1]), "`headroom {command}`: {row:?}");
                }
            }
            "doctor" => {
                // The README's command, with a shorter look at the cadence (10 s by default).
                let printed = run(&format!("{command} --cadence 2s"), &config, &data);
                let printed: Vec<&str> = printed.lines().collect();
                // The checks in the README's order, but for one that shows only while something records.
                let names = |lines: &[&str]| {
                    lines
                        .iter()
                        .filter_map(|line| check_name(line))
                        .filter(|n| n != "recorded cadence")
                        .collect::<Vec<_>>()
                };
                let shown_lines: Vec<&str> = shown.iter().map(String::as_str).collect();
                assert_eq!(names(&printed), names(&shown_lines), "`headroom {command}`:\n{}", printed.join("\n"));
                let columns: Vec<usize> =
                    printed.iter().filter(|line| check_name(line).is_some()).map(|line| figure_column(line)).collect();
                assert!(
                    columns.windows(2).all(|w| w[0] == w[1]),
                    "the figures start in one column:\n{}",
                    printed.join("\n")
                );
                let summary =
                    |line: &str| shape(line).split(' ').map(str::to_owned).filter(|w| w != "#").collect::<Vec<_>>();
                assert_eq!(printed.last().map(|l| summary(l)), shown.last().map(|l| summary(l)), "the summary line");
            }
            "notify" if comment.contains("macOS") => continue,
            "notify" => {
                if !headroom_testing::have(&["Xvfb", "dbus-daemon", "dunst"]) {
                    return;
                }
                let mut session = headroom_testing::desktop::Session::start();
                if comment.is_empty() {
                    session.spawn("dunst", &[]);
                    headroom_testing::desktop::wait_for("dunst on the bus", std::time::Duration::from_secs(10), || {
                        session.dunst_displayed()
                    });
                }
                let out = session.headroom(&data, &command.split_whitespace().collect::<Vec<_>>());
                let printed = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
                let printed: Vec<String> = printed.lines().map(|line| label(line, 9)).collect();
                let shown: Vec<String> = shown.iter().map(|line| label(line, 9)).collect();
                assert_eq!(printed, shown, "`headroom {command}` ({comment})");
            }
            _ => continue,
        }
        checked.push(words.to_owned());
    }
    for needed in ["status", "watch", "analyze", "explain", "top", "config", "history", "doctor", "notify"] {
        assert!(checked.iter().any(|c| c == needed), "the README shows no `headroom {needed}` example: {checked:?}");
    }
}

/// Samples of the last minute in `data`'s history, as `headroom record` would have left them.
fn record_a_minute(data: &Path) {
    use headroom_core::history::Recorder;
    let meminfo =
        std::fs::read_to_string(headroom_testing::fixture("meminfo/debian12-vm-24g-2026-11-22.txt")).expect("fixture");
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").expect("the boot id");
    let now = time::OffsetDateTime::now_utc();
    let mut recorder = Recorder::open(&data.join("history.db"), &headroom_core::config::History::default());
    let clock = std::time::Instant::now();
    for second in (0..60).step_by(10) {
        let at = now - time::Duration::seconds(60 - second);
        let mut snapshot = headroom_core::model::analyze::analyze(&meminfo, None, at).expect("fixture");
        // `history` shows this boot's rows by default.
        snapshot.boot_id = boot.trim().to_owned();
        recorder.record(&snapshot, clock);
    }
    assert!(recorder.flush_at(clock, now), "written");
}

/// A history row's shape: its words with figures masked, the pressure word as `P`.
fn row_shape(row: &str) -> String {
    shape(row)
        .split(' ')
        .map(|word| if ["normal", "warn", "critical"].contains(&word) { "P" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `doctor` line's check name: after the status, up to the figure (two spaces or more).
fn check_name(line: &str) -> Option<String> {
    let rest = ["ok    ", "warn  ", "fail  "].iter().find_map(|status| line.strip_prefix(status))?;
    Some(rest.split("  ").next()?.trim().to_owned())
}

/// Where a `doctor` line's figure starts.
fn figure_column(line: &str) -> usize {
    let name = check_name(line).unwrap_or_default();
    let after = 6 + name.len();
    after + line[after..].find(|c: char| c != ' ').unwrap_or(0)
}

#[test]
fn shapes_mask_figures_and_units_but_keep_words() {
    assert_eq!(shape("  Wired Memory      0.1 GB  held by the kernel"), "Wired Memory # U held by the kernel");
    assert_eq!(shape("                     22 MB  unreclaimable slab"), "# U unreclaimable slab");
    assert_eq!(label("  1. headroomhog — 3 processes — 721 MB", 1), "#");
    let blocks = examples("```text\n$ headroom status  # live\nA 1\n```\n```text\n$ sudo headroom purge\nB\n```\n");
    assert_eq!(blocks, vec![Example { command: "status".into(), comment: "live".into(), shown: vec!["A 1".into()] }]);
    assert_eq!(check_name("ok    boot id           95c4 (/proc)"), Some("boot id".to_owned()));
    assert_eq!(figure_column("ok    boot id           95c4 (/proc)"), 24);
}
