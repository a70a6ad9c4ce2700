//! Every Apple API, sysctl and system tool the macOS files use, with the macOS that introduced it: each one newer than the deployment target must be checked at run time (issue 22, item 6).
//!
//! The list is the review's inventory, kept honest both ways: each entry must still appear in its
//! file (so a removed call leaves the list), and each must be available at the deployment target
//! (packaging/macos/deployment-target) unless the code checks for it before the call.

use headroom_core::setup::login::MacOsVersion;

/// How the code makes sure the API is there.
#[derive(Debug)]
enum Guard {
    /// Called unconditionally: it must be available at the deployment target.
    None,
    /// Called only on macOS `since` or later (the version check that guards it).
    Version(MacOsVersion),
    /// Looked up, read or run at run time; its absence is handled (named how).
    Handled(&'static str),
}

struct Api {
    /// The text that names it in `file` (under src/).
    token: &'static str,
    file: &'static str,
    /// The macOS that introduced it (major, minor), or, where the source is XNU's history, the
    /// oldest tagged release checked that has it.
    since: (u32, u32),
    guard: Guard,
    /// Where `since` comes from.
    source: &'static str,
}

const UN_SDK: &str =
    "phracker/MacOSX-SDKs MacOSX12.3.sdk UserNotifications.framework/Headers/UNUserNotificationCenter.h API_AVAILABLE";
const UN_ACTION: &str =
    "phracker/MacOSX-SDKs MacOSX11.3.sdk UserNotifications.framework/Headers/UNNotificationAction.h";
const LIBPROC: &str = "apple-oss-distributions/xnu libsyscall/wrappers/libproc/libproc.h __OSX_AVAILABLE_STARTING";
const XNU_10_9: &str = "apple-oss-distributions/xnu: present at tag xnu-2422.1.72 (OS X 10.9)";

const fn api(token: &'static str, file: &'static str, since: (u32, u32), guard: Guard, source: &'static str) -> Api {
    Api { token, file, since, guard, source }
}

const APIS: &[Api] = &[
    // app/platform/macos.rs
    api(
        "CGSessionCopyCurrentDictionary",
        "app/platform/macos.rs",
        (10, 3),
        Guard::None,
        "developer.apple.com/documentation/coregraphics/cgsessioncopycurrentdictionary()",
    ),
    api("CFRunLoopWakeUp", "app/platform/macos.rs", (10, 0), Guard::None, "CoreFoundation CFRunLoop.h (Mac OS X 10.0)"),
    api(
        "orderFrontStandardAboutPanel",
        "app/platform/macos.rs",
        (10, 0),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsapplication/orderfrontstandardaboutpanel(_:) (macOS 10.0+)",
    ),
    api(
        "activateIgnoringOtherApps",
        "app/platform/macos.rs",
        (10, 0),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsapplication/activate(ignoringotherapps:) (macOS 10.0+, deprecated 14.0)",
    ),
    api(
        "NSAlert::new",
        "app/platform/macos.rs",
        (10, 3),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsalert (macOS 10.3+)",
    ),
    api(
        "runModal",
        "app/platform/macos.rs",
        (10, 3),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsalert/runmodal() (macOS 10.3+)",
    ),
    api(
        "addButtonWithTitle",
        "app/platform/macos.rs",
        (10, 3),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsalert/addbutton(withtitle:) (macOS 10.3+)",
    ),
    api(
        "runningApplicationWithProcessIdentifier",
        "app/platform/macos.rs",
        (10, 6),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsrunningapplication/init(processidentifier:) (macOS 10.6+)",
    ),
    api(
        "setAccessibilityLabel",
        "app/platform/macos.rs",
        (10, 10),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsaccessibilityprotocol/accessibilitylabel() (macOS 10.10+)",
    ),
    api(
        "setAccessibilityValue",
        "app/platform/macos.rs",
        (10, 10),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsaccessibilityprotocol/accessibilityvalue() (macOS 10.10+)",
    ),
    api(
        "activationPolicy",
        "app/platform/macos.rs",
        (10, 6),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsrunningapplication/activationpolicy (macOS 10.6+)",
    ),
    api(
        "DispatchQueue::main().exec_async",
        "app/platform/macos.rs",
        (10, 6),
        Guard::None,
        "developer.apple.com/documentation/dispatch/1453057-dispatch_async_f (macOS 10.6+)",
    ),
    api(
        "app.terminate()",
        "app/platform/macos.rs",
        (10, 6),
        Guard::None,
        "developer.apple.com/documentation/appkit/nsrunningapplication/terminate() (macOS 10.6+)",
    ),
    api(
        "beginActivityWithOptions_reason",
        "app/platform/macos.rs",
        (10, 9),
        Guard::None,
        "Foundation NSProcessInfo.h API_AVAILABLE(macos(10.9))",
    ),
    api(
        "set_activation_policy",
        "app/platform/macos.rs",
        (10, 6),
        Guard::None,
        "AppKit NSApplication.h setActivationPolicy: API_AVAILABLE(macos(10.6))",
    ),
    // notify/deliver/macos.rs, macos_delegate.rs
    api("currentNotificationCenter", "notify/deliver/macos.rs", (10, 14), Guard::None, UN_SDK),
    api("requestAuthorizationWithOptions_completionHandler", "notify/deliver/macos.rs", (10, 14), Guard::None, UN_SDK),
    api("getNotificationSettingsWithCompletionHandler", "notify/deliver/macos.rs", (10, 14), Guard::None, UN_SDK),
    api("addNotificationRequest_withCompletionHandler", "notify/deliver/macos.rs", (10, 14), Guard::None, UN_SDK),
    api("UNNotificationPresentationOptions::Banner", "notify/deliver/macos_delegate.rs", (11, 0), Guard::None, UN_SDK),
    api("UNNotificationPresentationOptions::List", "notify/deliver/macos_delegate.rs", (11, 0), Guard::None, UN_SDK),
    api("actionWithIdentifier_title_options", "notify/deliver/macos_delegate.rs", (10, 14), Guard::None, UN_ACTION),
    api(
        "/usr/bin/osascript",
        "notify/deliver/macos.rs",
        (10, 9),
        Guard::None,
        "AppleScript Release Notes, 10.9: display notification",
    ),
    // setup/login/macos.rs
    api(
        "SMAppService",
        "setup/login/macos.rs",
        (13, 0),
        Guard::Version(MacOsVersion::SM_APP_SERVICE),
        "ServiceManagement SMAppService.h API_AVAILABLE(macos(13.0))",
    ),
    api(
        "SecTranslocateIsTranslocatedURL",
        "setup/login/macos.rs",
        (10, 12),
        Guard::Handled("dlsym; None when absent"),
        "apple-oss-distributions/Security SecTranslocate.h",
    ),
    api(
        "kern.osproductversion",
        "setup/login/macos.rs",
        (10, 14),
        Guard::Handled("unreadable: the LaunchAgent"),
        "apple-oss-distributions/xnu: absent at xnu-4570.41.2, present at xnu-4903.221.2",
    ),
    // sampling/sleep/macos.rs
    api("NOTE_LEEWAY", "sampling/sleep/macos.rs", (10, 9), Guard::None, XNU_10_9),
    api("EVFILT_USER", "sampling/sleep/macos.rs", (10, 9), Guard::None, XNU_10_9),
    // sys/macos.rs, top/macos.rs, macos_suspects.rs
    api("host_statistics64", "sys/macos.rs", (10, 9), Guard::None, XNU_10_9),
    api("kern.memorystatus_vm_pressure_level", "sys/macos.rs", (10, 9), Guard::None, XNU_10_9),
    api("kern.bootsessionuuid", "sys/macos.rs", (10, 9), Guard::None, XNU_10_9),
    api("proc_listallpids", "sys/macos.rs", (10, 7), Guard::None, LIBPROC),
    api("proc_pid_rusage", "sys/top/macos.rs", (10, 9), Guard::None, LIBPROC),
    api("RUSAGE_INFO_V2", "sys/macos_suspects.rs", (10, 9), Guard::None, XNU_10_9),
    api("KERN_PROCARGS2", "sys/macos_suspects.rs", (10, 9), Guard::None, XNU_10_9),
    api("kern.argmax", "sys/macos_suspects.rs", (10, 9), Guard::None, XNU_10_9),
    api("/usr/bin/kmutil", "sys/macos_suspects.rs", (11, 0), Guard::None, "kmutil(8): \"Starting in macOS 11\""),
    api(
        "/usr/bin/systemextensionsctl",
        "sys/macos_suspects.rs",
        (10, 15),
        Guard::None,
        "systemextensionsctl(8), System Extensions (macOS 10.15)",
    ),
    api(
        "fn mach_memory_info(",
        "sys/macos_owners.rs",
        (10, 12),
        Guard::Handled("refused before 13.3 without root: said as unknown, with why"),
        "apple-oss-distributions/xnu osfmk/mach/mach_host.defs: present at xnu-3789.1.32 (macOS 10.12); \
         host_priv_t until xnu-8792.81.2, the host port from xnu-8796.101.5 (macOS 13.3)",
    ),
    api("mach_vm_deallocate", "sys/macos_owners.rs", (10, 9), Guard::None, XNU_10_9),
    api("proc_pid_rusage", "sys/macos_owners.rs", (10, 9), Guard::None, LIBPROC),
    api("mach_port_deallocate", "sys/macos_owners.rs", (10, 9), Guard::None, XNU_10_9),
    // The app's language: sys-locale 0.3 asks CoreFoundation for the user's preferred languages.
    api(
        "CFLocaleCopyPreferredLanguages",
        "i18n/preferred_macos.rs",
        (10, 5),
        Guard::None,
        "developer.apple.com/documentation/corefoundation/cflocalecopypreferredlanguages() (macOS 10.5+)",
    ),
    api(
        "iogpu.wired_limit_mb",
        "sys/macos_suspects.rs",
        (14, 0),
        Guard::Handled("absent: the default cap"),
        "Apple Silicon sysctl of macOS 14",
    ),
];

fn deployment_target() -> MacOsVersion {
    let path = headroom_testing::source("packaging/macos/deployment-target");
    let text = std::fs::read_to_string(&path).expect("packaging/macos/deployment-target");
    let line = text.lines().find(|l| !l.starts_with('#') && !l.trim().is_empty()).expect("a version line");
    MacOsVersion::parse(line).expect("a version such as 11.0")
}

#[test]
fn every_api_is_there_at_the_deployment_target_or_checked_first() {
    let target = deployment_target();
    for api in APIS {
        let since = MacOsVersion { major: api.since.0, minor: api.since.1 };
        match &api.guard {
            Guard::None => assert!(
                since <= target,
                "{} ({}) is macOS {}.{} ({}), newer than the deployment target {target:?}, and nothing checks for it",
                api.token,
                api.file,
                since.major,
                since.minor,
                api.source
            ),
            Guard::Version(checked) => assert_eq!(*checked, since, "{}: the version check must be its own", api.token),
            Guard::Handled(how) => assert!(!how.is_empty()),
        }
    }
}

#[test]
fn every_listed_api_is_still_used_where_the_list_says() {
    for api in APIS {
        // "app/…" is the menu-bar app's crate; the rest is the core's.
        let path = match api.file.strip_prefix("app/") {
            Some(file) => headroom_testing::source("crates/headroom-app/src").join(file),
            None => headroom_testing::source("crates/headroom-core/src").join(api.file),
        };
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(text.contains(api.token), "{} no longer names {}: update the list", api.file, api.token);
    }
}
