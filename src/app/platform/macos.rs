//! The app's shell on macOS: an accessory app (no Dock icon) whose status item is a template image
//! in normal times, so it follows the light or dark menu bar.

/// AppKit draws menu-item images at their size: the sparkline is an image.
pub const SPARKLINE_AS_TEXT: bool = false;
/// A template image follows the menu bar's appearance; warn and critical stay in colour.
pub const TEMPLATE_ICON: bool = true;

/// Always a session for now; checking the WindowServer (absent over SSH) is a macOS fix of its own.
pub fn gui_session() -> Result<(), String> {
    Ok(())
}

/// No Dock icon: a menu-bar app, as Info.plist's LSUIElement says.
pub fn prepare_event_loop<T: 'static>(event_loop: &mut tao::event_loop::EventLoop<T>) {
    use tao::platform::macos::{ActivationPolicy, EventLoopExtMacOS};
    event_loop.set_activation_policy(ActivationPolicy::Accessory);
}

/// The status item made at `StartCause::Init` shows only once the main run loop turns again, so
/// nudge it (without this the icon can stay invisible until the first event).
pub fn wake_main_run_loop() {
    #[link(name = "CoreFoundation", kind = "framework")]
    unsafe extern "C" {
        fn CFRunLoopGetMain() -> *mut std::ffi::c_void;
        fn CFRunLoopWakeUp(run_loop: *mut std::ffi::c_void);
    }
    // SAFETY: CFRunLoopGetMain returns the process's main run loop (never null once the app runs),
    // and waking a run loop is allowed from any thread.
    unsafe { CFRunLoopWakeUp(CFRunLoopGetMain()) };
}

pub fn with_icon(
    builder: tray_icon::TrayIconBuilder,
    image: tray_icon::Icon,
    template: bool,
) -> tray_icon::TrayIconBuilder {
    if template { builder.with_icon_templated(image) } else { builder.with_icon(image) }
}

pub fn set_icon(tray: &tray_icon::TrayIcon, image: tray_icon::Icon, template: bool) -> tray_icon::Result<()> {
    if template { tray.set_icon_templated(Some(image)) } else { tray.set_icon(Some(image)) }
}

/// The default text editor (`open -t`: TextEdit unless the user chose another; a fixed path, no shell).
pub fn open_text_file(path: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new("/usr/bin/open");
    command.arg("-t").arg(path);
    command
}
