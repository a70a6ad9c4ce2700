//! Systems without checks of their own: only the shared ones (`gather.rs`) run.

use super::Check;

pub(crate) fn checks() -> Vec<Check> {
    Vec::new()
}
