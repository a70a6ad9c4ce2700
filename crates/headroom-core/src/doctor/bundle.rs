//! Where the app runs from and how it is signed: the `.app` around the executable, App
//! Translocation, and what `codesign --display` says (ad hoc, Developer ID, other) — pure, so the
//! macOS check is tested here on recorded codesign output.

use std::path::{Path, PathBuf};

use super::Check;

/// How the running app is signed; this decides whether Notification Center will talk to it
/// (usernoted refuses ad-hoc-signed clients) and whether Gatekeeper lets it open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Signature {
    AdHoc,
    DeveloperId {
        authority: String,
        team: String,
        hardened_runtime: bool,
    },
    /// Signed, but not for distribution (e.g. "Apple Development: …"), or an Apple platform binary.
    Other(String),
    Unsigned,
}

/// Reads codesign's `key=value` lines (it prints them on stderr).
pub(crate) fn parse(display: &str) -> Signature {
    let value = |key: &str| display.lines().find_map(|line| line.trim().strip_prefix(key).map(str::to_owned));
    if display.contains("code object is not signed at all") {
        return Signature::Unsigned;
    }
    if value("Signature=").as_deref() == Some("adhoc") {
        return Signature::AdHoc;
    }
    let runtime = display.lines().any(|line| line.starts_with("CodeDirectory ") && line.contains("runtime"));
    match value("Authority=") {
        Some(authority) if authority.starts_with("Developer ID Application:") => Signature::DeveloperId {
            team: value("TeamIdentifier=").unwrap_or_default(),
            authority,
            hardened_runtime: runtime,
        },
        Some(authority) => Signature::Other(authority),
        None => Signature::Unsigned,
    }
}

/// The `.app` folder around `exe` (…/Headroom.app/Contents/MacOS/headroom), if any.
pub(crate) fn bundle_of(exe: &Path) -> Option<PathBuf> {
    exe.ancestors().find(|dir| dir.extension().is_some_and(|e| e == "app")).map(Path::to_path_buf)
}

/// Where the app runs from and how it is signed, and what that means for the user.
pub fn app_bundle(bundle: Option<&Path>, display: Option<Result<String, String>>) -> Check {
    let Some(bundle) = bundle else {
        return Check::warn(
            "app bundle",
            "running outside Headroom.app (a bare binary)",
            "notifications go through osascript; install Headroom.app for Notification Center and a login item",
        );
    };
    // Gatekeeper runs a quarantined app from a random read-only path (App Translocation) until it is moved.
    if crate::setup::login::looks_translocated(bundle) {
        return Check::fail(
            "app bundle",
            format!("translocated: {}", bundle.display()),
            "move Headroom.app to /Applications (Finder), then open it from there",
        );
    }
    let signed = match display {
        Some(Ok(text)) => parse(&text),
        Some(Err(why)) => {
            return Check::warn(
                "app bundle",
                format!("{}: codesign: {why}", bundle.display()),
                "reinstall Headroom.app",
            );
        }
        None => Signature::Unsigned,
    };
    match signed {
        Signature::DeveloperId { team, hardened_runtime: true, .. } => {
            Check::ok("app bundle", format!("{}, Developer ID ({team}), hardened runtime", bundle.display()))
        }
        Signature::DeveloperId { team, .. } => Check::warn(
            "app bundle",
            format!("{}, Developer ID ({team}) without the hardened runtime", bundle.display()),
            "notarization needs the hardened runtime: rebuild with HEADROOM_SIGN_IDENTITY set",
        ),
        Signature::AdHoc => Check::warn(
            "app bundle",
            format!("{}, signed ad hoc", bundle.display()),
            "Notification Center refuses ad-hoc-signed apps (osascript is used instead); a Developer ID build fixes it",
        ),
        Signature::Other(authority) => Check::warn(
            "app bundle",
            format!("{}, signed by {authority}", bundle.display()),
            "only Developer ID builds are accepted by Gatekeeper on other Macs",
        ),
        Signature::Unsigned => Check::fail(
            "app bundle",
            format!("{} is not signed", bundle.display()),
            "Apple Silicon refuses unsigned code: rebuild with scripts/bundle-macos.sh",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doctor::Status;

    #[test]
    fn where_it_runs_and_how_it_is_signed() {
        let exe = Path::new("/Applications/Headroom.app/Contents/MacOS/headroom-app");
        let bundle = bundle_of(exe).expect("inside a bundle");
        assert_eq!(bundle, Path::new("/Applications/Headroom.app"));
        assert_eq!(bundle_of(Path::new("/Users/me/.cargo/bin/headroom")), None);
        assert_eq!(app_bundle(None, None).status, Status::Warn);
        let adhoc = include_str!("../../tests/fixtures/macos/codesign-display-adhoc.txt");
        let checked = app_bundle(Some(&bundle), Some(Ok(adhoc.into())));
        assert_eq!(checked.status, Status::Warn);
        assert!(checked.fix.as_deref().is_some_and(|f| f.contains("Notification Center")), "{checked:?}");
        let devid = include_str!("../../tests/fixtures/macos/codesign-display-developer-id.txt");
        assert_eq!(app_bundle(Some(&bundle), Some(Ok(devid.into()))).status, Status::Ok);
        let moved = Path::new("/private/var/folders/x1/T/AppTranslocation/6B1C2F7E-0000/d/Headroom.app");
        assert_eq!(app_bundle(Some(moved), Some(Ok(devid.into()))).status, Status::Fail);
    }

    #[test]
    fn real_codesign_output_ad_hoc_and_developer_id() {
        let adhoc = include_str!("../../tests/fixtures/macos/codesign-display-adhoc.txt");
        assert_eq!(parse(adhoc), Signature::AdHoc);
        let devid = include_str!("../../tests/fixtures/macos/codesign-display-developer-id.txt");
        assert_eq!(
            parse(devid),
            Signature::DeveloperId {
                authority: "Developer ID Application: Packfiles Inc (LQ28J3F3JH)".into(),
                team: "LQ28J3F3JH".into(),
                hardened_runtime: true,
            }
        );
        assert_eq!(parse("foo: code object is not signed at all\n"), Signature::Unsigned);
        assert_eq!(
            parse("Authority=Apple Development: Jane (ABC)\n"),
            Signature::Other("Apple Development: Jane (ABC)".into())
        );
    }
}
