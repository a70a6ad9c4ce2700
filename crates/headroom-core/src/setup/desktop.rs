//! Linux desktop integration for one user: the application-menu entry and the hicolor icons.

use std::io;
use std::path::{Path, PathBuf};

/// The menu entry as shipped in resources/ (`@EXEC@` stands for the program).
pub(crate) const ENTRY_TEMPLATE: &str = include_str!("../../../../resources/linux/headroom.desktop");

/// The app icon at the hicolor sizes, rendered from assets/headroom-icon.svg (`cargo run --example icons`).
pub(crate) const ICONS: [(u32, &[u8]); 6] = [
    (16, include_bytes!("../../../../assets/icon/headroom-16.png")),
    (32, include_bytes!("../../../../assets/icon/headroom-32.png")),
    (64, include_bytes!("../../../../assets/icon/headroom-64.png")),
    (128, include_bytes!("../../../../assets/icon/headroom-128.png")),
    (256, include_bytes!("../../../../assets/icon/headroom-256.png")),
    (512, include_bytes!("../../../../assets/icon/headroom-512.png")),
];

/// The menu entry that runs `exe`.
pub fn entry(exe: &Path) -> String {
    ENTRY_TEMPLATE.replace("@EXEC@", &crate::setup::login::quote_exec(exe))
}

/// `$XDG_DATA_HOME` (default ~/.local/share), where per-user entries and icons go.
pub fn data_home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().to_owned())
}

/// Where the entry and each icon go under `data_home`.
pub(crate) fn paths(data_home: &Path) -> (PathBuf, Vec<(u32, PathBuf)>) {
    let entry = data_home.join("applications/headroom.desktop");
    let icons = ICONS
        .iter()
        .map(|(size, _)| (*size, data_home.join(format!("icons/hicolor/{size}x{size}/apps/headroom.png"))))
        .collect();
    (entry, icons)
}

/// Writes the entry (running `exe`) and the icons; returns what was written.
pub fn install(data_home: &Path, exe: &Path) -> io::Result<Vec<PathBuf>> {
    let (entry_path, icon_paths) = paths(data_home);
    let mut written = Vec::new();
    for ((_, bytes), (_, path)) in ICONS.iter().zip(icon_paths) {
        super::file::write(&path, bytes)?;
        written.push(path);
    }
    super::file::write(&entry_path, entry(exe))?;
    written.push(entry_path);
    Ok(written)
}

/// Removes the entry and the icons; returns what was there. Missing files are not an error.
pub fn remove(data_home: &Path) -> io::Result<Vec<PathBuf>> {
    let (entry_path, icon_paths) = paths(data_home);
    let mut removed = Vec::new();
    for path in std::iter::once(entry_path).chain(icon_paths.into_iter().map(|(_, p)| p)) {
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    // The folders `install` may have made, innermost first, each only if nothing else is in it
    // (remove_dir refuses a folder that is not empty): another app's icons are never touched.
    let icons = data_home.join("icons");
    for (size, _) in ICONS {
        let size_dir = icons.join(format!("hicolor/{size}x{size}"));
        let _ = std::fs::remove_dir(size_dir.join("apps"));
        let _ = std::fs::remove_dir(size_dir);
    }
    let _ = std::fs::remove_dir(icons.join("hicolor"));
    let _ = std::fs::remove_dir(icons);
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_takes_away_what_install_made_and_leaves_other_icons() {
        let home = tempfile::tempdir().expect("tempdir");
        install(home.path(), Path::new("/usr/bin/headroom")).expect("installed");
        let other = home.path().join("icons/hicolor/64x64/apps/other.png");
        std::fs::write(&other, b"png").expect("another app's icon");
        let removed = remove(home.path()).expect("removed");
        assert_eq!(removed.len(), ICONS.len() + 1);
        assert!(other.exists(), "another app's icon stays, and its folders with it");
        assert!(!home.path().join("icons/hicolor/16x16").exists(), "an emptied folder goes");
        std::fs::remove_file(&other).expect("removed");
        remove(home.path()).expect("removed again");
        assert!(!home.path().join("icons").exists(), "nothing left behind");
    }

    #[test]
    fn the_entry_runs_the_given_program_and_every_icon_is_a_png_of_its_size() {
        let text = entry(Path::new("/home/a/.cargo/bin/headroom"));
        assert!(text.contains("\nExec=/home/a/.cargo/bin/headroom\n"), "{text}");
        assert!(!text.contains('@'), "every placeholder filled");
        for (size, bytes) in ICONS {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{size}");
            // IHDR: width and height, big-endian, at bytes 16..24.
            let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
            let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
            assert_eq!((width, height), (size, size));
        }
    }
}
