//! The app's shell on macOS: an accessory app (no Dock icon) whose status item is a template image
//! in normal times, so it follows the light or dark menu bar.

/// muda shows a menu-item image up to 18 pt tall (see `app/spark.rs`): room for the sparkline as an image.
pub const SPARKLINE_AS_TEXT: bool = false;
/// The status item shows a tooltip on hover (NSStatusBarButton's toolTip, set by tray-icon).
pub const TOOLTIP: bool = true;
/// muda sets an NSMenuItem's title in place, submenus' too.
pub const SUBMENU_TEXT_IN_PLACE: bool = true;
/// A template image follows the menu bar's appearance; warn and critical stay in colour.
pub const TEMPLATE_ICON: bool = true;

/// Canvas and artwork of the status-item icon, in pixels. tray-icon shows an image `n` px tall as
/// `n` points, capped at 22 pt (`MAX_ICON_HEIGHT` in tray-icon 0.26 `platform_impl/macos/mod.rs`,
/// whose comment notes the Human Interface Guidelines suggest artwork nearer 16 pt): a 44 px canvas
/// is the 22 pt status item drawn at 2× for Retina, and the gauge inside takes 36 px, i.e. 18 pt,
/// the upper end of the 16–18 pt the HIG's menu bar extras guidance works to
/// (https://developer.apple.com/design/human-interface-guidelines/the-menu-bar#Menu-bar-extras).
pub const ICON_CANVAS_PX: u32 = 44;
pub const ICON_ARTWORK_PX: u32 = 36;

/// `Err(why)` without a WindowServer session (an SSH login, nobody at the console): AppKit cannot
/// reach the menu bar there and the app would hang or abort (Shufflepuck/cdef#9).
pub fn gui_session() -> Result<(), String> {
    #[link(name = "CoreGraphics", kind = "framework")]
    unsafe extern "C" {
        // https://developer.apple.com/documentation/coregraphics/cgsessioncopycurrentdictionary():
        // NULL "if the caller is not running within a Quartz GUI session or the window server is
        // disabled"; otherwise a dictionary the caller releases.
        fn CGSessionCopyCurrentDictionary() -> *const std::ffi::c_void;
    }
    #[link(name = "CoreFoundation", kind = "framework")]
    unsafe extern "C" {
        fn CFRelease(object: *const std::ffi::c_void);
    }
    // SAFETY: takes no arguments; a non-null result is a +1 CFDictionary (the Copy rule), released once here.
    let dictionary = unsafe { CGSessionCopyCurrentDictionary() };
    let window_server = !dictionary.is_null();
    if window_server {
        // SAFETY: non-null and owned by us (see above); not used after.
        unsafe { CFRelease(dictionary) };
    }
    super::session::window_server_session(window_server, super::session::over_ssh(|name| std::env::var_os(name)))
}

/// No Dock icon (as Info.plist's LSUIElement says) and no focus taken at launch: tao calls
/// `activateIgnoringOtherApps:` with its `activate_ignoring_other_apps`, which defaults to true
/// (tao 0.37.2 `platform_impl/macos/app_delegate.rs` `new`, used in `app_state.rs` `launched`), so
/// starting Headroom would pull focus from the app the user is in. With false, AppKit activates the
/// app only if no other app is active
/// (https://developer.apple.com/documentation/appkit/nsapplication/activate(ignoringotherapps:)).
pub fn prepare_event_loop<T: 'static>(event_loop: &mut tao::event_loop::EventLoop<T>) {
    use tao::platform::macos::{ActivationPolicy, EventLoopExtMacOS};
    event_loop.set_activation_policy(ActivationPolicy::Accessory);
    event_loop.set_activate_ignoring_other_apps(false);
}

/// Keeps App Nap away while it lives: a menu-bar app is never frontmost, so App Nap would throttle
/// its timers (a 1–2 s poll stretched to ~8 s, shobhit99/SuperIsland#107) and the sampling cadence
/// with them. Apple: "Denoting user-initiated work prevents the system from deferring the
/// operations or putting your app in App Nap" (Energy Efficiency Guide for Mac Apps, "Prioritize
/// Work at the App Level",
/// https://developer.apple.com/library/archive/documentation/Performance/Conceptual/power_efficiency_guidelines_osx/PrioritizeWorkAtTheAppLevel.html).
/// The options are `NSActivityUserInitiatedAllowingIdleSystemSleep` (the Mac still sleeps when idle)
/// without the sudden- and automatic-termination bits, so the activity never delays a logout or
/// shutdown — the combination Apple's `NSActivityOptions` overview shows ("NSActivityUserInitiated &
/// ~NSActivitySuddenTerminationDisabled") and Chromium's `app_nap_activity.mm` ships.
pub struct AppNapGuard {
    activity: objc2::rc::Retained<objc2::runtime::ProtocolObject<dyn objc2::runtime::NSObjectProtocol>>,
}

pub fn hold_off_app_nap() -> AppNapGuard {
    use objc2_foundation::{NSActivityOptions, NSProcessInfo, NSString};
    let options = NSActivityOptions::UserInitiatedAllowingIdleSystemSleep
        & !(NSActivityOptions::SuddenTerminationDisabled | NSActivityOptions::AutomaticTerminationDisabled);
    let reason = NSString::from_str("Sampling memory on a steady cadence for the menu-bar gauge");
    let activity = NSProcessInfo::processInfo().beginActivityWithOptions_reason(options, &reason);
    tracing::debug!(options = options.0, "holding an NSProcessInfo activity against App Nap");
    AppNapGuard { activity }
}

impl Drop for AppNapGuard {
    fn drop(&mut self) {
        // SAFETY: `activity` is the token beginActivityWithOptions:reason: returned, ended once.
        unsafe { objc2_foundation::NSProcessInfo::processInfo().endActivity(&self.activity) };
    }
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

/// Shows AppKit's standard About panel (name, version and icon from Info.plist), in front: an
/// accessory app is not active when its menu item is clicked, and a panel of an inactive app opens
/// behind the user's window, so the app is activated first. Both calls exist since Mac OS X 10.0
/// (developer.apple.com/documentation/appkit/nsapplication/orderfrontstandardaboutpanel(_:) and
/// .../activate(ignoringotherapps:)); the latter is deprecated from macOS 14 in favour of
/// `activate`, which is not there before 14 and so not usable at the 11.0 deployment target.
/// False when not on the main thread (the event loop always is).
pub fn show_about_panel() -> bool {
    use objc2_app_kit::NSApplication;
    let Some(main_thread) = objc2::MainThreadMarker::new() else { return false };
    let app = NSApplication::sharedApplication(main_thread);
    #[allow(deprecated, reason = "NSApplication.activate() is macOS 14+; the deployment target is 11.0")]
    app.activateIgnoringOtherApps(true);
    app.orderFrontStandardAboutPanel(None);
    true
}

/// The default text editor (`open -t`: TextEdit unless the user chose another; a fixed path, no shell).
pub fn open_text_file(path: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new("/usr/bin/open");
    command.arg("-t").arg(path);
    command
}

/// Asks whether to quit `request`'s app: an `NSAlert` run modally, in front (an accessory app is not
/// active when its menu item is clicked, so it is activated first, as for the About panel; on macOS
/// 14+ activation is cooperative, granted for a click in our own menu). "Quit" is the first button,
/// so Return picks it and Escape picks "Cancel" (NSAlert's own key equivalents:
/// developer.apple.com/documentation/appkit/nsalert/addbutton(withtitle:)), as in Activity Monitor's
/// "Quit Process" alert. The answer comes back through the loop as `QuitConfirmed`. NSAlert,
/// `runModal` and `addButtonWithTitle:` exist since Mac OS X 10.3.
///
/// Not run inside tao's event handler: while the handler runs, tao holds its callback lock and
/// skips its wake-ups (tao 0.37 `platform_impl/macos/app_state.rs`, `in_callback`), so a modal
/// session there would stop every sample until the alert closed, and an AppKit callback that takes
/// the same lock (`applicationShouldHandleReopen:`, `applicationWillTerminate:`) could deadlock.
/// The alert is queued on the main dispatch queue instead and runs once the handler has returned;
/// the main queue is not drained again while it is open, so a second Quit waits its turn. rfd
/// sends its dialogs to the main thread the same way (PolyMeilex/rfd `backend/macos/utils.rs`).
pub fn confirm_quit(
    request: crate::effect::QuitRequest,
    proxy: tao::event_loop::EventLoopProxy<crate::events::UserEvent>,
) {
    dispatch2::DispatchQueue::main().exec_async(move || {
        use objc2_app_kit::{NSAlert, NSAlertFirstButtonReturn, NSApplication};
        use objc2_foundation::NSString;
        let Some(main_thread) = objc2::MainThreadMarker::new() else { return };
        let (title, body) = crate::quit::confirmation(&request);
        let app = NSApplication::sharedApplication(main_thread);
        #[allow(deprecated, reason = "NSApplication.activate() is macOS 14+; the deployment target is 11.0")]
        app.activateIgnoringOtherApps(true);
        let alert = NSAlert::new(main_thread);
        alert.setMessageText(&NSString::from_str(&title));
        alert.setInformativeText(&NSString::from_str(&body));
        alert.addButtonWithTitle(&NSString::from_str(&headroom_core::tr!("quit-confirm-quit")));
        alert.addButtonWithTitle(&NSString::from_str(&headroom_core::tr!("quit-confirm-cancel")));
        if alert.runModal() == NSAlertFirstButtonReturn {
            let _ = proxy.send_event(crate::events::UserEvent::QuitConfirmed(request));
        }
    });
}

/// Whether `pid` is an app macOS can ask to quit: an `NSRunningApplication` that is not
/// background-only. Helpers and XPC services are registered with LaunchServices too ("Google Chrome
/// Helper (Renderer)"), but with the `Prohibited` activation policy; they go with their app, and a
/// Quit event sent to one would at best be ignored. (Menu-bar apps are `Accessory`: they count.)
/// `runningApplicationWithProcessIdentifier:` and `activationPolicy` exist since macOS 10.6 and are
/// thread-safe (developer.apple.com/documentation/appkit/nsrunningapplication: "NSRunningApplication
/// is thread safe"); the worker thread has no autorelease pool of its own, so one is made here.
pub fn is_app(pid: u32) -> bool {
    use objc2_app_kit::{NSApplicationActivationPolicy, NSRunningApplication};
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    objc2::rc::autoreleasepool(|_| {
        NSRunningApplication::runningApplicationWithProcessIdentifier(pid)
            .is_some_and(|app| app.activationPolicy() != NSApplicationActivationPolicy::Prohibited)
    })
}

/// The app's own quit: `terminate` sends it the Quit Apple event, as its Quit menu item would; it may
/// ask to save first. True when the request was sent
/// (developer.apple.com/documentation/appkit/nsrunningapplication/terminate()).
pub fn ask_app_to_quit(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    objc2::rc::autoreleasepool(|_| {
        objc2_app_kit::NSRunningApplication::runningApplicationWithProcessIdentifier(pid)
            .is_some_and(|app| app.terminate())
    })
}

/// What VoiceOver says of the status item: its label ("Headroom") and value (the figures, the
/// tooltip's words), set on the status item's button each time the figures change — so also after
/// tray-icon makes the item anew. NSStatusBarButton is an NSView, which conforms to the
/// NSAccessibility protocol; `setAccessibilityLabel:` and `setAccessibilityValue:` exist since macOS
/// 10.10 (developer.apple.com/documentation/appkit/nsaccessibilityprotocol). tray-icon 0.26 hands
/// out the item (`TrayIcon::ns_status_item`) for this.
pub fn set_accessible_figures(tray: &tray_icon::TrayIcon, figures: &str) {
    use objc2_app_kit::NSAccessibility;
    use objc2_foundation::NSString;
    let (Some(main_thread), Some(item)) = (objc2::MainThreadMarker::new(), tray.ns_status_item()) else { return };
    let Some(button) = item.button(main_thread) else { return };
    button.setAccessibilityLabel(Some(&NSString::from_str("Headroom")));
    let value = NSString::from_str(figures);
    // SAFETY: an accessibility value may be any object VoiceOver can speak; an NSString is the usual one.
    unsafe { button.setAccessibilityValue(Some(&value)) };
}
