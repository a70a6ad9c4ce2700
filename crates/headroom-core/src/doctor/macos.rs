//! macOS's own checks: how and from where the app runs (bundle, App Translocation, signature kind).
//! Notification authorization and the login item's state join here from their own rooms.

use std::path::Path;

use super::Check;
use super::bundle::{app_bundle, bundle_of};
use crate::sys::command::{RunError, run_to_end};

pub(crate) fn checks() -> Vec<Check> {
    let exe = crate::sys::exe::this_program().ok();
    let bundle = exe.as_deref().and_then(bundle_of);
    let display = bundle.as_deref().map(|bundle| codesign_display(bundle).map_err(|error| error.to_string()));
    vec![app_bundle(bundle.as_deref(), display)]
}

/// Why codesign gave no findings: it did not run to the end, or it failed with its complaint.
#[derive(Debug, thiserror::Error)]
enum CodesignError {
    #[error(transparent)]
    Run(#[from] RunError),
    #[error("{0}")]
    Refused(String),
}

/// `codesign --display --verbose=2` prints its findings on stderr; a hung one is ended after 10 s.
fn codesign_display(bundle: &Path) -> Result<String, CodesignError> {
    let args = [std::ffi::OsStr::new("--display"), std::ffi::OsStr::new("--verbose=2"), bundle.as_os_str()];
    let output = run_to_end("/usr/bin/codesign", &args, std::time::Duration::from_secs(10))?;
    let text = output.stderr;
    if output.status.success() || text.contains("not signed at all") {
        Ok(text)
    } else {
        Err(CodesignError::Refused(text.trim().to_owned()))
    }
}
