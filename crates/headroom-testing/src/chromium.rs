//! Real headless Chromium for the report's tests: a page loaded from disk, its DOM after load, a screenshot.

use std::path::Path;
use std::process::{Command, Output};

/// Runs Debian's Chromium headless with the flags this machine needs (no sandbox as root, no
/// background networking on a closed network) and a private profile in `profile`.
pub fn run(args: &[&str], profile: &Path) -> Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs (Debian package `chromium`; scripts/bootstrap.sh --for-checks installs it)")
}

/// The DOM of `page` after Chromium loaded it.
pub fn dom(page: &Path, profile: &Path) -> String {
    let out = run(&["--dump-dom", &format!("file://{}", page.display())], profile);
    String::from_utf8(out.stdout).expect("the DOM is UTF-8")
}

/// A screenshot of `page` at `width`×`height` CSS pixels into `png`; panics when none was written.
pub fn screenshot(page: &Path, png: &Path, (width, height): (u32, u32), profile: &Path) {
    let _ = std::fs::remove_file(png);
    let taken = run(
        &[
            &format!("--window-size={width},{height}"),
            &format!("--screenshot={}", png.display()),
            &format!("file://{}", page.display()),
        ],
        profile,
    );
    assert!(png.exists(), "no screenshot: {}", String::from_utf8_lossy(&taken.stderr));
}

/// The texts of the `<text>` elements in an SVG (or DOM) fragment, trimmed, in order.
pub fn svg_texts(fragment: &str) -> Vec<&str> {
    fragment.split("<text").skip(1).filter_map(|t| Some(t[t.find('>')? + 1..t.find("</text>")?].trim())).collect()
}
