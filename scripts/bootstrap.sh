# shellcheck shell=bash
# Installs what a fresh Debian/Ubuntu or macOS machine lacks to build Headroom. Sourced by run.sh and check.sh.
# Usage: headroom_bootstrap [--for-checks]

say() { printf 'headroom setup: %s\n' "$*" >&2; }

# Runs a command as root: directly when root, through passwordless sudo when allowed; otherwise prints it and fails.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        say "this needs root. Run it yourself, then try again:"
        say "    sudo $*"
        return 1
    fi
}

ensure_cargo() {
    if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
        # shellcheck disable=SC1091
        . "$HOME/.cargo/env"
    fi
    if command -v cargo >/dev/null 2>&1; then
        return 0
    fi
    if command -v curl >/dev/null 2>&1; then
        say "installing the Rust toolchain with rustup (https://rustup.rs)"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
        # shellcheck disable=SC1091
        . "$HOME/.cargo/env"
    else
        say "Rust is not installed and curl is missing. Install Rust from https://rustup.rs, then try again."
        return 1
    fi
}

# Debian/Ubuntu packages: what the build links against, and what the tests call.
ensure_debian_packages() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# check-jsonschema (PyPI), pinned, in a virtual environment of the project's own under target/: it
# validates .github/workflows/*.yml against the schema of GitHub workflows (its vendored copy of
# SchemaStore's), since the macOS workflow cannot run here. Fast when already installed.
HEADROOM_CHECK_JSONSCHEMA_VERSION=0.39.0
HEADROOM_PYTHON_TOOLS=target/tools/python
# check-jsonschema 0.39.0 needs Python 3.11 or newer (its PyPI metadata: Requires-Python >=3.11), but
# the python3 of Apple's command line tools is 3.9 (geerlingguy/mac-dev-playbook#170): when python3 is
# older, a newer one is looked for by name (Homebrew's python3.13 and the like).
ensure_check_jsonschema() {
    local venv=$HEADROOM_PYTHON_TOOLS python="" candidate
    if "$venv/bin/check-jsonschema" --version 2>/dev/null | grep -qF "version $HEADROOM_CHECK_JSONSCHEMA_VERSION"; then
        return 0
    fi
    for candidate in python3 python3.14 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            python=$candidate
            break
        fi
    done
    if [ -z "$python" ]; then
        say "check-jsonschema, which checks the GitHub workflow, needs Python 3.11 or newer and none was found"
        say "(Debian 12: apt-get install python3 python3-venv; macOS: brew install python)"
        return 1
    fi
    say "installing check-jsonschema $HEADROOM_CHECK_JSONSCHEMA_VERSION into $venv ($python)"
    rm -rf "$venv"
    "$python" -m venv "$venv" &&
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            "check-jsonschema==$HEADROOM_CHECK_JSONSCHEMA_VERSION"
}

# Zig (PyPI `ziglang`), pinned, in the same virtual environment: on Linux it is the C compiler and
# archiver for the Apple targets (scripts/apple/), since libsqlite3-sys compiles SQLite into the
# macOS build and the macOS type-check runs here too. Its clang ships the macOS libc headers.
HEADROOM_ZIGLANG_VERSION=0.17.1
ensure_zig() {
    local venv=$HEADROOM_PYTHON_TOOLS
    if ! "$venv/bin/python" -m ziglang version 2>/dev/null | grep -qxF "$HEADROOM_ZIGLANG_VERSION"; then
        say "installing ziglang $HEADROOM_ZIGLANG_VERSION into $venv (the C compiler for the macOS type-check)"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ziglang==$HEADROOM_ZIGLANG_VERSION" ||
            return 1
    fi
    HEADROOM_ZIG="$("$venv/bin/python" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
    export HEADROOM_ZIG
}

# Points cc-rs at scripts/apple/ for the two Apple targets, on Linux only (a Mac uses its own clang).
# cc-rs asks `xcrun` for an SDK on Apple targets unless SDKROOT names an existing directory; Zig
# needs none, so any directory does (cc-rs lib.rs `apple_sdk_root_inner`).
headroom_apple_cross_env() {
    [ "$(uname -s)" = Linux ] || return 0
    ensure_zig || return 1
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    export CC_aarch64_apple_darwin="$here/apple/cc.sh" CC_x86_64_apple_darwin="$here/apple/cc.sh"
    export AR_aarch64_apple_darwin="$here/apple/ar.sh" AR_x86_64_apple_darwin="$here/apple/ar.sh"
    SDKROOT="$(dirname "$HEADROOM_ZIG")/lib"
    export SDKROOT
}

ensure_macos_tools() {
    if ! xcode-select -p >/dev/null 2>&1; then
        say "the Xcode command line tools are missing. Run: xcode-select --install"
        return 1
    fi
}

headroom_bootstrap() {
    local for_checks=0
    [ "${1:-}" = "--for-checks" ] && for_checks=1
    case "$(uname -s)" in
        Linux)
            if command -v dpkg-query >/dev/null 2>&1; then
                # GTK and Ayatana AppIndicator: the tray icon and its menu (tray-icon, muda, tao).
                local packages=(gcc libc6-dev pkg-config libgtk-3-dev libayatana-appindicator3-dev libayatana-appindicator3-1)
                # `free` (procps) is the independent witness the status test compares against; the
                # tray test runs a real X session (Xvfb, D-Bus, trayer), clicks (xdotool), finds
                # windows (x11-utils), takes screenshots (imagemagick) and reads them (tesseract); the notification
                # test shows notifications through a real server (dunst); desktop-file-validate checks
                # the .desktop files; shellcheck checks the scripts and python3-venv holds check-jsonschema;
                # the exporter's tests scrape it with a real Prometheus (promtool ships in `prometheus`) and
                # read its textfile with a real node_exporter; chromium loads `headroom report`'s page headless;
                # dpkg-dev (dpkg-shlibdeps) builds the .deb that scripts/package-linux.sh makes and a test unpacks;
                # the StatusNotifierItem test hosts the icon in a real SNI host (gtk-sni-tray-standalone, in
                # haskell-gtk-sni-tray-utils) and reads its menu over D-Bus with gdbus (libglib2.0-bin).
                [ "$for_checks" -eq 1 ] && packages+=(procps sudo util-linux xvfb trayer xdotool x11-utils imagemagick dbus-x11 dunst tesseract-ocr tesseract-ocr-eng desktop-file-utils shellcheck python3-venv prometheus prometheus-node-exporter chromium dpkg-dev haskell-gtk-sni-tray-utils libglib2.0-bin)
                ensure_debian_packages "${packages[@]}" || return 1
            else
                say "not a Debian-based system: make sure a C linker (gcc) is installed"
            fi
            ;;
        Darwin)
            ensure_macos_tools || return 1
            ;;
    esac
    ensure_cargo || return 1
    if [ "$for_checks" -eq 1 ] && command -v rustup >/dev/null 2>&1; then
        # The macOS build is type-checked from any machine, so both Apple targets are needed everywhere.
        local have
        have="$(rustup target list --installed)"
        for target in aarch64-apple-darwin x86_64-apple-darwin; do
            grep -qx "$target" <<<"$have" || rustup target add "$target"
        done
        local components
        components="$(rustup component list --installed)"
        grep -q '^rustfmt' <<<"$components" || rustup component add rustfmt
        grep -q '^clippy' <<<"$components" || rustup component add clippy
    fi
    if [ "$for_checks" -eq 1 ]; then
        ensure_check_jsonschema || return 1
        headroom_apple_cross_env || return 1
    fi
    return 0
}
