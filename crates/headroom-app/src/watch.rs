//! The app's way out when it cannot show a menu bar: it becomes `headroom watch`.

use std::process::ExitCode;

/// Becomes `headroom watch`, the command line installed beside this program (exec: the process, its
/// pid and its exit status are the command's).
#[cfg(unix)]
pub fn watch_instead() -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    use std::os::unix::process::CommandExt;
    let cli = headroom_core::sys::exe::this_program()
        .context("cannot tell where this program is")?
        .with_file_name("headroom");
    let error = std::process::Command::new(&cli).arg("watch").exec();
    Err(error).with_context(|| format!("cannot run {}", cli.display()))
}

#[cfg(not(unix))]
pub fn watch_instead() -> anyhow::Result<ExitCode> {
    anyhow::bail!("no menu bar here; run `headroom watch`")
}
