//! The app's shell on Linux (and other non-Apple systems): X11 or Wayland, a StatusNotifier or
//! XEmbed tray, GTK menus.

/// GTK draws menu-item icons at 16 × 16 px, far too small for a sparkline: draw it in characters.
pub const SPARKLINE_AS_TEXT: bool = true;
/// tray-icon's AppIndicator backend has no tooltip (`set_tooltip` does nothing), so none is made.
pub const TOOLTIP: bool = false;
/// muda 0.21's GTK submenu item holds a box (icon and label), and `Submenu::set_text` sets the
/// item's label, which GTK applies only to a label child (muda 0.21.2 `platform_impl/gtk/mod.rs`,
/// `create_gtk_submenu`): the text never changes. Seen under Xvfb: a Top memory row kept its first
/// figure. Building the menu anew instead closes it while it is open (also seen), so here the Top
/// memory rows stay plain rows and their actions sit in one submenu with a fixed label.
pub const SUBMENU_TEXT_IN_PLACE: bool = false;
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

/// Asks whether to quit `request`'s app: a GTK message dialog (GTK is already the menus' toolkit),
/// shown without waiting — its answer comes back through the event loop as
/// [`crate::events::UserEvent::QuitConfirmed`], so the loop keeps turning while it is open. Quit is
/// the default button, as in Activity Monitor's own "Quit Process" alert; Escape or closing it cancels.
#[cfg(target_os = "linux")]
pub fn confirm_quit(
    request: crate::effect::QuitRequest,
    proxy: tao::event_loop::EventLoopProxy<crate::events::UserEvent>,
) {
    use gtk::prelude::*;
    let (title, body) = crate::quit::confirmation(&request);
    // Plain text, not markup: `new` and `set_secondary_text` never parse what they are given.
    let dialog = gtk::MessageDialog::new(
        None::<&gtk::Window>,
        gtk::DialogFlags::empty(),
        gtk::MessageType::Question,
        gtk::ButtonsType::None,
        &title,
    );
    dialog.set_title(&title);
    dialog.set_secondary_text(Some(&body));
    dialog.add_button(&headroom_core::tr!("quit-confirm-cancel"), gtk::ResponseType::Cancel);
    dialog.add_button(&headroom_core::tr!("quit-confirm-quit"), gtk::ResponseType::Accept);
    dialog.set_default_response(gtk::ResponseType::Accept);
    dialog.set_keep_above(true);
    dialog.connect_response(move |dialog, response| {
        if response == gtk::ResponseType::Accept {
            let _ = proxy.send_event(crate::events::UserEvent::QuitConfirmed(request.clone()));
        }
        // SAFETY: the dialog is ours and nothing holds it after this handler.
        unsafe { dialog.destroy() };
    });
    dialog.show_all();
    dialog.present();
}

/// Linux has no app objects to ask: every process of the app gets SIGTERM (`quit::plan`).
pub fn is_app(_pid: u32) -> bool {
    false
}

/// Never called here (`is_app` is always false).
pub fn ask_app_to_quit(_pid: u32) -> bool {
    false
}

/// tray-icon's AppIndicator backend has no accessible name or value to set (it hard-codes the
/// icon's description): nothing to do here.
#[cfg(target_os = "linux")]
pub fn set_accessible_figures(_tray: &tray_icon::TrayIcon, _figures: &str) {}
