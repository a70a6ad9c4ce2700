//! `headroom purge` and `headroom setup purge`: the OS's own reclaim, guarded and measured; the sudoers rule.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use headroom_core::history;
use headroom_core::model::Platform;
use headroom_core::purge::report::DryRun;
use headroom_core::purge::{self, PurgeError, permission, run, sudoers};
use headroom_core::sys::SystemReader;
use headroom_core::units::format_gb_as;

pub fn run(dry_run: bool, json: bool, force: bool) -> anyhow::Result<ExitCode> {
    let settings = super::common::settings();
    let units = settings.units.label();
    let mut reader = SystemReader::new().context("cannot open the memory counters")?;
    let before = reader.read().context("cannot read the memory counters")?;
    let attempts = purge::attempts(before.platform, run::is_root(), run::graphical(), settings.purge.linux_drop_caches);

    if dry_run {
        // The guards a real purge would meet now, so the plan does not promise what would be refused.
        let since_last = history::data_dir().and_then(|dir| run::since_last(&dir));
        let guards = purge::check_guards(&before, since_last, settings.purge.cooldown.duration(), force);
        let plan = DryRun {
            methods: attempts.iter().map(purge::Attempt::describe).collect(),
            reclaimable: before.memory.cached_files,
            wired: before.memory.wired,
            refused: guards.err().map(|why| why.to_string()),
        };
        if json {
            println!("{}", serde_json::to_string(&plan)?);
        } else {
            println!("Reclaimable now: {} of Cached Files", format_gb_as(plan.reclaimable, units));
            match &plan.refused {
                None => println!("Would run:       {}", plan.methods.join(", then ")),
                Some(why) => println!("Would refuse:    {why}"),
            }
            println!(
                "Not reclaimable: Wired {} — held by the kernel and drivers; no app can free it",
                format_gb_as(plan.wired, units)
            );
        }
        return Ok(ExitCode::SUCCESS);
    }

    let dir = history::data_dir().context("cannot find the data directory")?;
    let outcome = run::lock(&dir).and_then(|lock| {
        purge::check_guards(&before, run::since_last(&dir), settings.purge.cooldown.duration(), force)?;
        let limits = purge::TimeLimits::from_settings(&settings.purge);
        let report = run::purge(&dir, &before, &attempts, limits, || reader.read().ok());
        drop(lock);
        report
    });
    let report = match outcome {
        Ok(report) => report,
        Err(error) => {
            if json {
                println!("{}", serde_json::json!({ "error": error.to_string(), "kind": kind(&error) }));
            }
            eprintln!("headroom: purge: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    run::record(&dir, &before.boot_id, &report);
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        for line in report.lines(units) {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn kind(error: &PurgeError) -> &'static str {
    match error {
        PurgeError::CriticalPressure => "critical_pressure",
        PurgeError::AlreadyRunning(_) => "already_running",
        PurgeError::CoolingDown { .. } => "cooling_down",
        PurgeError::NeedsRights => "needs_rights",
        PurgeError::Cancelled => "cancelled",
        PurgeError::NotPermitted(_) => "not_permitted",
        PurgeError::TimedOut { .. } => "timed_out",
        PurgeError::Failed { .. } => "failed",
    }
}

/// `headroom setup purge [--remove] [--user NAME]`.
pub fn setup(remove: bool, user: Option<String>, sudoers_dir: &Path) -> anyhow::Result<ExitCode> {
    let path = sudoers_dir.join("headroom-purge");
    if !run::is_root() {
        let again = if remove { "sudo headroom setup purge --remove" } else { "sudo headroom setup purge" };
        eprintln!("headroom: setting up purge changes {}; run: {again}", path.display());
        return Ok(ExitCode::FAILURE);
    }
    if remove {
        match std::fs::remove_file(&path) {
            Ok(()) => println!("removed {}", path.display()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => println!("{} was not there", path.display()),
            Err(error) => return Err(error).with_context(|| format!("cannot remove {}", path.display())),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let user = user
        .or_else(|| std::env::var("SUDO_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .context("no user to allow: pass --user NAME")?;
    let platform = headroom_core::config::this_platform();
    let settings = super::common::settings();
    let Some(content) = sudoers::content(&user, platform, settings.purge.linux_drop_caches) else {
        eprintln!("headroom: `{user}` is not a user name sudoers can take");
        return Ok(ExitCode::from(2));
    };
    // Written beside the target under a name sudo ignores (it has a dot), checked, then moved in.
    let staging = sudoers_dir.join(".headroom-purge.new");
    std::fs::create_dir_all(sudoers_dir).with_context(|| format!("cannot create {}", sudoers_dir.display()))?;
    {
        let mut file =
            std::fs::File::create(&staging).with_context(|| format!("cannot write {}", staging.display()))?;
        file.write_all(content.as_bytes())?;
    }
    set_mode_0440(&staging)?;
    if let Err(why) = visudo_check(&staging) {
        let _ = std::fs::remove_file(&staging);
        eprintln!("headroom: the rule did not pass `visudo -cf`: {why}; nothing was installed");
        return Ok(ExitCode::FAILURE);
    }
    std::fs::rename(&staging, &path).with_context(|| format!("cannot move the rule to {}", path.display()))?;
    println!("installed {} (checked with visudo -cf):", path.display());
    print!("{content}");
    confirm(platform, sudoers_dir, &user, settings.purge.linux_drop_caches)
}

/// Asks sudo whether the installed rule now works, and says what to do when it does not.
fn confirm(platform: Platform, sudoers_dir: &Path, user: &str, drop_caches: u8) -> anyhow::Result<ExitCode> {
    let check = permission::check(platform, sudoers_dir, Some(user), drop_caches);
    let command = sudoers::allowed_command(platform, drop_caches).join(" ");
    let problems = check.problems(platform, sudoers_dir, Some(user), drop_caches);
    for line in &problems {
        eprintln!("headroom: {line}");
    }
    if check.ok() {
        println!("checked: sudo now lets `{user}` run {command} without a password");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "headroom: the rule stays in {}; fix the above and run `sudo -n -ll -U {user}` to check, \
         or remove it with `sudo headroom setup purge --remove`",
        sudoers_dir.display()
    );
    Ok(ExitCode::FAILURE)
}

/// The visudo that checks sudoers files, where sudo is installed.
pub const VISUDO: &str = "/usr/sbin/visudo";

pub fn visudo_check(file: &Path) -> Result<(), String> {
    let out = std::process::Command::new(VISUDO)
        .args(["-cf", &file.display().to_string()])
        .output()
        .map_err(|error| format!("cannot run {VISUDO} ({error}); install sudo"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stdout).trim().to_owned() + String::from_utf8_lossy(&out.stderr).trim())
    }
}

fn set_mode_0440(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o440))
        .with_context(|| format!("cannot set the mode of {}", path.display()))
}

pub fn default_sudoers_dir() -> PathBuf {
    PathBuf::from("/etc/sudoers.d")
}
