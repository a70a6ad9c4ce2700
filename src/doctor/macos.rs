//! macOS's own checks: how and from where the app runs (bundle, App Translocation, signature kind).
//! Notification authorization and the login item's state join here from their own rooms.

use std::path::Path;

use super::Check;
use super::bundle::{app_bundle, bundle_of};

pub fn checks() -> Vec<Check> {
    let exe = crate::sys::exe::this_program().ok();
    let bundle = exe.as_deref().and_then(bundle_of);
    vec![app_bundle(bundle.as_deref(), bundle.as_deref().map(codesign_display))]
}

/// `codesign --display --verbose=2` prints its findings on stderr.
fn codesign_display(bundle: &Path) -> Result<String, String> {
    let output = std::process::Command::new("/usr/bin/codesign")
        .args(["--display", "--verbose=2"])
        .arg(bundle)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|error| format!("cannot run /usr/bin/codesign: {error}"))?;
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() || text.contains("not signed at all") { Ok(text) } else { Err(text.trim().to_owned()) }
}
