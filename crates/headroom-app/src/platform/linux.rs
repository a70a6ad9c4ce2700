//! The app's shell on Linux (and other non-Apple systems): X11 or Wayland, a StatusNotifier or
//! XEmbed tray, GTK menus.

/// GTK draws menu-item icons at 16 × 16 px, far too small for a sparkline: draw it in characters.
pub const SPARKLINE_AS_TEXT: bool = true;
/// tray-icon's AppIndicator backend has no tooltip (`set_tooltip` does nothing), so none is made.
pub const TOOLTIP: bool = false;
/// Tray hosts have no template images: the icon is always drawn in colour.
pub const TEMPLATE_ICON: bool = false;

/// The icon fills its canvas: tray hosts scale the image to their panel themselves.
pub const ICON_CANVAS_PX: u32 = 44;
pub const ICON_ARTWORK_PX: u32 = 44;

/// `Err(why)` when there is no display to put a tray icon on.
pub fn gui_session() -> Result<(), String> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err("no display (DISPLAY and WAYLAND_DISPLAY are unset)".to_owned());
    }
    Ok(())
}

/// Nothing to set: GTK apps have no Dock icon to hide.
#[cfg(target_os = "linux")]
pub fn prepare_event_loop<T: 'static>(_event_loop: &mut tao::event_loop::EventLoop<T>) {}

/// Nothing naps a Linux tray app's timers: the sampler's timer slack is its only tolerance.
pub struct AppNapGuard;

pub fn hold_off_app_nap() -> AppNapGuard {
    AppNapGuard
}

/// GTK's loop shows the icon by itself.
pub fn wake_main_run_loop() {}

#[cfg(target_os = "linux")]
pub fn with_icon(
    builder: tray_icon::TrayIconBuilder,
    image: tray_icon::Icon,
    _template: bool,
) -> tray_icon::TrayIconBuilder {
    builder.with_icon(image)
}

#[cfg(target_os = "linux")]
pub fn set_icon(tray: &tray_icon::TrayIcon, image: tray_icon::Icon, _template: bool) -> tray_icon::Result<()> {
    tray.set_icon(Some(image))
}

/// No standard About panel here: the event loop answers with a notification instead.
pub fn show_about_panel() -> bool {
    false
}

/// The desktop's default handler for a text file (a fixed path, no shell).
pub fn open_text_file(path: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new("/usr/bin/xdg-open");
    command.arg(path);
    command
}
