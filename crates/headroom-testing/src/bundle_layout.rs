//! Assembles Headroom.app from a built binary, Info.plist, resources/ and assets/: the layout, Info.plist checks and the .icns.
//!
//! Shared by the `bundle` example (what scripts/bundle-macos.sh runs) and tests/bundle.rs of the
//! `headroom` package: here, not in the core, so that plist and icns stay out of what a server builds.

use std::path::{Path, PathBuf};

/// Keys a menu-bar app's Info.plist must have, and why each matters.
pub const REQUIRED_KEYS: [&str; 15] = [
    "CFBundleIdentifier", // the notification permission, the LaunchAgent label and defaults are keyed on it
    "CFBundleName",       // the menu and Finder name
    "CFBundleDisplayName", // the name in Notification Center and System Settings
    "CFBundleExecutable", // Contents/MacOS/headroom-app, the menu-bar app
    "CFBundleIconFile",   // Contents/Resources/<name>.icns
    "CFBundlePackageType", // APPL
    "CFBundleInfoDictionaryVersion",
    "CFBundleShortVersionString", // the marketing version, = Cargo.toml's
    "CFBundleVersion",            // the build number, in step with it
    "LSMinimumSystemVersion",
    "LSUIElement", // true: no Dock icon, a menu-bar app
    "NSHighResolutionCapable",
    "NSHumanReadableCopyright",
    "NSUserNotificationAlertStyle", // banners by default for its notifications
    "LSApplicationCategoryType",
];

/// The menu-bar app (what opening Headroom.app runs) and the command line, both in Contents/MacOS.
pub const APP_EXECUTABLE: &str = "headroom-app";
pub const CLI_EXECUTABLE: &str = "headroom";

/// Reads and checks Info.plist: every required key, the executable's name, LSUIElement and the
/// versions in step with `version` (Cargo.toml's).
pub fn check_info_plist(path: &Path, version: &str) -> Result<plist::Dictionary, String> {
    let value = plist::Value::from_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let dict = value.into_dictionary().ok_or_else(|| format!("{}: not a dictionary", path.display()))?;
    let missing: Vec<&str> = REQUIRED_KEYS.iter().copied().filter(|k| !dict.contains_key(k)).collect();
    if !missing.is_empty() {
        return Err(format!("{}: missing keys {}", path.display(), missing.join(", ")));
    }
    let text = |key: &str| dict.get(key).and_then(plist::Value::as_string).unwrap_or_default();
    for key in ["CFBundleShortVersionString", "CFBundleVersion"] {
        if text(key) != version {
            return Err(format!("{}: {key} is {:?} but Cargo.toml says {version:?}", path.display(), text(key)));
        }
    }
    if text("CFBundleExecutable") != APP_EXECUTABLE {
        return Err(format!("{}: CFBundleExecutable must be \"{APP_EXECUTABLE}\"", path.display()));
    }
    if dict.get("LSUIElement").and_then(plist::Value::as_boolean) != Some(true) {
        return Err(format!("{}: LSUIElement must be true (a menu-bar app has no Dock icon)", path.display()));
    }
    Ok(dict)
}

/// The .icns elements `iconutil` writes for an app icon, and the PNG size each is made from.
pub fn icns_elements() -> [(icns::IconType, u32); 10] {
    use icns::IconType::*;
    [
        (RGBA32_16x16, 16),
        (RGBA32_16x16_2x, 32),
        (RGBA32_32x32, 32),
        (RGBA32_32x32_2x, 64),
        (RGBA32_128x128, 128),
        (RGBA32_128x128_2x, 256),
        (RGBA32_256x256, 256),
        (RGBA32_256x256_2x, 512),
        (RGBA32_512x512, 512),
        (RGBA32_512x512_2x, 1024),
    ]
}

/// Builds the .icns from the PNG sizes in `icon_dir`.
pub fn build_icns(icon_dir: &Path, out: &Path) -> Result<(), String> {
    let mut family = icns::IconFamily::new();
    for (kind, size) in icns_elements() {
        let path = icon_dir.join(format!("headroom-{size}.png"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let image =
            icns::Image::read_png(std::io::BufReader::new(file)).map_err(|e| format!("{}: {e}", path.display()))?;
        if (image.width(), image.height()) != (size, size) {
            return Err(format!("{}: {}×{}, expected {size}×{size}", path.display(), image.width(), image.height()));
        }
        family.add_icon_with_type(&image, kind).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    family.write(std::io::BufWriter::new(file)).map_err(|e| format!("{}: {e}", out.display()))
}

/// An I/O error naming the path it happened on.
fn io(what: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", what.display())
}

/// Assembles `<out_dir>/Headroom.app` around the built executables in `bin_dir` (`headroom` and
/// `headroom-app`); `root` is the repository. A previous Headroom.app there is replaced. Returns
/// the bundle's path.
pub fn assemble(bin_dir: &Path, root: &Path, out_dir: &Path, version: &str) -> Result<PathBuf, String> {
    let app = out_dir.join("Headroom.app");
    if app.exists() {
        std::fs::remove_dir_all(&app).map_err(io(&app))?;
    }
    let contents = app.join("Contents");
    let (macos, resources) = (contents.join("MacOS"), contents.join("Resources"));
    for dir in [&macos, &resources] {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }

    let plist_source = root.join("Info.plist");
    check_info_plist(&plist_source, version)?;
    std::fs::copy(&plist_source, contents.join("Info.plist")).map_err(io(&plist_source))?;
    std::fs::write(contents.join("PkgInfo"), "APPL????").map_err(io(&contents))?;

    for name in [APP_EXECUTABLE, CLI_EXECUTABLE] {
        let (built, exe) = (bin_dir.join(name), macos.join(name));
        std::fs::copy(&built, &exe).map_err(io(&built))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).map_err(io(&exe))?;
        }
    }

    build_icns(&root.join("assets/icon"), &resources.join("Headroom.icns"))?;
    let config = root.join("resources/config.toml");
    std::fs::copy(&config, resources.join("config.toml")).map_err(io(&config))?;
    write_man_and_completions(&macos.join(CLI_EXECUTABLE), &resources)?;
    Ok(app)
}

/// The man page and the shell completions, made by the bundled `headroom` itself (bundling runs on
/// the Mac it builds for), where the Homebrew cask's `manpage` and `*_completion` stanzas link them from.
fn write_man_and_completions(headroom: &Path, resources: &Path) -> Result<(), String> {
    let outputs = [
        (&["man-page"][..], "man/headroom.1"),
        (&["completions", "bash"][..], "completions/headroom.bash"),
        (&["completions", "zsh"][..], "completions/_headroom"),
        (&["completions", "fish"][..], "completions/headroom.fish"),
    ];
    for (args, relative) in outputs {
        let out = std::process::Command::new(headroom).args(args).output().map_err(io(headroom))?;
        if !out.status.success() {
            return Err(format!("{} {args:?}: {}", headroom.display(), String::from_utf8_lossy(&out.stderr)));
        }
        let path = resources.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, out.stdout).map_err(io(&path))?;
    }
    Ok(())
}
