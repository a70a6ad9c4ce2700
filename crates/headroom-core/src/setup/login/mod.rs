//! Launch at login, one path for the menu and `headroom setup login`: the mechanism (pure, `choice`),
//! the files (`files`), the system's login-item API (`macos.rs`), and the state a doctor reports (`state`).

mod choice;
mod files;
mod state;

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
use macos as system;
#[cfg(not(target_os = "macos"))]
mod unsupported;
#[cfg(not(target_os = "macos"))]
use unsupported as system;

use std::io;
use std::path::{Path, PathBuf};

use crate::sys::exe::this_program;

pub use choice::{
    MacOsVersion, Mechanism, Os, Translocated, app_bundle, choose, looks_translocated, service_available,
};
pub use files::{
    AUTOSTART_TEMPLATE, BUNDLE_ID, LAUNCH_AGENT_TEMPLATE, autostart_program, desktop_entry, launch_agent,
    launch_agent_path, launch_agent_program, quote_exec,
};
pub use state::{Assessment, Health, ItemFile, LoginState, ServiceStatus};

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error(transparent)]
    Translocated(#[from] Translocated),
    #[error("no home directory for the login item")]
    NoHome,
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot remove {}: {source}", path.display())]
    Remove { path: PathBuf, source: io::Error },
    #[error("the system would not remove Headroom from its login items: {0}")]
    Unregister(ServiceError),
}

/// Why `SMAppService` would not register or unregister the app.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    /// The system's refusal: its NSError's description and code.
    #[error("{description} (code {code})")]
    Refused { description: String, code: isize },
    /// Asked away from macOS (never, in practice: `choose` picks SMAppService only on macOS).
    #[error("SMAppService exists only on macOS")]
    Unavailable,
}

impl LoginError {
    /// A few words for the menu item.
    pub fn menu_note(&self) -> String {
        match self {
            LoginError::Translocated(_) => "move Headroom to Applications first".into(),
            other => format!("not changed: {other}"),
        }
    }
}

/// What turning the login item on did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enabled {
    /// The LaunchAgent or autostart entry at `path` was written.
    Wrote { path: PathBuf },
    /// `SMAppService.mainApp` is registered (`status` enabled or requiresApproval); a LaunchAgent
    /// left from an earlier Headroom was removed, since it would start a second copy.
    Registered { status: ServiceStatus, removed_agent: Option<PathBuf> },
    /// `SMAppService` refused (`why`), so the LaunchAgent at `path` was written instead.
    FellBack { path: PathBuf, why: ServiceError },
}

/// What turning the login item off removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disabled {
    /// The LaunchAgent or autostart entry, when there was one.
    pub removed: Option<PathBuf>,
    /// Whether `SMAppService.mainApp` was registered and is no longer.
    pub unregistered: bool,
}

/// The mechanism for the program at `exe` on this machine, or why none may be written.
pub(crate) fn mechanism(exe: &Path) -> Result<Mechanism, Translocated> {
    let os = system::os();
    let asked = match os {
        Os::MacOs(_) => system::translocated(app_bundle(exe).unwrap_or(exe)),
        Os::Other => None,
    };
    choose(os, exe, asked)
}

/// Where this platform's login-item file goes (the LaunchAgent on macOS, the autostart entry elsewhere).
pub fn item_file_path() -> Option<PathBuf> {
    files::item_path(file_mechanism(system::os()))
}

/// Starts the program at `exe` at login; refuses a translocated copy.
pub fn enable(exe: &Path) -> Result<Enabled, LoginError> {
    match mechanism(exe)? {
        Mechanism::MainAppService => {
            let status = system::service_status();
            // Registering twice is an error (kSMErrorAlreadyRegistered); a registered item stays as it is.
            let registered = if status.is_registered() { Ok(()) } else { system::register() };
            match registered {
                Ok(()) => {
                    let removed_agent = remove_file(Mechanism::LaunchAgent)?;
                    Ok(Enabled::Registered { status: system::service_status(), removed_agent })
                }
                // An unsigned or ad-hoc-signed app may be refused ("Operation not permitted", status
                // notFound: rajish/cc-hdrm#108); a LaunchAgent needs no signature.
                Err(why) => {
                    tracing::warn!(%why, "SMAppService refused the login item; writing a LaunchAgent instead");
                    Ok(Enabled::FellBack { path: write_file(Mechanism::LaunchAgent, exe)?, why })
                }
            }
        }
        mechanism => Ok(Enabled::Wrote { path: write_file(mechanism, exe)? }),
    }
}

/// Stops starting at login. Never refused: even a translocated copy may take away what it finds.
pub fn disable(exe: &Path) -> Result<Disabled, LoginError> {
    let os = system::os();
    let unregistered = service_available(os, exe) && system::service_status().is_registered();
    if unregistered {
        system::unregister().map_err(LoginError::Unregister)?;
    }
    Ok(Disabled { removed: remove_file(file_mechanism(os))?, unregistered })
}

/// The login item as it is now, judged for the program at `exe`.
pub fn state(exe: &Path) -> LoginState {
    let os = system::os();
    let service = service_available(os, exe).then(system::service_status);
    let file = files::item_path(file_mechanism(os)).filter(|path| path.exists()).map(|path| read_item(path, os));
    LoginState { mechanism: mechanism(exe), service, file }
}

/// For `headroom doctor`: the login item's state for this program and its grade.
pub(crate) fn check() -> (LoginState, Assessment) {
    let state = match this_program() {
        Ok(exe) => state(&exe),
        Err(_) => LoginState { mechanism: Ok(file_mechanism(system::os())), service: None, file: None },
    };
    let assessment = state.assess();
    (state, assessment)
}

/// Whether Headroom starts at login (or will, once approved), for this program.
pub fn is_enabled() -> bool {
    this_program().is_ok_and(|exe| state(&exe).is_on())
}

fn file_mechanism(os: Os) -> Mechanism {
    match os {
        Os::MacOs(_) => Mechanism::LaunchAgent,
        Os::Other => Mechanism::XdgAutostart,
    }
}

fn read_item(path: PathBuf, os: Os) -> ItemFile {
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let program = match os {
        Os::MacOs(_) => launch_agent_program(&text),
        Os::Other => autostart_program(&text),
    };
    let program_exists = program.as_ref().is_some_and(|p| p.exists());
    ItemFile { path, program, program_exists }
}

fn write_file(mechanism: Mechanism, exe: &Path) -> Result<PathBuf, LoginError> {
    let path = files::item_path(mechanism).ok_or(LoginError::NoHome)?;
    let content = match mechanism {
        Mechanism::XdgAutostart => desktop_entry(exe),
        _ => launch_agent(exe),
    };
    super::file::write(&path, &content).map_err(|source| LoginError::Write { path: path.clone(), source })?;
    Ok(path)
}

fn remove_file(mechanism: Mechanism) -> Result<Option<PathBuf>, LoginError> {
    let Some(path) = files::item_path(mechanism) else { return Ok(None) };
    match super::file::remove(&path) {
        Ok(was_there) => Ok(was_there.then_some(path)),
        Err(source) => Err(LoginError::Remove { path, source }),
    }
}
