//! Away from macOS there is no system login-item API: the XDG autostart file is the login item.

use std::path::Path;

use super::ServiceError;
use super::choice::Os;
use super::state::ServiceStatus;

pub(crate) fn os() -> Os {
    Os::Other
}

pub(crate) fn translocated(_path: &Path) -> Option<bool> {
    None
}

// `choose` never picks SMAppService away from macOS, so these are never reached; they answer plainly.
pub(crate) fn service_status() -> ServiceStatus {
    ServiceStatus::NotFound
}

pub(crate) fn register() -> Result<(), ServiceError> {
    Err(ServiceError::Unavailable)
}

pub(crate) fn unregister() -> Result<(), ServiceError> {
    Err(ServiceError::Unavailable)
}
