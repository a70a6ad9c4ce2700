//! `headroom setup login` and `headroom setup desktop`: per-user integration, no root needed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// This program's own path, resolved, for the entries to run.
fn this_program() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot tell where this program is")?;
    Ok(exe.canonicalize().unwrap_or(exe))
}

/// Starts Headroom at login (or stops doing so): the same files as the menu's "Launch at Login".
pub fn login(remove: bool) -> anyhow::Result<ExitCode> {
    let path = crate::setup::login::login_item_path().context("no home directory for the login item")?;
    if remove {
        let was_there = path.exists();
        crate::setup::login::disable().with_context(|| format!("cannot remove {}", path.display()))?;
        if was_there {
            println!("Removed {}: Headroom no longer starts at login.", path.display());
        } else {
            println!("Headroom was not set to start at login ({} does not exist).", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let exe = this_program()?;
    let written = crate::setup::login::enable(&exe).with_context(|| format!("cannot write {}", path.display()))?;
    println!("Headroom will start at login: {} runs {}", written.display(), exe.display());
    Ok(ExitCode::SUCCESS)
}

/// Linux: adds Headroom to the applications menu with its icon (or removes it).
pub fn desktop(remove: bool) -> anyhow::Result<ExitCode> {
    if cfg!(target_os = "macos") {
        println!("Not needed on macOS: drag Headroom.app into Applications (see the README's Install section).");
        return Ok(ExitCode::SUCCESS);
    }
    let home = crate::setup::desktop::data_home().context("no home directory for the desktop entry")?;
    let paths = if remove {
        crate::setup::desktop::remove(&home).with_context(|| format!("cannot remove from {}", home.display()))?
    } else {
        let exe = this_program()?;
        crate::setup::desktop::install(&home, &exe).with_context(|| format!("cannot write into {}", home.display()))?
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
