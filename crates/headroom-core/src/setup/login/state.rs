//! What the login item is now, and how `headroom doctor` judges it: pure, from what was read.

use std::path::PathBuf;

use super::choice::{Mechanism, Translocated, looks_translocated};

/// `SMAppService.status` (ServiceManagement's `SMAppServiceStatus`: 0 notRegistered, 1 enabled,
/// 2 requiresApproval, 3 notFound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ServiceStatus {
    NotRegistered,
    Enabled,
    RequiresApproval,
    NotFound,
    Other(isize),
}

impl ServiceStatus {
    pub fn from_raw(raw: isize) -> ServiceStatus {
        match raw {
            0 => ServiceStatus::NotRegistered,
            1 => ServiceStatus::Enabled,
            2 => ServiceStatus::RequiresApproval,
            3 => ServiceStatus::NotFound,
            other => ServiceStatus::Other(other),
        }
    }

    /// Registered, whether or not the user has approved it yet.
    pub(crate) fn is_registered(self) -> bool {
        matches!(self, ServiceStatus::Enabled | ServiceStatus::RequiresApproval)
    }

    /// Apple's own name for the status, as `headroom doctor` prints it.
    pub(crate) fn name(self) -> String {
        match self {
            ServiceStatus::NotRegistered => "notRegistered".into(),
            ServiceStatus::Enabled => "enabled".into(),
            ServiceStatus::RequiresApproval => "requiresApproval".into(),
            ServiceStatus::NotFound => "notFound".into(),
            ServiceStatus::Other(raw) => format!("unknown ({raw})"),
        }
    }
}

/// A login-item file that is there (LaunchAgent or autostart entry) and the program it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFile {
    pub path: PathBuf,
    /// None when the file could not be read or names no program.
    pub program: Option<PathBuf>,
    pub program_exists: bool,
}

/// Everything known about starting at login, for the menu, the command line and the doctor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginState {
    /// What turning it on would use from this program, or why it would refuse.
    pub mechanism: Result<Mechanism, Translocated>,
    /// `SMAppService.mainApp.status`, asked only where it exists (a bundle on macOS 13+).
    pub service: Option<ServiceStatus>,
    /// The LaunchAgent (macOS) or autostart entry (Linux), when there is one.
    pub file: Option<ItemFile>,
}

/// A doctor's grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Ok,
    Warn,
    Fail,
}

/// One doctor line: the grade, what was found, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Assessment {
    pub health: Health,
    pub figure: String,
    pub fix: Option<String>,
}

const APPROVE: &str = "turn Headroom on in System Settings › General › Login Items";
const MOVE: &str = "move Headroom.app into Applications, open it from there, then turn Launch at Login on";

impl LoginState {
    /// Headroom starts at login (or will, once approved).
    pub fn is_on(&self) -> bool {
        self.service.is_some_and(ServiceStatus::is_registered) || self.file.is_some()
    }

    /// A few words for the menu's Launch at Login item, when something needs the user.
    pub fn menu_note(&self) -> Option<String> {
        if self.service == Some(ServiceStatus::RequiresApproval) {
            return Some("approve in System Settings › Login Items".into());
        }
        if self.file.as_ref().is_some_and(|file| problem(file).is_some()) {
            return Some("broken: turn it off and on again".into());
        }
        self.mechanism.is_err().then(|| "move Headroom to Applications first".into())
    }

    /// The doctor's line for the login item.
    pub(crate) fn assess(&self) -> Assessment {
        let judged =
            |health, figure: String, fix: Option<&str>| Assessment { health, figure, fix: fix.map(str::to_owned) };
        if let Some(file) = &self.file
            && let Some(why) = problem(file)
        {
            let fix = format!("headroom setup login --remove, then {MOVE}");
            return Assessment {
                health: Health::Fail,
                figure: format!("{} {why}", file.path.display()),
                fix: Some(fix),
            };
        }
        if let Err(translocated) = &self.mechanism {
            let figure =
                format!("running translocated from {}: no login item can be written", translocated.path.display());
            return judged(Health::Warn, figure, Some(MOVE));
        }
        let via = self.mechanism.as_ref().map_or("", |m| m.label());
        match (self.service, &self.file) {
            (Some(status), Some(file)) if status.is_registered() => judged(
                Health::Warn,
                format!("on twice: SMAppService {} and {}", status.name(), file.path.display()),
                Some("headroom setup login --remove, then turn Launch at Login on again"),
            ),
            (Some(ServiceStatus::RequiresApproval), None) => judged(
                Health::Warn,
                "registered with SMAppService, waiting for approval (requiresApproval)".into(),
                Some(APPROVE),
            ),
            (Some(ServiceStatus::Enabled), None) => {
                judged(Health::Ok, "on: SMAppService enabled (System Settings › Login Items)".into(), None)
            }
            (service, Some(file)) => {
                let program = file.program.as_ref().map_or_else(String::new, |p| format!(" runs {}", p.display()));
                let asked = service.map_or_else(String::new, |s| format!(" (SMAppService {})", s.name()));
                judged(Health::Ok, format!("on: {}{program}{asked}", file.path.display()), None)
            }
            (service, None) => {
                let asked = service.map_or_else(String::new, |s| format!(", SMAppService {}", s.name()));
                judged(Health::Ok, format!("off (would use {via}{asked})"), None)
            }
        }
    }
}

/// What is wrong with a login-item file, if anything.
fn problem(file: &ItemFile) -> Option<String> {
    match &file.program {
        None => Some("names no program".into()),
        Some(program) if looks_translocated(program) => {
            Some(format!("runs {}, a translocated copy that is gone after a restart", program.display()))
        }
        Some(program) if !file.program_exists => Some(format!("runs {}, which does not exist", program.display())),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGENT: &str = "/Users/a/Library/LaunchAgents/app.headroom.Headroom.plist";
    const APP: &str = "/Applications/Headroom.app/Contents/MacOS/headroom-app";
    const MOVED: &str = "/private/var/folders/f8/91ygcnx16fb5yldgcmns99q00000gn/T/AppTranslocation/AC3B5A71-864A-4798-8CCD-2AA3B92CF5CA/d/Headroom.app/Contents/MacOS/headroom-app";

    fn file(program: Option<&str>, exists: bool) -> Option<ItemFile> {
        Some(ItemFile { path: AGENT.into(), program: program.map(PathBuf::from), program_exists: exists })
    }

    fn translocated() -> Result<Mechanism, Translocated> {
        Err(Translocated { path: MOVED.trim_end_matches("/Contents/MacOS/headroom-app").into() })
    }

    #[test]
    fn statuses_come_from_apples_numbers() {
        let names: Vec<String> = (0..5).map(|raw| ServiceStatus::from_raw(raw).name()).collect();
        assert_eq!(names, ["notRegistered", "enabled", "requiresApproval", "notFound", "unknown (4)"]);
        assert!(ServiceStatus::RequiresApproval.is_registered() && !ServiceStatus::NotFound.is_registered());
    }

    type Chosen = Result<Mechanism, Translocated>;
    /// The state read (mechanism, service, file), then the grade, words of the figure, on, words of the menu note.
    type Row = (Chosen, Option<ServiceStatus>, Option<ItemFile>, Health, &'static str, bool, Option<&'static str>);

    #[test]
    fn each_state_gets_its_grade_its_menu_note_and_whether_it_is_on() {
        use Health::{Fail, Warn};
        let good = Health::Ok;
        use Mechanism::*;
        use ServiceStatus as S;
        #[rustfmt::skip]
        let table: [Row; 11] = [
            (Ok(MainAppService), Some(S::Enabled), None, good, "on: SMAppService enabled", true, None),
            (Ok(MainAppService), Some(S::RequiresApproval), None, Warn, "waiting for approval", true, Some("approve in System Settings")),
            (Ok(MainAppService), Some(S::NotRegistered), None, good, "off (would use SMAppService", false, None),
            (Ok(MainAppService), Some(S::NotFound), None, good, "SMAppService notFound", false, None),
            // SMAppService refused, the LaunchAgent stood in.
            (Ok(MainAppService), Some(S::NotFound), file(Some(APP), true), good, "runs /Applications/Headroom.app", true, None),
            (Ok(MainAppService), Some(S::Enabled), file(Some(APP), true), Warn, "on twice", true, None),
            (Ok(LaunchAgent), None, file(Some(APP), true), good, "on: /Users/a/Library/LaunchAgents", true, None),
            (Ok(LaunchAgent), None, file(Some(MOVED), false), Fail, "a translocated copy", true, Some("broken")),
            (Ok(LaunchAgent), None, file(Some(APP), false), Fail, "which does not exist", true, Some("broken")),
            (translocated(), None, None, Warn, "running translocated from /private/var/folders/f8/", false, Some("move Headroom to Applications")),
            (Ok(XdgAutostart), None, None, good, "off (would use XDG autostart entry)", false, None),
        ];
        for (mechanism, service, file, health, figure, on, note) in table {
            let state = LoginState { mechanism, service, file };
            let assessment = state.assess();
            assert_eq!(assessment.health, health, "{state:?}");
            assert!(assessment.figure.contains(figure), "{figure:?} in {:?}", assessment.figure);
            assert_eq!(assessment.fix.is_some(), health != good, "{assessment:?}");
            assert_eq!(state.is_on(), on, "{state:?}");
            match note {
                Some(words) => assert!(state.menu_note().is_some_and(|n| n.contains(words)), "{state:?}"),
                None => assert_eq!(state.menu_note(), None, "{state:?}"),
            }
        }
    }
}
