//! `headroom setup login` and `headroom setup desktop`: per-user integration, no root needed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// This program's own path, resolved, for the entries to run.
fn this_program() -> anyhow::Result<PathBuf> {
    headroom_core::sys::exe::this_program().context("cannot tell where this program is")
}

/// The menu-bar app beside this program: what a login item starts, the same file the menu's
/// "Launch at Login" writes, so the two never disagree about the entry (`Exec=…/headroom-app`).
/// This program itself when the app is not beside it (a build run from elsewhere): `headroom`
/// with no command becomes the app too.
fn app_program() -> anyhow::Result<PathBuf> {
    let this = this_program()?;
    let app = this.with_file_name(super::APP_BINARY);
    Ok(if app.is_file() { app } else { this })
}

/// Starts Headroom at login (or stops doing so), by the same path as the menu's "Launch at Login":
/// `SMAppService` for the bundle on macOS 13+, else a LaunchAgent (macOS) or an autostart entry (Linux).
pub fn login(remove: bool) -> anyhow::Result<ExitCode> {
    use headroom_core::setup::login::{self, Enabled, ServiceStatus};
    let exe = app_program()?;
    if remove {
        let done = login::disable(&exe)?;
        if done.unregistered {
            println!("Removed Headroom from System Settings › General › Login Items.");
        }
        if let Some(path) = &done.removed {
            println!("Removed {}: Headroom no longer starts at login.", path.display());
        }
        if !done.unregistered && done.removed.is_none() {
            let path = login::item_file_path().context("no home directory for the login item")?;
            println!("Headroom was not set to start at login ({} does not exist).", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    match login::enable(&exe)? {
        Enabled::Wrote { path } => println!("Headroom will start at login: {} runs {}", path.display(), exe.display()),
        Enabled::Registered { status, removed_agent } => {
            if let Some(old) = removed_agent {
                println!("Removed the older LaunchAgent {}.", old.display());
            }
            if status == ServiceStatus::RequiresApproval {
                println!("Headroom is registered as a login item; macOS asks you to approve it:");
                println!("turn Headroom on in System Settings › General › Login Items.");
            } else {
                println!("Headroom will start at login (listed in System Settings › General › Login Items).");
            }
        }
        Enabled::FellBack { path, why } => {
            println!("macOS's login items refused Headroom ({why});");
            println!("Headroom will start at login through {} instead, which runs {}", path.display(), exe.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Linux: adds Headroom to the applications menu with its icon (or removes it).
pub fn desktop(remove: bool) -> anyhow::Result<ExitCode> {
    if headroom_core::sys::PLATFORM == headroom_core::Platform::Macos {
        println!("Not needed on macOS: drag Headroom.app into Applications (see the README's Install section).");
        return Ok(ExitCode::SUCCESS);
    }
    let home = headroom_core::setup::desktop::data_home().context("no home directory for the desktop entry")?;
    let paths = if remove {
        headroom_core::setup::desktop::remove(&home)
            .with_context(|| format!("cannot remove from {}", home.display()))?
    } else {
        let exe = this_program()?;
        headroom_core::setup::desktop::install(&home, &exe)
            .with_context(|| format!("cannot write into {}", home.display()))?
    };
    let verb = if remove { "Removed" } else { "Wrote" };
    for path in &paths {
        println!("{verb} {}", path.display());
    }
    if remove && paths.is_empty() {
        println!("Nothing to remove under {}.", home.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `headroom export` as a service of this user: writes the systemd user unit (Linux) or the
/// LaunchAgent (macOS) running this program, and starts it; `--remove` stops it and deletes the file.
pub fn exporter(remove: bool) -> anyhow::Result<ExitCode> {
    use headroom_core::setup::exporter::{self, Manager};
    let dirs = directories::BaseDirs::new().context("no home directory for the service file")?;
    let manager = Manager::here();
    let path = manager.path(dirs.home_dir(), dirs.config_dir());
    let uid = home_owner(dirs.home_dir());
    let domain = format!("gui/{uid}");
    if remove {
        run_quietly(&exporter::stop_command(manager, &domain));
        if headroom_core::setup::file::remove(&path).with_context(|| format!("cannot remove {}", path.display()))? {
            println!("Removed {}: the exporter no longer runs.", path.display());
        } else {
            println!("The exporter was not set up ({} does not exist).", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let exe = this_program()?;
    headroom_core::setup::file::write(&path, manager.render(&exe))
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("Wrote {}: it runs {} export on 127.0.0.1:9787.", path.display(), exe.display());
    match exporter::start(manager, &domain, &path, &mut |command| run_quietly(command), &mut std::thread::sleep) {
        Ok(()) => println!("Started: curl http://127.0.0.1:9787/metrics"),
        Err(command) => println!("Could not run `{}`; run it yourself to start the exporter now.", command.join(" ")),
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a service-manager command (a fixed program, arguments as data) for at most 30 s; true
/// when it succeeded.
fn run_quietly(command: &[String]) -> bool {
    let Some((program, args)) = command.split_first() else { return false };
    headroom_core::sys::command::run_to_end(program, args, std::time::Duration::from_secs(30))
        .is_ok_and(|finished| finished.status.success())
}

/// The user id for launchctl's `gui/<uid>` domain: the home directory's owner, which is the user
/// running this (no unsafe call to getuid needed).
#[cfg(unix)]
fn home_owner(home: &std::path::Path) -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(home).map_or(0, |m| m.uid())
}

#[cfg(not(unix))]
fn home_owner(_home: &std::path::Path) -> u32 {
    0
}
