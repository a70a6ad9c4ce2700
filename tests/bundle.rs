//! The app as it is installed: Info.plist, the Headroom.app layout (assembled here around the
//! Linux binary), the .icns, the LaunchAgent, the Linux desktop entries and the Homebrew cask.

#[path = "../examples/bundle/layout.rs"]
mod layout;

use std::path::{Path, PathBuf};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn info_plist_has_every_key_and_the_cargo_version() {
    let dict = layout::check_info_plist(&root().join("Info.plist"), VERSION).expect("valid");
    assert_eq!(dict.get("CFBundleIdentifier").and_then(|v| v.as_string()), Some(headroom::setup::login::BUNDLE_ID));
    assert_eq!(dict.get("CFBundleIconFile").and_then(|v| v.as_string()), Some("Headroom"));
    // A version out of step, or a missing key, is refused with the key's name.
    let dir = tempfile::tempdir().expect("tempdir");
    let stale = dir.path().join("Info.plist");
    let text = std::fs::read_to_string(root().join("Info.plist")).expect("read");
    std::fs::write(&stale, text.replace("<key>LSUIElement</key>\n\t<true/>\n", "")).expect("write");
    let error = layout::check_info_plist(&stale, VERSION).expect_err("missing key");
    assert!(error.contains("LSUIElement"), "{error}");
    let error = layout::check_info_plist(&root().join("Info.plist"), "9.9.9").expect_err("stale");
    assert!(error.contains("CFBundleShortVersionString"), "{error}");
}

#[test]
fn the_bundle_has_the_macos_layout_and_a_complete_icon() {
    let out = tempfile::tempdir().expect("tempdir");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_headroom")).parent().expect("the build's bin directory");
    assert!(bin_dir.join("headroom-app").exists(), "cargo builds both executables for the tests");
    let app = layout::assemble(bin_dir, &root(), out.path(), VERSION).expect("built");
    assert_eq!(app, out.path().join("Headroom.app"));
    let contents = app.join("Contents");
    let files = ["Info.plist", "PkgInfo", "MacOS/headroom", "MacOS/headroom-app", "Resources/Headroom.icns"];
    for file in files.into_iter().chain(["Resources/config.toml"]) {
        assert!(contents.join(file).is_file(), "{file} is missing");
    }
    layout::check_info_plist(&contents.join("Info.plist"), VERSION).expect("the bundled Info.plist");
    assert_eq!(std::fs::read_to_string(contents.join("PkgInfo")).expect("read"), "APPL????");
    use std::os::unix::fs::PermissionsExt;
    for exe in ["MacOS/headroom", "MacOS/headroom-app"] {
        let mode = std::fs::metadata(contents.join(exe)).expect("stat").permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "{exe} is executable");
    }

    let icns = std::fs::File::open(contents.join("Resources/Headroom.icns")).expect("open");
    let family = icns::IconFamily::read(std::io::BufReader::new(icns)).expect("a valid .icns");
    let elements = layout::icns_elements();
    assert_eq!(family.elements.len(), elements.len(), "exactly iconutil's ten elements");
    for (kind, _) in elements {
        let image = family.get_icon_with_type(kind).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!((image.width(), image.height()), (kind.pixel_width(), kind.pixel_height()), "{kind:?}");
    }
    // Read back, the largest image is the 1024 px PNG's pixels.
    let biggest = family.get_icon_with_type(icns::IconType::RGBA32_512x512_2x).expect("1024");
    let png = icns::Image::read_png(std::io::BufReader::new(
        std::fs::File::open(root().join("assets/icon/headroom-1024.png")).expect("open"),
    ))
    .expect("png");
    assert!(biggest.data() == png.data(), "the 1024 px element is the source PNG");

    // Assembling again replaces the bundle rather than failing or nesting.
    layout::assemble(bin_dir, &root(), out.path(), VERSION).expect("rebuilt");
    assert!(!contents.join("Contents").exists());
}

#[test]
fn the_committed_images_are_the_sizes_they_claim() {
    let size_of = |path: &Path| {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let image = icns::Image::read_png(std::io::BufReader::new(file)).expect("a PNG");
        (image.width(), image.height())
    };
    for (_, size) in layout::icns_elements() {
        assert_eq!(size_of(&root().join(format!("assets/icon/headroom-{size}.png"))), (size, size));
    }
    assert_eq!(size_of(&root().join("assets/menubar/template.png")), (22, 22));
    assert_eq!(size_of(&root().join("assets/menubar/template@2x.png")), (44, 44));
}

#[test]
fn the_launch_agent_parses_and_runs_the_app_at_load() {
    let exe = Path::new("/Applications/Head & Room.app/Contents/MacOS/headroom");
    let text = headroom::setup::login::launch_agent(exe);
    let dict =
        plist::Value::from_reader_xml(text.as_bytes()).expect("valid XML plist").into_dictionary().expect("dict");
    assert_eq!(dict.get("Label").and_then(|v| v.as_string()), Some(headroom::setup::login::BUNDLE_ID));
    let args = dict.get("ProgramArguments").and_then(|v| v.as_array()).expect("ProgramArguments");
    assert_eq!(args.len(), 1);
    assert_eq!(args[0].as_string(), Some(exe.to_str().expect("utf-8")), "the path survives XML escaping");
    assert_eq!(dict.get("RunAtLoad").and_then(|v| v.as_boolean()), Some(true));
}

#[cfg(target_os = "linux")]
fn validate_desktop_file(path: &Path) {
    let out = std::process::Command::new("desktop-file-validate")
        .arg(path)
        .output()
        .expect("desktop-file-validate (Debian desktop-file-utils; scripts/bootstrap.sh installs it)");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && said.trim().is_empty(), "{}: {said}", path.display());
}

#[cfg(target_os = "linux")]
#[test]
fn setup_login_and_desktop_write_valid_entries_and_remove_them() {
    let home = tempfile::tempdir().expect("tempdir");
    let (config, data) = (home.path().join("config"), home.path().join("data"));
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_headroom"))
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", &data)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_headroom")).canonicalize().expect("path");

    run(&["setup", "login"]);
    let autostart = config.join("autostart/headroom.desktop");
    validate_desktop_file(&autostart);
    let text = std::fs::read_to_string(&autostart).expect("read");
    assert!(text.contains(&format!("\nExec={}\n", binary.display())), "{text}");

    run(&["setup", "desktop"]);
    let entry = data.join("applications/headroom.desktop");
    validate_desktop_file(&entry);
    for size in [16, 32, 64, 128, 256, 512] {
        assert!(data.join(format!("icons/hicolor/{size}x{size}/apps/headroom.png")).is_file(), "{size}");
    }

    // A program path with spaces is quoted as the Desktop Entry spec asks, and still validates.
    let spaced = home.path().join("spaced.desktop");
    std::fs::write(&spaced, headroom::setup::desktop::entry(Path::new("/opt/My Apps/headroom"))).expect("write");
    validate_desktop_file(&spaced);

    assert!(run(&["setup", "login", "--remove"]).starts_with("Removed "));
    assert!(!autostart.exists());
    run(&["setup", "desktop", "--remove"]);
    assert!(!entry.exists());
    assert!(run(&["setup", "login", "--remove"]).contains("was not set to start at login"));
}

#[test]
fn the_homebrew_cask_is_in_step_with_cargo() {
    let cask = std::fs::read_to_string(root().join("packaging/homebrew/headroom.rb")).expect("read");
    assert!(cask.contains(&format!("version \"{VERSION}\"")), "{cask}");
    assert!(cask.contains("app \"Headroom.app\""));
    assert!(cask.contains(&format!("quit:      \"{}\"", headroom::setup::login::BUNDLE_ID)));
    assert!(cask.contains(&format!("~/Library/LaunchAgents/{}.plist", headroom::setup::login::BUNDLE_ID)));
    // scripts/bundle-macos.sh drops the Gatekeeper caveats between these lines from a notarized build's cask.
    let begin = cask.find("\n  # not-notarized caveats begin\n").expect("the caveats' opening marker");
    let end = cask.find("\n  # not-notarized caveats end\n").expect("the caveats' closing marker");
    assert!(begin < end && cask[begin..end].contains("caveats <<~EOS"), "{cask}");
}
