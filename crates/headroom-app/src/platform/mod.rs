//! What differs per OS in the app's shell, chosen once here so the rest of `app/` carries no `cfg`:
//! whether a GUI session is there, the activation policy, the run-loop wake-up, template icons and
//! the sparkline's form.

pub mod session;

#[cfg(not(target_os = "macos"))]
mod linux;
#[cfg(not(target_os = "macos"))]
pub use linux::*;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::*;
