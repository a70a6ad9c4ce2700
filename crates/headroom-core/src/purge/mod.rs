//! Purge: the operating system's own reclaim, guarded, measured before and after, reported honestly.
//!
//! What decides (guards, attempt order, error parsing, the report) is pure and lives here; running
//! the fixed programs is in `run.rs`.

pub mod permission;
pub mod report;
pub mod run;
pub(crate) mod settle;
pub mod sudo_list;
pub mod sudoers;

use std::time::Duration;

use serde::Serialize;
use thiserror::Error;

use crate::model::{Platform, Pressure, Snapshot};

/// The fixed programs purge may run. Nothing is ever built from input or config.
pub(crate) const MAC_PURGE: &str = "/usr/sbin/purge";
pub(crate) const SUDO: &str = "/usr/bin/sudo";
pub(crate) const OSASCRIPT: &str = "/usr/bin/osascript";
pub(crate) const PKEXEC: &str = "/usr/bin/pkexec";
pub(crate) const SYSCTL: &str = "/usr/sbin/sysctl";
pub(crate) const DROP_CACHES: &str = "/proc/sys/vm/drop_caches";

/// How a purge is carried out, in the order tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Attempt {
    /// Linux as root: sync, then write the value to /proc/sys/vm/drop_caches.
    DropCachesDirect { value: u8 },
    /// `sudo -n <program> <args>`: works without a password once `headroom setup purge` ran.
    SudoNoPassword { program: &'static str, args: Vec<String> },
    /// Linux: `pkexec <program> <args>`, which asks for a password through the desktop's agent.
    Pkexec { program: &'static str, args: Vec<String> },
    /// macOS: an administrator password prompt through osascript, with a fixed script.
    AdminPrompt,
    /// macOS as root: /usr/sbin/purge directly.
    PurgeDirect,
}

impl Attempt {
    pub fn describe(&self) -> String {
        match self {
            Attempt::DropCachesDirect { value } => format!("sync, then {value} > {DROP_CACHES}"),
            Attempt::SudoNoPassword { program, args } => format!("{SUDO} -n {program} {}", args.join(" ")),
            Attempt::Pkexec { program, args } => format!("{PKEXEC} {program} {}", args.join(" ")),
            Attempt::AdminPrompt => format!("an administrator prompt running {MAC_PURGE}"),
            Attempt::PurgeDirect => MAC_PURGE.to_owned(),
        }
    }

    /// True when the attempt shows a password prompt and so waits for a person to type.
    pub(crate) fn shows_prompt(&self) -> bool {
        matches!(self, Attempt::AdminPrompt | Attempt::Pkexec { .. })
    }
}

/// What macOS's administrator prompt says above the password field, instead of "osascript wants to
/// make changes". Fixed text: nothing from input or config goes into the script, and it holds no
/// `"` or `\` that could end the AppleScript string.
pub(crate) const ADMIN_PROMPT: &str = "Headroom wants to purge inactive memory with /usr/sbin/purge.";

/// osascript's arguments for [`Attempt::AdminPrompt`]: `do shell script` with administrator
/// privileges and `with prompt`, the text the authentication dialog shows (Standard Additions'
/// `do shell script`: AppleScript Language Guide, "Commands Reference",
/// https://developer.apple.com/library/archive/documentation/AppleScript/Conceptual/AppleScriptLangGuide/reference/ASLR_cmds.html,
/// and Technical Note TN2065, https://developer.apple.com/library/archive/technotes/tn2065/_index.html).
pub(crate) fn admin_prompt_args() -> Vec<String> {
    let script =
        format!("do shell script \"{MAC_PURGE}\" with administrator privileges with prompt \"{ADMIN_PROMPT}\"");
    vec!["-e".to_owned(), script]
}

/// How long a purge attempt may run. `purge.timeout` bounds the purge; an attempt that first
/// shows a password prompt also gets `purge.prompt_timeout` for the person to type, so a slow
/// typist is not cut off by the purge's own limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimits {
    pub purge: Duration,
    pub prompt: Duration,
}

impl TimeLimits {
    pub fn from_settings(settings: &crate::config::Purge) -> TimeLimits {
        TimeLimits { purge: settings.timeout.duration(), prompt: settings.prompt_timeout.duration() }
    }

    /// The bound for `attempt`: the purge's, plus the prompt's when it shows one.
    pub(crate) fn for_attempt(&self, attempt: &Attempt) -> Duration {
        if attempt.shows_prompt() { self.prompt.saturating_add(self.purge) } else { self.purge }
    }
}

/// The sysctl arguments that drop caches on Linux: the exact command the sudoers rule allows.
pub fn sysctl_args(value: u8) -> Vec<String> {
    vec!["-q".to_owned(), format!("vm.drop_caches={value}")]
}

/// The attempts for this platform, in order. `graphical` says a password prompt can be shown.
pub fn attempts(platform: Platform, is_root: bool, graphical: bool, drop_caches: u8) -> Vec<Attempt> {
    match (platform, is_root) {
        (Platform::Linux, true) => vec![Attempt::DropCachesDirect { value: drop_caches }],
        (Platform::Linux, false) => {
            let mut list = vec![Attempt::SudoNoPassword { program: SYSCTL, args: sysctl_args(drop_caches) }];
            if graphical {
                list.push(Attempt::Pkexec { program: SYSCTL, args: sysctl_args(drop_caches) });
            }
            list
        }
        (Platform::Macos, true) => vec![Attempt::PurgeDirect],
        (Platform::Macos, false) => {
            let mut list = vec![Attempt::SudoNoPassword { program: MAC_PURGE, args: Vec::new() }];
            if graphical {
                list.push(Attempt::AdminPrompt);
            }
            list
        }
    }
}

/// Why a purge did not run or failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PurgeError {
    #[error("memory pressure is critical: purging now would only make the next reads slower")]
    CriticalPressure,
    #[error("another purge is running (pid {0})")]
    AlreadyRunning(String),
    #[error("a purge ran {ago} ago; the cool-down is {cooldown} (`--force` overrides it)")]
    CoolingDown { ago: String, cooldown: String },
    #[error(
        "purging needs administrator rights. Run `sudo headroom purge`, or once `sudo headroom setup purge` to allow it without a password"
    )]
    NeedsRights,
    #[error("the administrator prompt was cancelled")]
    Cancelled,
    #[error("not permitted: {0}")]
    NotPermitted(String),
    /// `stopped` is false when the program could not be stopped (it runs as root): it is left to
    /// finish and reaped when it does, and the purge no longer waits for it.
    #[error(
        "{program} timed out after {seconds} s {}",
        if *stopped { "and was stopped" } else { "and could not be stopped (it runs as root); it is left to finish" }
    )]
    TimedOut { program: String, seconds: u64, stopped: bool },
    #[error("{program} failed: {message}")]
    Failed { program: String, message: String },
}

/// Reads a failed attempt's exit and stderr into a typed error, keeping the tool's own message.
pub(crate) fn parse_failure(attempt: &Attempt, code: Option<i32>, stderr: &str) -> PurgeError {
    let message = stderr.trim();
    let lower = message.to_ascii_lowercase();
    match attempt {
        Attempt::SudoNoPassword { .. }
            if lower.contains("a password is required") || lower.contains("a terminal is required") =>
        {
            PurgeError::NeedsRights
        }
        Attempt::SudoNoPassword { .. }
            if lower.contains("not allowed to execute") || lower.contains("not in the sudoers") =>
        {
            PurgeError::NeedsRights
        }
        Attempt::AdminPrompt if lower.contains("user canceled") || lower.contains("(-128)") => PurgeError::Cancelled,
        // pkexec: 126 = the user dismissed the dialog, 127 = not authorised.
        Attempt::Pkexec { .. } if code == Some(126) => PurgeError::Cancelled,
        Attempt::Pkexec { .. } if code == Some(127) => PurgeError::NeedsRights,
        _ if lower.contains("operation not permitted") || lower.contains("permission denied") => {
            PurgeError::NotPermitted(message.to_owned())
        }
        _ => PurgeError::Failed {
            program: attempt.describe(),
            message: if message.is_empty() { format!("exit status {code:?}") } else { message.to_owned() },
        },
    }
}

/// True when the error means "try the next way", not "stop".
pub(crate) fn try_next(error: &PurgeError) -> bool {
    matches!(error, PurgeError::NeedsRights | PurgeError::NotPermitted(_))
}

/// Guards that refuse a purge before it runs: the cool-down unless forced, then critical pressure.
/// The cool-down is said first: a purge seconds after the last one leaves the machine refaulting
/// what it dropped (which PSI counts as memory pressure), and "a purge ran 12s ago" is the reason
/// the user can act on.
pub fn check_guards(
    before: &Snapshot,
    since_last: Option<Duration>,
    cooldown: Duration,
    force: bool,
) -> Result<(), PurgeError> {
    if let Some(ago) = since_last.filter(|ago| *ago < cooldown && !force) {
        return Err(PurgeError::CoolingDown {
            ago: humantime::format_duration(Duration::from_secs(ago.as_secs())).to_string(),
            cooldown: humantime::format_duration(cooldown).to_string(),
        });
    }
    if before.pressure == Pressure::Critical {
        return Err(PurgeError::CriticalPressure);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyze;
    use time::OffsetDateTime;

    #[test]
    fn attempt_order_per_platform() {
        assert_eq!(attempts(Platform::Linux, true, true, 1), vec![Attempt::DropCachesDirect { value: 1 }]);
        assert_eq!(
            attempts(Platform::Linux, false, true, 3),
            vec![
                Attempt::SudoNoPassword { program: SYSCTL, args: vec!["-q".into(), "vm.drop_caches=3".into()] },
                Attempt::Pkexec { program: SYSCTL, args: vec!["-q".into(), "vm.drop_caches=3".into()] },
            ]
        );
        assert_eq!(attempts(Platform::Linux, false, false, 1).len(), 1, "no prompt without a display");
        assert_eq!(
            attempts(Platform::Macos, false, true, 1),
            vec![Attempt::SudoNoPassword { program: MAC_PURGE, args: vec![] }, Attempt::AdminPrompt]
        );
        assert_eq!(attempts(Platform::Macos, true, false, 1), vec![Attempt::PurgeDirect]);
    }

    /// Outputs as the tools print them. "sudo: a password is required" (exit 1) was captured on the
    /// development machine (sudo 1.9.13p3, Debian 12) with `runuser -u nobody -- sudo -n …`; the
    /// "not allowed to execute" line is sudo's message for a user without a rule; the osascript
    /// and /usr/sbin/purge lines are those tools' messages for a cancelled prompt and for running
    /// without root (not captured here: there is no Mac in this workplace).
    #[test]
    fn failures_are_typed_with_the_tools_own_message() {
        let sudo = Attempt::SudoNoPassword { program: MAC_PURGE, args: vec![] };
        assert_eq!(parse_failure(&sudo, Some(1), "sudo: a password is required\n"), PurgeError::NeedsRights);
        assert_eq!(
            parse_failure(
                &sudo,
                Some(1),
                "Sorry, user me is not allowed to execute '/usr/sbin/purge' as root on mac.\n"
            ),
            PurgeError::NeedsRights
        );
        assert_eq!(
            parse_failure(&Attempt::AdminPrompt, Some(1), "0:87: execution error: User canceled. (-128)\n"),
            PurgeError::Cancelled
        );
        assert_eq!(
            parse_failure(&Attempt::PurgeDirect, Some(1), "Unable to purge disk buffers: Operation not permitted\n"),
            PurgeError::NotPermitted("Unable to purge disk buffers: Operation not permitted".into())
        );
        let pkexec = Attempt::Pkexec { program: SYSCTL, args: sysctl_args(1) };
        assert_eq!(parse_failure(&pkexec, Some(126), ""), PurgeError::Cancelled);
        assert_eq!(
            parse_failure(&pkexec, Some(127), "Error executing command as another user: Not authorized"),
            PurgeError::NeedsRights
        );
        assert!(matches!(parse_failure(&sudo, Some(2), "boom"), PurgeError::Failed { .. }));
        assert!(try_next(&PurgeError::NeedsRights));
        assert!(!try_next(&PurgeError::Cancelled));
    }

    #[test]
    fn the_administrator_prompt_names_headroom_with_a_fixed_text() {
        assert_eq!(
            admin_prompt_args(),
            vec![
                "-e",
                "do shell script \"/usr/sbin/purge\" with administrator privileges with prompt \
                 \"Headroom wants to purge inactive memory with /usr/sbin/purge.\""
            ]
        );
        // The prompt cannot end its AppleScript string early, nor carry a control character.
        assert!(!ADMIN_PROMPT.contains(['"', '\\']) && !ADMIN_PROMPT.chars().any(char::is_control));
        assert_eq!(admin_prompt_args()[1].matches('"').count(), 4, "two strings: the command and the prompt");
    }

    #[test]
    fn a_time_out_says_whether_the_program_was_stopped() {
        let stopped = PurgeError::TimedOut { program: "/usr/bin/sudo".into(), seconds: 60, stopped: true };
        assert_eq!(stopped.to_string(), "/usr/bin/sudo timed out after 60 s and was stopped");
        let left = PurgeError::TimedOut { program: "/usr/bin/pkexec".into(), seconds: 60, stopped: false };
        assert_eq!(
            left.to_string(),
            "/usr/bin/pkexec timed out after 60 s and could not be stopped (it runs as root); it is left to finish"
        );
    }

    #[test]
    fn only_attempts_that_prompt_get_the_prompts_time() {
        let limits = TimeLimits::from_settings(&crate::config::Purge::default());
        assert_eq!(limits, TimeLimits { purge: Duration::from_secs(60), prompt: Duration::from_secs(300) });
        let prompted = Duration::from_secs(360);
        assert_eq!(limits.for_attempt(&Attempt::AdminPrompt), prompted, "osascript: type the password, then purge");
        assert_eq!(limits.for_attempt(&Attempt::Pkexec { program: SYSCTL, args: sysctl_args(1) }), prompted);
        let plain = Duration::from_secs(60);
        assert_eq!(limits.for_attempt(&Attempt::SudoNoPassword { program: MAC_PURGE, args: vec![] }), plain);
        assert_eq!(limits.for_attempt(&Attempt::PurgeDirect), plain);
        assert_eq!(limits.for_attempt(&Attempt::DropCachesDirect { value: 1 }), plain);
        // Every attempt of every platform has one of the two bounds, and only prompts get the longer one.
        for platform in [Platform::Macos, Platform::Linux] {
            for attempt in attempts(platform, false, true, 1) {
                let expected = if attempt.shows_prompt() { prompted } else { plain };
                assert_eq!(limits.for_attempt(&attempt), expected, "{attempt:?}");
            }
        }
    }

    #[test]
    fn guards() {
        let text = include_str!("../../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
        let mut s = analyze::analyze(text, None, OffsetDateTime::UNIX_EPOCH).expect("fixture");
        let ten_min = Duration::from_secs(600);
        assert_eq!(check_guards(&s, None, ten_min, false), Ok(()));
        assert_eq!(check_guards(&s, Some(Duration::from_secs(900)), ten_min, false), Ok(()));
        let cooling = check_guards(&s, Some(Duration::from_secs(12)), ten_min, false).unwrap_err();
        assert_eq!(cooling.to_string(), "a purge ran 12s ago; the cool-down is 10m (`--force` overrides it)");
        assert_eq!(check_guards(&s, Some(Duration::from_secs(12)), ten_min, true), Ok(()), "--force");
        s.pressure = Pressure::Critical;
        assert_eq!(
            check_guards(&s, None, ten_min, true),
            Err(PurgeError::CriticalPressure),
            "--force is for the cool-down only"
        );
        // Both: the cool-down is the reason said (the pressure right after a purge is its refaults).
        assert!(matches!(
            check_guards(&s, Some(Duration::from_secs(12)), ten_min, false),
            Err(PurgeError::CoolingDown { .. })
        ));
    }
}
