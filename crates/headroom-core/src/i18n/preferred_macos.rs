//! The user's preferred languages on macOS, in order (System Settings › General › Language & Region).

/// As tags ("de-DE", "zh-Hans-CN"): sys-locale reads `CFLocaleCopyPreferredLanguages` (CoreFoundation,
/// macOS 10.5+, https://developer.apple.com/documentation/corefoundation/cflocalecopypreferredlanguages()).
pub(super) fn languages() -> Vec<String> {
    sys_locale::get_locales().collect()
}
