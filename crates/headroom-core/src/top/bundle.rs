//! macOS: the application a process belongs to, from its executable's path (the outermost `.app` bundle).
//!
//! Apps ship their helpers inside their own bundle, often in nested bundles: Chrome's renderers
//! run `/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/
//! Versions/…/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper
//! (Renderer)`. The outermost `X.app` is what the user launched, so "Google Chrome" gathers them all,
//! as Stats' "combine by app" and Activity Monitor's hierarchy do.

/// The outermost `.app` bundle's name in `path` (without `.app`), if the path is inside one.
pub fn app_of_path(path: &str) -> Option<String> {
    path.split('/')
        .find_map(|component| component.strip_suffix(".app").filter(|name| !name.is_empty()))
        .map(str::to_owned)
}

/// The executable's file name: what names a process outside any bundle.
pub fn executable_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_belong_to_the_outermost_bundle() {
        let renderer = "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/131.0.6778.86/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper (Renderer)";
        assert_eq!(app_of_path(renderer).as_deref(), Some("Google Chrome"));
        assert_eq!(executable_name(renderer), "Google Chrome Helper (Renderer)");
        let safari_content = "/System/Library/Frameworks/WebKit.framework/Versions/A/XPCServices/com.apple.WebKit.WebContent.xpc/Contents/MacOS/com.apple.WebKit.WebContent";
        assert_eq!(app_of_path(safari_content), None, "an XPC service outside any .app stands alone");
        assert_eq!(app_of_path("/usr/libexec/mds_stores"), None);
        assert_eq!(executable_name("/usr/libexec/mds_stores"), "mds_stores");
        assert_eq!(
            app_of_path("/Applications/Utilities/Activity Monitor.app/Contents/MacOS/Activity Monitor").as_deref(),
            Some("Activity Monitor")
        );
        assert_eq!(app_of_path("/Users/me/bin/.app/x"), None, "a directory named only `.app` is not a bundle");
    }
}
