//! The app's dropdown in a test session, as a person meets it: find its window, wait until GTK has
//! drawn it, open it from the tray icon, and find a word on it by OCR.

use std::path::Path;
use std::time::Duration;

use crate::desktop::{Session, wait_for};

/// The open menu's window: GTK names its class after the program, here the app executable that
/// `headroom` with no command becomes.
pub const MENU_WINDOW: &str = "(\"headroom-app\" \"Headroom-app\")";

/// The tools a dropdown test needs (Debian: xvfb dbus-x11 trayer xdotool x11-utils dunst imagemagick
/// tesseract-ocr, which `scripts/bootstrap.sh` installs).
pub const TOOLS: [&str; 10] =
    ["Xvfb", "dbus-daemon", "trayer", "xdotool", "xwininfo", "dunst", "dunstctl", "import", "convert", "tesseract"];

/// A session with a tray (trayer, where the icon docks) and a notification server (dunst, answering
/// on the bus), and the directory the screenshots are kept in (`target/e2e`).
pub fn tray_session() -> (Session, std::path::PathBuf) {
    let artifacts = crate::source("target/e2e");
    std::fs::create_dir_all(&artifacts).expect("artifact dir");
    let mut session = Session::start();
    session.spawn("trayer", &["--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"]);
    session.spawn("dunst", &[]);
    wait_for("dunst on the bus", Duration::from_secs(10), || session.dunst_displayed());
    (session, artifacts)
}

/// A window line of `xwininfo -root -tree` whose names contain `needle`: (width, height, x, y) absolute.
pub fn find_window(session: &Session, needle: &str) -> Option<(i32, i32, i32, i32)> {
    let tree = String::from_utf8(session.tool("xwininfo", &["-root", "-tree"]).stdout).ok()?;
    tree.lines().filter(|line| line.contains(needle)).find_map(|line| {
        // ... ("class" "Class")  393x261+630+31  +630+31
        let mut fields = line.split_whitespace().rev();
        let absolute = fields.next()?;
        let geometry = fields.next()?;
        let (size, _) = geometry.split_once('+')?;
        let (w, h) = size.split_once('x')?;
        let mut coords = absolute.trim_start_matches('+').split('+');
        let (x, y) = (coords.next()?.parse().ok()?, coords.next()?.parse().ok()?);
        let (w, h): (i32, i32) = (w.parse().ok()?, h.parse().ok()?);
        (w > 20 && h > 20 && x >= 0).then_some((w, h, x, y))
    })
}

/// Whether the dropdown is on screen (a viewable window of the app's class).
pub fn menu_visible(session: &Session) -> bool {
    let found = session.tool("xdotool", &["search", "--onlyvisible", "--class", "^headroom-app$"]);
    !String::from_utf8_lossy(&found.stdout).trim().is_empty()
}

/// Whether the screen has stopped changing: two shots 100 ms apart are the same. GTK draws a menu
/// after mapping it and no X event says when it is done.
pub fn drawn(session: &Session, dir: &Path) -> Option<()> {
    let shot = |name: &str| {
        let path = dir.join(name);
        session.tool("import", &["-window", "root", &format!("rgb:{}", path.display())]);
        std::fs::read(&path).unwrap_or_default()
    };
    let first = shot("settle-a.rgb");
    std::thread::sleep(Duration::from_millis(100));
    (!first.is_empty() && first == shot("settle-b.rgb")).then_some(())
}

/// Clicks the tray icon at `icon` (width, height, x, y) and waits until the menu is shown and
/// drawn; returns the menu window's (width, height, x, y). A menu that is built anew (a row came or
/// went: a settings error, a suspect) closes if it was open, as GTK does when an indicator's menu is
/// replaced; so when no menu shows within four seconds the icon is clicked again, as a person would,
/// at most three times.
pub fn open_menu(session: &Session, icon: (i32, i32, i32, i32), dir: &Path) -> (i32, i32, i32, i32) {
    let (w, h, x, y) = icon;
    let shown = (0..3).any(|_| {
        session.tool("xdotool", &["mousemove", &(x + w / 2).to_string(), &(y + h / 2).to_string(), "click", "1"]);
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(4) {
            if menu_visible(session) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    });
    assert!(shown, "the menu did not show after three clicks on the icon");
    let window = wait_for("the open menu", Duration::from_secs(10), || find_window(session, MENU_WINDOW));
    wait_for("the menu drawn", Duration::from_secs(10), || drawn(session, dir));
    window
}

/// The centre of the first OCR box reading `needle` in the screen's `area` (width, height, x, y),
/// in screen coordinates; None when OCR did not read it.
pub fn find_word(session: &Session, area: (i32, i32, i32, i32), needle: &str, dir: &Path) -> Option<(i32, i32)> {
    find_line(session, area, &[needle], dir)
}

/// The centre of the first word of the first OCR line in `area` (width, height, x, y) that holds
/// every one of `words` (each a part of some word of it), in screen coordinates. The area is cut
/// from a screenshot, grey, thresholded and enlarged 4× for tesseract.
pub fn find_line(session: &Session, area: (i32, i32, i32, i32), words: &[&str], dir: &Path) -> Option<(i32, i32)> {
    let (w, h, x, y) = area;
    let shot = dir.join("find-word.png");
    let cut = dir.join("find-word-cut.png");
    let (shot_s, cut_s) = (shot.to_str()?, cut.to_str()?);
    session.tool("import", &["-window", "root", shot_s]);
    let crop = format!("{w}x{h}+{x}+{y}");
    session.tool(
        "convert",
        &[shot_s, "-crop", &crop, "-colorspace", "Gray", "-threshold", "85%", "-resize", "400%", cut_s],
    );
    let tsv = String::from_utf8(session.tool("tesseract", &[cut_s, "stdout", "--psm", "6", "tsv"]).stdout).ok()?;
    // Word rows (level 5) grouped by (block, paragraph, line), in reading order.
    let mut lines: Vec<(LineKey, Vec<Word>)> = Vec::new();
    for row in tsv.lines() {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() != 12 || f[0] != "5" {
            continue;
        }
        let parse = |i: usize| f[i].parse::<i32>().ok();
        let (Some(left), Some(top), Some(width), Some(height)) = (parse(6), parse(7), parse(8), parse(9)) else {
            continue;
        };
        let key = (f[2].to_owned(), f[3].to_owned(), f[4].to_owned());
        let centre = (x + (left + width / 2) / 4, y + (top + height / 2) / 4);
        match lines.last_mut() {
            Some((last, line)) if *last == key => line.push((f[11].trim().to_owned(), centre)),
            _ => lines.push((key, vec![(f[11].trim().to_owned(), centre)])),
        }
    }
    lines.into_iter().find_map(|(_, line)| {
        let all = words.iter().all(|w| line.iter().any(|(text, _)| text.contains(w)));
        let first = line.iter().find(|(text, _)| text.contains(words[0]))?;
        all.then_some(first.1)
    })
}

/// tesseract's (block, paragraph, line) numbers, which say which words share a line.
type LineKey = (String, String, String);
/// A word OCR read and its centre on the screen.
type Word = (String, (i32, i32));

/// The text OCR reads in the screen's `area` (width, height, x, y): a screenshot cut to it, grey,
/// thresholded and enlarged 4× for tesseract.
pub fn read_text(session: &Session, area: (i32, i32, i32, i32), dir: &Path) -> String {
    let (w, h, x, y) = area;
    let (shot, cut) = (dir.join("read-text.png"), dir.join("read-text-cut.png"));
    let (shot_s, cut_s) = (shot.to_str().expect("utf-8"), cut.to_str().expect("utf-8"));
    session.tool("import", &["-window", "root", shot_s]);
    let crop = format!("{w}x{h}+{x}+{y}");
    session.tool(
        "convert",
        &[shot_s, "-crop", &crop, "-colorspace", "Gray", "-threshold", "85%", "-resize", "400%", cut_s],
    );
    String::from_utf8_lossy(&session.tool("tesseract", &[cut_s, "stdout", "--psm", "6"]).stdout).into_owned()
}

/// The dropdown as it reads now: opened with a click on `icon`, the pointer moved off it (the row
/// under it is drawn highlighted, which OCR reads badly), read twice — the second reading of the
/// same screenshot thresholded and scaled differently, since the menu's font at 85 % reads
/// "Komprimiert" as "Kompnmiert" now and then — and closed again. A word must be in either reading.
pub fn read_dropdown(session: &Session, icon: (i32, i32, i32, i32), dir: &Path) -> String {
    let menu = open_menu(session, icon, dir);
    session.tool("xdotool", &["mousemove", "10", "700"]);
    std::thread::sleep(Duration::from_millis(300));
    let mut text = read_text(session, menu, dir);
    let (w, h, x, y) = menu;
    let (shot, cut) = (dir.join("read-text.png"), dir.join("read-text-2.png"));
    let (shot, cut) = (shot.to_str().expect("utf-8"), cut.to_str().expect("utf-8"));
    let crop = format!("{w}x{h}+{x}+{y}");
    session
        .tool("convert", &[shot, "-crop", &crop, "-colorspace", "Gray", "-threshold", "70%", "-resize", "300%", cut]);
    text.push_str(&String::from_utf8_lossy(&session.tool("tesseract", &[cut, "stdout", "--psm", "6"]).stdout));
    session.tool("xdotool", &["key", "Escape"]);
    wait_for("the menu closed", Duration::from_secs(10), || (!menu_visible(session)).then_some(()));
    text
}
