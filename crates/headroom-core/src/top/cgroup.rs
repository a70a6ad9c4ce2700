//! Linux: the desktop application a process belongs to, from its `/proc/PID/cgroup`.
//!
//! Desktops launch each application into a systemd unit of its own, named by the convention of
//! <https://systemd.io/DESKTOP_ENVIRONMENTS/>: `app[-<launcher>]-<ApplicationID>-<RANDOM>.scope`
//! or `app[-<launcher>]-<ApplicationID>[@<RANDOM>].service`, with a `-` inside the id escaped
//! as `\x2d` (so splitting on `-` is unambiguous). GNOME uses the launcher `gnome`, COSMIC
//! `cosmic`, Flatpak `flatpak`; snapd uses `snap.<snap>.<app>-<uuid>.scope` instead. Only the
//! unit the process sits in directly counts: a shell tab's `vte-spawn-….scope` under
//! `app-org.gnome.Terminal.slice` is not the Terminal, so what runs in it is named by itself.

/// The application's name for a process whose `/proc/PID/cgroup` text is `text`, or `None` when it
/// is not in a desktop application's unit (a system service, a login session, a container).
pub fn app_of(text: &str) -> Option<String> {
    let path = unit_path(text)?;
    let unit = path.rsplit('/').next()?;
    app_of_unit(unit)
}

/// The path of the unified hierarchy (`0::/…`), or of systemd's v1 hierarchy on hybrid systems.
fn unit_path(text: &str) -> Option<&str> {
    let mut v1 = None;
    for line in text.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if id == "0" && controllers.is_empty() && path != "/" {
            return Some(path);
        }
        if controllers == "name=systemd" {
            v1 = Some(path);
        }
    }
    v1
}

fn app_of_unit(unit: &str) -> Option<String> {
    if let Some(rest) = unit.strip_prefix("snap.") {
        // snap.<snap>.<app>-<uuid>.scope, snap.<snap>.<app>.service: the snap names the application.
        let snap = rest.split('.').next().filter(|s| !s.is_empty())?;
        return Some(unescape(snap));
    }
    let rest = unit.strip_prefix("app-")?;
    let parts: Vec<&str> = if let Some(scope) = rest.strip_suffix(".scope") {
        // The last part is the instance (a pid or a random number).
        let mut parts: Vec<&str> = scope.split('-').collect();
        parts.pop();
        parts
    } else {
        let service = rest.strip_suffix(".service")?;
        let without_instance = service.split_once('@').map_or(service, |(name, _)| name);
        without_instance.split('-').collect()
    };
    let id = match parts.as_slice() {
        [id] | [_, id] => *id,
        _ => return None,
    };
    if id.is_empty() {
        return None;
    }
    Some(display_name(&unescape(id)))
}

/// A reverse-DNS application id reads best by its last part ("org.gnome.Recipes" → "Recipes").
fn display_name(id: &str) -> String {
    if id.contains('.') { id.rsplit('.').next().unwrap_or(id).to_owned() } else { id.to_owned() }
}

/// systemd's unit-name escaping: `\xNN` is the byte NN.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes.get(i..i + 4).filter(|b| b[0] == b'\\' && b[1] == b'x');
        match escaped.and_then(|b| std::str::from_utf8(&b[2..]).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) => {
                out.push(byte);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/proc/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn desktop_scopes_name_their_application() {
        assert_eq!(app_of(&fixture("cgroup-gnome-virtualbox.txt")).as_deref(), Some("virtualbox"));
        assert_eq!(app_of(&fixture("cgroup-flatpak-recipes.txt")).as_deref(), Some("Recipes"));
        assert_eq!(app_of(&fixture("cgroup-snap-firefox.txt")).as_deref(), Some("firefox"));
        assert_eq!(app_of(&fixture("cgroup-cosmic-applist.txt")).as_deref(), Some("CosmicAppList"));
        assert_eq!(app_of(&fixture("cgroup-autostart-service.txt")).as_deref(), Some("at-spi-dbus-bus"));
    }

    #[test]
    fn other_units_and_the_root_name_no_application() {
        // This machine: cgroup v1 with systemd's hierarchy at the root.
        assert_eq!(app_of(&fixture("cgroup-v1-debian12.txt")), None);
        for text in [
            "0::/system.slice/NetworkManager.service\n",
            "0::/user.slice/user-1000.slice/session-2.scope\n",
            "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-2c4a.scope\n",
            "0::/\n",
            "",
        ] {
            assert_eq!(app_of(text), None, "{text}");
        }
        assert_eq!(
            app_of(
                "1:name=systemd:/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox\\x2desr-77.scope\n0::/\n"
            ),
            Some("firefox-esr".to_owned()),
            "a hybrid system's v1 systemd hierarchy, with an escaped dash"
        );
    }
}
