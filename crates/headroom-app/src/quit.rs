//! Quitting an app from the Top memory section, the pure part: whom to ask and how (the app's own
//! quit where the OS has one, else SIGTERM; never a kill), the confirmation's words, and what the
//! measured outcome says. The shell asks and measures (`actions::quit_app`).

use headroom_core::notify::{self, Notification};
use headroom_core::units::format_gb;

use crate::effect::QuitRequest;

/// How long the app is given to go before Headroom says it has not (it may be asking to save).
pub const WAIT_FOR_EXIT: std::time::Duration = std::time::Duration::from_secs(10);

/// How one process is asked to quit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// The app's own quit, as its Quit menu item does (macOS: `NSRunningApplication.terminate`).
    App,
    /// SIGTERM: the polite request a process without an app object gets (Linux; a command-line
    /// process on macOS). Never SIGKILL: an app that does not go is left alone and the user told.
    Terminate,
}

/// Whom to ask: where some of the processes are apps (macOS), only those, and their helpers go
/// with them; where none is, every process gets SIGTERM.
pub fn plan(pids: &[u32], is_app: impl Fn(u32) -> bool) -> Vec<(u32, Ask)> {
    let apps: Vec<(u32, Ask)> = pids.iter().filter(|pid| is_app(**pid)).map(|pid| (*pid, Ask::App)).collect();
    if apps.is_empty() { pids.iter().map(|pid| (*pid, Ask::Terminate)).collect() } else { apps }
}

/// The confirmation: a title and a line of explanation, the app's name made harmless.
pub fn confirmation(request: &QuitRequest) -> (String, String) {
    let name = headroom_core::ui::text::one_line(&request.name, 60);
    (
        headroom_core::tr!("quit-confirm-title", name = name),
        headroom_core::tr!("quit-confirm-body", size = format_gb(request.bytes), count = request.pids.len()),
    )
}

/// What happened, measured: headroom before and after, or that it is still running, or already gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It quit; headroom (what apps can still take) before and after.
    Quit { before: u64, after: u64 },
    /// Some of its processes were still there after [`WAIT_FOR_EXIT`].
    StillRunning { left: usize },
    /// The scan found it no more: it had quit already.
    Gone,
    /// It could not be asked (the reason).
    Refused(String),
}

/// The answer shown as a notification.
pub fn answer(name: &str, outcome: &Outcome) -> Notification {
    let name = headroom_core::suspects::shown(name);
    match outcome {
        Outcome::Quit { before, after } => {
            let gain = after.saturating_sub(*before);
            let (before, after) = (format_gb(*before), format_gb(*after));
            let body = if gain >= 1 << 20 {
                headroom_core::tr!("quit-done-body", gain = format_gb(gain), before = before, after = after)
            } else {
                headroom_core::tr!("quit-done-shared", before = before, after = after)
            };
            notify::answer(headroom_core::tr!("quit-done-title", name = name), body)
        }
        Outcome::StillRunning { left } => notify::answer(
            headroom_core::tr!("quit-running-title", name = name),
            headroom_core::tr!("quit-running-body", left = *left, seconds = WAIT_FOR_EXIT.as_secs()),
        ),
        Outcome::Gone => {
            notify::answer(headroom_core::tr!("quit-gone-title", name = name), headroom_core::tr!("quit-gone-body"))
        }
        Outcome::Refused(why) => notify::answer(headroom_core::tr!("quit-refused-title", name = name), why.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apps_are_asked_as_apps_and_everything_else_gets_sigterm() {
        assert_eq!(plan(&[10, 11, 12], |pid| pid == 10), vec![(10, Ask::App)], "the helpers go with the app");
        assert_eq!(plan(&[20, 21], |_| false), vec![(20, Ask::Terminate), (21, Ask::Terminate)]);
        assert_eq!(plan(&[], |_| true), vec![]);
    }

    #[test]
    fn the_words_name_the_app_harmlessly_and_say_what_was_measured() {
        let request = QuitRequest { name: "Evil\n\u{202E}App".into(), pids: vec![1, 2], bytes: 2 << 30 };
        let (title, body) = confirmation(&request);
        assert_eq!(title, "Quit Evil App?");
        assert!(
            body.starts_with("It uses about 2.0 GB; quitting it gives that back. Headroom asks its 2 processes"),
            "{body}"
        );
        let gib = 1u64 << 30;
        let quit = answer("python3", &Outcome::Quit { before: 10 * gib, after: 11 * gib });
        assert_eq!(quit.title, "python3 quit");
        assert_eq!(quit.body, "It gave back 1.0 GB: headroom 10.0 GB → 11.0 GB.");
        let shared = answer("python3", &Outcome::Quit { before: 10 * gib, after: 10 * gib - 4096 });
        assert!(shared.body.starts_with("Headroom barely moved"), "{}", shared.body);
        let stuck = answer("TextEdit", &Outcome::StillRunning { left: 1 });
        assert!(stuck.body.contains("never forces it"), "{}", stuck.body);
    }
}
