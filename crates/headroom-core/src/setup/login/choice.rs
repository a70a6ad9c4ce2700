//! Which login-item mechanism Headroom uses, decided from the program's path and the OS version:
//! pure, so every case is a table row in the tests below.

use std::path::{Path, PathBuf};

/// The operating system as far as the choice cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// macOS with its product version (`kern.osproductversion`), when it could be read.
    MacOs(Option<MacOsVersion>),
    /// Linux and the rest: the XDG autostart entry.
    Other,
}

/// A macOS product version such as 15.3.1 (the patch level is not needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MacOsVersion {
    pub major: u32,
    pub minor: u32,
}

impl MacOsVersion {
    /// `SMAppService` is macOS 13's: "In macOS 13 and later, use SMAppService to register and
    /// control LoginItems" (developer.apple.com/documentation/servicemanagement/smappservice).
    pub const SM_APP_SERVICE: MacOsVersion = MacOsVersion { major: 13, minor: 0 };

    /// Parses `kern.osproductversion`'s text ("15.3.1", "13.0", "10.16"); None for anything else.
    pub fn parse(text: &str) -> Option<MacOsVersion> {
        let mut parts = text.trim().trim_end_matches('\0').split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |minor| minor.parse().ok())?;
        Some(MacOsVersion { major, minor })
    }
}

/// How Headroom starts at login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// `SMAppService.mainApp`: the app itself, listed in System Settings › General › Login Items.
    MainAppService,
    /// `~/Library/LaunchAgents/<bundle id>.plist` with `RunAtLoad`.
    LaunchAgent,
    /// `~/.config/autostart/headroom.desktop` (freedesktop Desktop Application Autostart).
    XdgAutostart,
}

impl Mechanism {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Mechanism::MainAppService => "SMAppService (System Settings › Login Items)",
            Mechanism::LaunchAgent => "LaunchAgent",
            Mechanism::XdgAutostart => "XDG autostart entry",
        }
    }
}

/// The refusal: the program runs from a translocated copy, which is gone after a restart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Headroom is running from a temporary read-only copy that macOS made of the downloaded app \
     ({}); a login item would point at a copy that is gone after a restart. Move Headroom.app into \
     Applications (drag it there in Finder), open it from there, then turn Launch at Login on again",
    path.display()
)]
pub struct Translocated {
    pub path: PathBuf,
}

/// The `.app` bundle `exe` runs from, when it is a bundle's main executable (`X.app/Contents/MacOS/exe`).
pub fn app_bundle(exe: &Path) -> Option<&Path> {
    let macos = exe.parent()?;
    let contents = macos.parent()?;
    let bundle = contents.parent()?;
    let is_bundle = macos.file_name()? == "MacOS"
        && contents.file_name()? == "Contents"
        && bundle.extension().is_some_and(|ext| ext == "app");
    is_bundle.then_some(bundle)
}

/// Whether `path` lies inside a translocated copy. Gatekeeper runs a quarantined app that was not
/// moved from where it was unzipped "from randomized, read-only locations" (Apple Platform Security,
/// "Gatekeeper and runtime protection in macOS", support.apple.com/guide/security/sec5599b66df):
/// `/private/var/folders/<xx>/<…>/T/AppTranslocation/<UUID>/d/Name.app`. The shape is not an API,
/// so on a Mac `SecTranslocateIsTranslocatedURL` is asked as well (see `macos.rs`).
pub fn looks_translocated(path: &Path) -> bool {
    path.iter().any(|part| part == "AppTranslocation")
}

/// The mechanism for the program at `exe` on `os`. `system_says_translocated` is the Security
/// framework's answer for the bundle (None when it could not be asked).
///
/// bundle + macOS ≥ 13 → SMAppService; bundle on an older or unknown macOS → LaunchAgent; bare
/// binary → LaunchAgent; translocated → refused; anything but macOS → XDG autostart.
pub fn choose(os: Os, exe: &Path, system_says_translocated: Option<bool>) -> Result<Mechanism, Translocated> {
    if os == Os::Other {
        return Ok(Mechanism::XdgAutostart);
    }
    let bundle = app_bundle(exe);
    if looks_translocated(exe) || system_says_translocated == Some(true) {
        return Err(Translocated { path: bundle.unwrap_or(exe).to_owned() });
    }
    Ok(if service_available(os, exe) { Mechanism::MainAppService } else { Mechanism::LaunchAgent })
}

/// Whether `SMAppService.mainApp` can be asked about the program at `exe`: a bundle on macOS 13 or later.
pub fn service_available(os: Os, exe: &Path) -> bool {
    let Os::MacOs(Some(version)) = os else { return false };
    app_bundle(exe).is_some() && version >= MacOsVersion::SM_APP_SERVICE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Translocated paths recorded on real Macs (sources in the fixture's first lines).
    const RECORDED: &str = include_str!("../../../tests/fixtures/macos/translocated-paths.txt");
    /// Headroom's executable inside the recorded Glimpse copy's folder, and the same seen through /var.
    const FOLDER_F8: &str = "/private/var/folders/f8/91ygcnx16fb5yldgcmns99q00000gn/T/AppTranslocation/AC3B5A71-864A-4798-8CCD-2AA3B92CF5CA/d/Headroom.app/Contents/MacOS/headroom-app";
    const VAR_LINK: &str = "/var/folders/f8/91ygcnx16fb5yldgcmns99q00000gn/T/AppTranslocation/AC3B5A71-864A-4798-8CCD-2AA3B92CF5CA/d/Headroom.app/Contents/MacOS/headroom";

    fn recorded() -> Vec<&'static str> {
        RECORDED.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()).collect()
    }

    fn v(major: u32, minor: u32) -> Option<MacOsVersion> {
        Some(MacOsVersion { major, minor })
    }

    #[test]
    fn versions_parse_as_the_sysctl_prints_them() {
        assert_eq!(MacOsVersion::parse("15.3.1"), v(15, 3));
        assert_eq!(MacOsVersion::parse("13.0\0"), v(13, 0));
        assert_eq!(MacOsVersion::parse("26"), v(26, 0));
        // A binary built against an SDK older than 11 is told "10.16" (XNU's system version compat).
        assert_eq!(MacOsVersion::parse("10.16"), v(10, 16));
        assert_eq!(MacOsVersion::parse(""), None);
        assert_eq!(MacOsVersion::parse("fifteen"), None);
        assert!(MacOsVersion::parse("12.7.6") < Some(MacOsVersion::SM_APP_SERVICE));
        assert!(MacOsVersion::parse("13.0") >= Some(MacOsVersion::SM_APP_SERVICE));
    }

    #[test]
    fn the_bundle_is_found_only_for_its_main_executables() {
        let exe = Path::new("/Applications/Headroom.app/Contents/MacOS/headroom-app");
        assert_eq!(app_bundle(exe), Some(Path::new("/Applications/Headroom.app")));
        assert_eq!(app_bundle(Path::new(FOLDER_F8)).map(|b| b.ends_with("d/Headroom.app")), Some(true));
        for bare in [
            "/opt/homebrew/bin/headroom",
            "/Users/a/.cargo/bin/headroom",
            "/Applications/Headroom.app/Contents/Resources/headroom",
            "/Applications/Headroom/Contents/MacOS/headroom",
            "headroom",
        ] {
            assert_eq!(app_bundle(Path::new(bare)), None, "{bare}");
        }
    }

    #[test]
    fn translocated_paths_are_recognised_and_ordinary_ones_are_not() {
        assert_eq!(recorded().len(), 3);
        for path in recorded().into_iter().chain([FOLDER_F8, VAR_LINK]) {
            assert!(looks_translocated(Path::new(path)), "{path}");
        }
        for path in [
            "/Applications/Headroom.app/Contents/MacOS/headroom-app",
            "/Users/a/Downloads/Headroom.app/Contents/MacOS/headroom-app",
            "/private/var/folders/f8/91ygcnx16fb5yldgcmns99q00000gn/T/cargo-install/headroom",
            "/Users/a/AppTranslocationNotes/Headroom.app/Contents/MacOS/headroom-app",
        ] {
            assert!(!looks_translocated(Path::new(path)), "{path}");
        }
    }

    /// OS, program, the Security framework's answer, the choice.
    type Row = (Os, &'static str, Option<bool>, Result<Mechanism, Translocated>);

    #[test]
    fn the_mechanism_follows_place_and_version() {
        use Mechanism::*;
        let app = "/Applications/Headroom.app/Contents/MacOS/headroom-app";
        let cli_in_app = "/Applications/Headroom.app/Contents/MacOS/headroom";
        let bare = "/opt/homebrew/bin/headroom";
        let refused = |path: &str| Err(Translocated { path: PathBuf::from(path) });
        let translocated_bundle = FOLDER_F8.trim_end_matches("/Contents/MacOS/headroom-app");
        #[rustfmt::skip]
        let table: [Row; 14] = [
            (Os::MacOs(v(15, 3)), app, None, Ok(MainAppService)),
            (Os::MacOs(v(13, 0)), app, Some(false), Ok(MainAppService)),
            (Os::MacOs(v(26, 0)), cli_in_app, None, Ok(MainAppService)),
            (Os::MacOs(v(12, 7)), app, None, Ok(LaunchAgent)),
            (Os::MacOs(v(10, 16)), app, None, Ok(LaunchAgent)),
            (Os::MacOs(None), app, None, Ok(LaunchAgent)),
            (Os::MacOs(v(15, 0)), bare, None, Ok(LaunchAgent)),
            (Os::MacOs(v(12, 0)), bare, None, Ok(LaunchAgent)),
            (Os::MacOs(v(15, 3)), FOLDER_F8, None, refused(translocated_bundle)),
            (Os::MacOs(v(12, 7)), FOLDER_F8, Some(true), refused(translocated_bundle)),
            (Os::MacOs(v(15, 3)), VAR_LINK, Some(false), refused(VAR_LINK.trim_end_matches("/Contents/MacOS/headroom"))),
            // The Security framework knows a nullfs copy whatever its path looks like.
            (Os::MacOs(v(15, 3)), app, Some(true), refused("/Applications/Headroom.app")),
            (Os::Other, "/home/a/.cargo/bin/headroom", None, Ok(XdgAutostart)),
            // Linux is left as it was, whatever the path.
            (Os::Other, FOLDER_F8, None, Ok(XdgAutostart)),
        ];
        for (os, exe, system, want) in table {
            assert_eq!(choose(os, Path::new(exe), system), want, "{os:?} {exe} {system:?}");
        }
    }

    #[test]
    fn the_refusal_says_what_to_do() {
        let error = choose(Os::MacOs(v(15, 3)), Path::new(FOLDER_F8), None).expect_err("refused");
        let text = error.to_string();
        assert!(text.contains("Move Headroom.app into Applications"), "{text}");
        assert!(text.contains("/AppTranslocation/AC3B5A71-864A-4798-8CCD-2AA3B92CF5CA/d/Headroom.app"), "{text}");
    }
}
