//! What differs per OS in the app's shell, chosen once here so the rest of `app/` carries no `cfg`:
//! whether a GUI session is there, the activation policy, the run-loop wake-up, template icons and
//! the sparkline's form.

pub mod session;

#[cfg(target_os = "linux")]
pub mod sni_linux;
#[cfg(target_os = "linux")]
pub use sni_linux as sni;
#[cfg(not(target_os = "linux"))]
pub mod sni_unsupported;
#[cfg(not(target_os = "linux"))]
pub use sni_unsupported as sni;

#[cfg(not(target_os = "macos"))]
mod linux;
#[cfg(not(target_os = "macos"))]
pub use linux::*;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::*;
