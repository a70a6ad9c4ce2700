//! The app as it is installed: Info.plist, the Headroom.app layout (assembled here around the
//! Linux binary), the .icns, the LaunchAgent, the Linux desktop entries, the Homebrew cask, and the
//! one deployment target they, the README and the macOS build follow.

use std::path::{Path, PathBuf};

use headroom_testing::bundle_layout as layout;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> PathBuf {
    headroom_testing::workspace_root()
}

#[test]
fn info_plist_has_every_key_and_the_cargo_version() {
    let dict = layout::check_info_plist(&root().join("Info.plist"), VERSION).expect("valid");
    assert_eq!(
        dict.get("CFBundleIdentifier").and_then(|v| v.as_string()),
        Some(headroom_core::setup::login::BUNDLE_ID)
    );
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
    let generated =
        ["Resources/man/headroom.1", "Resources/completions/headroom.bash", "Resources/completions/_headroom"];
    for file in
        files.into_iter().chain(["Resources/config.toml", "Resources/completions/headroom.fish"]).chain(generated)
    {
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
    let text = headroom_core::setup::login::launch_agent(exe);
    let dict =
        plist::Value::from_reader_xml(text.as_bytes()).expect("valid XML plist").into_dictionary().expect("dict");
    assert_eq!(dict.get("Label").and_then(|v| v.as_string()), Some(headroom_core::setup::login::BUNDLE_ID));
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
    // The menu-bar app beside `headroom`, as the menu's Launch at Login writes it.
    let app = binary.with_file_name("headroom-app");
    assert!(text.contains(&format!("\nExec={}\n", app.display())), "{text}");

    run(&["setup", "desktop"]);
    let entry = data.join("applications/headroom.desktop");
    validate_desktop_file(&entry);
    for size in [16, 32, 64, 128, 256, 512] {
        assert!(data.join(format!("icons/hicolor/{size}x{size}/apps/headroom.png")).is_file(), "{size}");
    }

    // A program path with spaces is quoted as the Desktop Entry spec asks, and still validates.
    let spaced = home.path().join("spaced.desktop");
    std::fs::write(&spaced, headroom_core::setup::desktop::entry(Path::new("/opt/My Apps/headroom"))).expect("write");
    validate_desktop_file(&spaced);

    assert!(run(&["setup", "login", "--remove"]).starts_with("Removed "));
    assert!(!autostart.exists());
    run(&["setup", "desktop", "--remove"]);
    assert!(!entry.exists());
    assert!(run(&["setup", "login", "--remove"]).contains("was not set to start at login"));
}

fn read(file: &str) -> String {
    std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn the_homebrew_cask_is_in_step_with_cargo() {
    let cask = read("packaging/homebrew/headroom.rb");
    let bundle_id = headroom_core::setup::login::BUNDLE_ID;
    assert!(cask.contains(&format!("version \"{VERSION}\"")), "{cask}");
    assert!(cask.contains("app \"Headroom.app\""));
    assert!(cask.contains(&format!("quit:      \"{bundle_id}\"")));
    // Uninstall stops and deletes both launchd jobs (the login item, the exporter) and the root-owned
    // sudoers rule; zap also trashes the data, both LaunchAgents and the preferences.
    let (uninstall, zap) = cask.split_once("\n  zap trash: [").expect("a zap trash: list after uninstall");
    let uninstall = &uninstall[uninstall.find("\n  uninstall ").expect("an uninstall stanza")..];
    let exporter = headroom_core::setup::exporter::AGENT_LABEL;
    for label in [bundle_id, exporter] {
        assert!(uninstall.contains(&format!("\n              \"{label}\",\n")), "launchctl: {label}\n{uninstall}");
    }
    let drop_in =
        format!("{}/headroom-purge", headroom_core::purge::sudoers::drop_in_dir(headroom_core::model::Platform::Macos));
    assert!(uninstall.contains(&format!("delete:    \"{drop_in}\"")), "{uninstall}");
    let zap = &zap[..zap.find("\n  ]\n").expect("the zap list's end")];
    for path in [
        format!("~/Library/Application Support/{bundle_id}"),
        format!("~/Library/LaunchAgents/{bundle_id}.plist"),
        format!("~/Library/LaunchAgents/{exporter}.plist"),
        format!("~/Library/Preferences/{bundle_id}.plist"),
    ] {
        assert!(zap.contains(&format!("\n    \"{path}\",")), "zap: {path}\n{zap}");
    }
    // scripts/bundle-macos.sh drops the Gatekeeper caveats between these lines from a notarized build's cask.
    let begin = cask.find("\n  # not-notarized caveats begin\n").expect("the caveats' opening marker");
    let end = cask.find("\n  # not-notarized caveats end\n").expect("the caveats' closing marker");
    assert!(begin < end && cask[begin..end].contains("caveats <<~EOS"), "{cask}");
}

/// The version line of packaging/macos/deployment-target (its one line that is not a comment).
fn deployment_target() -> String {
    let text = read("packaging/macos/deployment-target");
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 1, "one version line in packaging/macos/deployment-target: {text}");
    let parts: Vec<&str> = lines[0].split('.').collect();
    let numeric = parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    assert!((2..=3).contains(&parts.len()) && numeric, "not a version such as 11.0: {:?}", lines[0]);
    lines[0].to_owned()
}

/// A macOS major release's Homebrew symbol (Library/Homebrew/macos_version.rb) and name.
fn macos_release(major: u32) -> (&'static str, &'static str) {
    match major {
        11 => ("big_sur", "Big Sur"),
        12 => ("monterey", "Monterey"),
        13 => ("ventura", "Ventura"),
        14 => ("sonoma", "Sonoma"),
        15 => ("sequoia", "Sequoia"),
        26 => ("tahoe", "Tahoe"),
        _ => panic!("macOS {major}: add its Homebrew symbol and name to macos_release"),
    }
}

#[test]
fn the_deployment_target_is_stated_once_and_info_plist_the_cask_and_the_readme_follow_it() {
    let target = deployment_target();
    let major: u32 = target.split('.').next().and_then(|m| m.parse().ok()).expect("a major version");
    let (symbol, name) = macos_release(major);
    let plist = plist::Value::from_file(root().join("Info.plist")).expect("Info.plist");
    let minimum = plist.as_dictionary().and_then(|d| d.get("LSMinimumSystemVersion")).and_then(|v| v.as_string());
    assert_eq!(minimum, Some(target.as_str()), "Info.plist's LSMinimumSystemVersion");
    // Homebrew knows major releases only (Cask Cookbook, `depends_on macos:`).
    let cask = read("packaging/homebrew/headroom.rb");
    let depends = cask.lines().map(str::trim).find(|l| l.starts_with("depends_on macos:"));
    assert_eq!(depends, Some(format!("depends_on macos: \">= :{symbol}\"").as_str()), "the cask's minimum");
    let mut shown = target.as_str();
    while let Some(shorter) = shown.strip_suffix(".0") {
        shown = shorter;
    }
    let sentence = format!("runs on macOS {shown} {name} or later");
    assert!(read("README.md").contains(&sentence), "README.md must say \"{sentence}\"");
    // The build, the workflow and the self-test read the file; none sets a version of its own.
    for file in ["scripts/bundle-macos.sh", ".github/workflows/macos.yml", "scripts/mac-selftest.sh"] {
        let text = read(file);
        assert!(text.contains("packaging/macos/deployment-target"), "{file} does not read the file");
        for (at, _) in text.match_indices("MACOSX_DEPLOYMENT_TARGET") {
            let rest = text[at + "MACOSX_DEPLOYMENT_TARGET".len()..].trim_start_matches(['=', ':', ' ', '"', '\'']);
            assert!(!rest.starts_with(|c: char| c.is_ascii_digit()), "{file} states a deployment target: {rest:.20}");
        }
    }
}
