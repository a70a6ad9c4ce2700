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

/// `codesign --display --verbose=2` prints its findings on stderr; a hung one is ended after 10 s.
fn codesign_display(bundle: &Path) -> Result<String, String> {
    let args = [std::ffi::OsStr::new("--display"), std::ffi::OsStr::new("--verbose=2"), bundle.as_os_str()];
    let output = crate::sys::command::run_to_end("/usr/bin/codesign", &args, std::time::Duration::from_secs(10))
        .map_err(|error| error.to_string())?;
    let text = output.stderr;
    if output.status.success() || text.contains("not signed at all") { Ok(text) } else { Err(text.trim().to_owned()) }
}
