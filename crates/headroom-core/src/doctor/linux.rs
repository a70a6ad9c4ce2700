//! Linux's own checks: a tray host to show the icon, and slabinfo access.

use super::Check;

/// The StatusNotifierItem host's well-known name (KDE, GNOME's AppIndicator extension, waybar…).
const SNI_WATCHER: &str = "org.kde.StatusNotifierWatcher";

pub(crate) fn checks() -> Vec<Check> {
    vec![
        tray_host(
            status_notifier_watcher().map_err(|e| e.to_string()),
            xembed_tray().map_err(|e| e.to_string()),
            crate::config::load_or_defaults(|_| {}).menu_bar.title != crate::config::MenuBarTitle::None,
        ),
        slabinfo(std::fs::File::open("/proc/slabinfo").map(drop)),
    ]
}

/// The icon shows when either kind of tray host runs: a StatusNotifierWatcher on the session bus
/// or an XEmbed system tray owning `_NET_SYSTEM_TRAY_S<screen>` on the X display. An XEmbed tray
/// shows icons only, so a `menu_bar.title` set there is said not to show.
pub(crate) fn tray_host(watcher: Result<bool, String>, xembed: Result<bool, String>, title_set: bool) -> Check {
    let said = |found: &Result<bool, String>| match found {
        Ok(true) => "running".to_owned(),
        Ok(false) => "absent".to_owned(),
        Err(why) => format!("unknown ({why})"),
    };
    let figure = format!("StatusNotifierWatcher {}; XEmbed tray {}", said(&watcher), said(&xembed));
    if matches!(watcher, Ok(true)) {
        Check::ok("tray host", figure)
    } else if matches!(xembed, Ok(true)) && title_set {
        Check::warn(
            "tray host",
            figure,
            "menu_bar.title is set, but an XEmbed tray shows icons only: the title shows beside the icon in a \
             StatusNotifier host that draws labels (KDE Plasma, waybar) and on macOS",
        )
    } else if matches!(xembed, Ok(true)) {
        Check::ok("tray host", figure)
    } else {
        Check::fail(
            "tray host",
            figure,
            "the icon has nowhere to show: on GNOME install the AppIndicator extension; elsewhere start a tray \
             (or use `headroom watch`)",
        )
    }
}

/// /proc/slabinfo is root-only on most systems; without it the slab suspects are unknown.
pub(crate) fn slabinfo(opened: std::io::Result<()>) -> Check {
    match opened {
        Ok(()) => Check::ok("slabinfo", "/proc/slabinfo readable"),
        Err(error) => Check::warn(
            "slabinfo",
            format!("/proc/slabinfo: {error}"),
            "run `headroom explain` as root to see the largest slab caches",
        ),
    }
}

fn status_notifier_watcher() -> zbus::Result<bool> {
    zbus::block_on(async {
        let bus = zbus::Connection::session().await?;
        let proxy = zbus::fdo::DBusProxy::new(&bus).await?;
        let name = zbus::names::BusName::try_from(SNI_WATCHER)?;
        proxy.name_has_owner(name).await.map_err(zbus::Error::from)
    })
}

/// Why the X display's tray could not be asked about.
#[derive(Debug, thiserror::Error)]
enum XembedError {
    #[error("DISPLAY is unset")]
    NoDisplay,
    #[error("libX11: {0}")]
    Library(#[from] x11_dl::error::OpenError),
    #[error("cannot open the X display")]
    CannotOpen,
    #[error(transparent)]
    Name(#[from] std::ffi::NulError),
}

/// Asks the X server who owns the system-tray selection (freedesktop System Tray Protocol).
fn xembed_tray() -> Result<bool, XembedError> {
    if std::env::var_os("DISPLAY").is_none() {
        return Err(XembedError::NoDisplay);
    }
    // libX11 is loaded at run time, so the command line links no X library.
    let xlib = x11_dl::xlib::Xlib::open()?;
    // SAFETY: Xlib calls on a display this function opened and closes; a null display is checked.
    unsafe {
        let display = (xlib.XOpenDisplay)(std::ptr::null());
        if display.is_null() {
            return Err(XembedError::CannotOpen);
        }
        let screen = (xlib.XDefaultScreen)(display);
        let name = std::ffi::CString::new(format!("_NET_SYSTEM_TRAY_S{screen}"))?;
        let atom = (xlib.XInternAtom)(display, name.as_ptr(), 0);
        let owner = (xlib.XGetSelectionOwner)(display, atom);
        (xlib.XCloseDisplay)(display);
        Ok(owner != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Status;

    #[test]
    fn either_tray_host_will_do_and_none_fails() {
        assert_eq!(tray_host(Ok(true), Err("DISPLAY is unset".into()), true).status, Status::Ok);
        assert_eq!(tray_host(Ok(false), Ok(true), false).status, Status::Ok);
        let titled = tray_host(Ok(false), Ok(true), true);
        assert_eq!(titled.status, Status::Warn, "a title in an XEmbed tray does not show");
        assert!(titled.fix.as_deref().is_some_and(|fix| fix.starts_with("menu_bar.title is set")), "{titled:?}");
        let none = tray_host(Ok(false), Err("DISPLAY is unset".into()), false);
        assert_eq!(none.status, Status::Fail);
        assert_eq!(none.figure, "StatusNotifierWatcher absent; XEmbed tray unknown (DISPLAY is unset)");
    }

    #[test]
    fn slabinfo_denied_warns() {
        let denied = slabinfo(Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied)));
        assert_eq!(denied.status, Status::Warn);
    }
}
