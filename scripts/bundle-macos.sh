#!/usr/bin/env bash
# Builds Headroom.app into target/bundle/.
#   macOS: universal executables (lipo of the arm64 and x86_64 release builds), signed, zipped to
#          target/bundle/Headroom-<version>.zip, and the Homebrew cask filled in beside it
#          (HEADROOM_REPOSITORY=owner/name sets the download URL; default headroom-app/headroom).
#          HEADROOM_SIGN_IDENTITY="Developer ID Application: Name (TEAMID)": signed with that identity,
#            the hardened runtime and a secure timestamp;
#          HEADROOM_NOTARY_PROFILE=<profile saved by `xcrun notarytool store-credentials`>: also
#            notarized by Apple and the ticket stapled, so Gatekeeper opens it on first launch;
#          neither: signed ad hoc, and the script says what a user of that build will meet.
#   Linux: the same layout around the Linux binary, to check the structure (crates/headroom/tests/bundle.rs does too).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh
# shellcheck disable=SC2119 # no --for-checks: what the build needs, not the test tools
headroom_bootstrap

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=target/bundle
mkdir -p "$out"
sign_identity=${HEADROOM_SIGN_IDENTITY:-}
notary_profile=${HEADROOM_NOTARY_PROFILE:-}

fail() {
    printf 'bundle-macos: %s\n' "$*" >&2
    exit 1
}

# The oldest macOS the build runs on, stated once: the line of packaging/macos/deployment-target that
# is not a comment. rustc reads MACOSX_DEPLOYMENT_TARGET (doc.rust-lang.org/rustc/platform-support/
# apple-darwin.html) and so does cc-rs for C such as the bundled SQLite; unset, rustc links for 11.0
# (arm64) or 10.12 (x86_64) while cc-rs compiles for the SDK's version, and the linker marks the binary
# with the newer one (rust-lang/rust#136113). scripts/mac-selftest.sh checks each slice's minos.
deployment_target=$(sed -e '/^#/d' -e '/^[[:space:]]*$/d' packaging/macos/deployment-target)
[[ "$deployment_target" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] ||
    fail "packaging/macos/deployment-target must hold one version such as 11.0, not '$deployment_target'"

# Signs one code item. With an identity: the hardened runtime (--options runtime) and a secure
# timestamp (--timestamp), both of which the notary service requires ("Notarizing macOS software
# before distribution" and "Resolving common notarization issues", developer.apple.com/documentation/
# security). Headroom needs no entitlements under the hardened runtime: it reads counters (Mach,
# sysctl, libproc), links only the system's own libraries, sends no Apple events itself (osascript
# does, as a process of its own) and has no JIT. Without an identity: ad hoc ("-"), which is all
# Apple Silicon needs to run native code.
sign() {
    if [ -n "$sign_identity" ]; then
        codesign --force --options runtime --timestamp --sign "$sign_identity" "$@"
    else
        codesign --force --sign - "$@"
    fi
}

# Signs the bundle from the inside out: each executable in Contents/MacOS other than the main one
# first, then the bundle, which signs the main executable and seals Info.plist and Resources. Not
# --deep: it gives every nested item the bundle's options and finds only code in nested code
# places (Apple DTS, "--deep Considered Harmful", developer.apple.com/forums/thread/129980;
# codesign(1): "Beware that all signing options you specify will apply, in turn, to such nested content").
sign_bundle() {
    local app=$1 main helper
    main=$(plutil -extract CFBundleExecutable raw -o - "$app/Contents/Info.plist")
    for helper in "$app"/Contents/MacOS/*; do
        [ "$(basename "$helper")" = "$main" ] && continue
        # An explicit identifier (by default codesign takes the file name) says whose tool it is.
        sign --identifier "app.headroom.Headroom.$(basename "$helper")" "$helper"
    done
    sign "$app"
    # --strict also refuses unsigned nested code and anything added after signing.
    codesign --verify --strict --verbose=2 "$app" || fail "the signature of $app does not verify"
}

zip_app() {
    rm -f "$2"
    # ditto keeps the bundle's symlinks, extended attributes and signature intact; `zip` does not.
    ditto -c -k --keepParent "$1" "$2"
}

# Submits the zip to Apple's notary service and staples the ticket to the app. notarytool exits 0
# whenever it got a verdict, Invalid included (electron/notarize#173, northpolesec/santa#1129),
# so the verdict is read from its JSON, and Apple's log is printed when it is not Accepted.
notarize() {
    local app=$1 zip=$2 result status id
    result=$(mktemp)
    xcrun notarytool submit "$zip" --keychain-profile "$notary_profile" --wait --output-format json >"$result" ||
        fail "notarytool could not submit $zip (is the keychain profile '$notary_profile' stored? xcrun notarytool store-credentials)"
    status=$(plutil -extract status raw -o - "$result" 2>/dev/null || echo unknown)
    id=$(plutil -extract id raw -o - "$result" 2>/dev/null || echo unknown)
    rm -f "$result"
    if [ "$status" != "Accepted" ]; then
        xcrun notarytool log "$id" --keychain-profile "$notary_profile" >&2 || true
        fail "notarization of $zip ended $status (submission $id); Apple's log is above"
    fi
    echo "notarized: submission $id Accepted"
    # The ticket stapled to the app lets Gatekeeper check it offline; the zip itself cannot carry
    # one, so the zip is made again around the stapled app.
    xcrun stapler staple "$app"
    xcrun stapler validate "$app"
    zip_app "$app" "$zip"
    # What Gatekeeper will say on a user's Mac: "accepted, source=Notarized Developer ID".
    spctl --assess --type execute --verbose=2 "$app" || fail "Gatekeeper (spctl) rejects the notarized $app"
}

# What a user of this build meets, said when the build is not notarized.
explain_unnotarized() {
    cat >&2 <<'EOF'

bundle-macos: this build is not notarized. A user who downloads it will meet:
  * Gatekeeper blocks its first open ("Apple could not verify …"). Since macOS 15 right-click › Open
    no longer gets past that (developer.apple.com/news/?id=saqachfa): open it once, then
    System Settings › Privacy & Security › Open Anyway; or, in Terminal,
        xattr -dr com.apple.quarantine /Applications/Headroom.app
  * Homebrew's own cask repository disables casks that fail Gatekeeper (Homebrew/brew#20755);
    the cask written beside the zip says all this in its caveats, for a tap of your own.
EOF
    if [ -z "$sign_identity" ]; then
        cat >&2 <<'EOF'
  * It is signed ad hoc: Notification Center refuses ad-hoc-signed apps, so Headroom's
    notifications go through osascript (attributed to Script Editor) instead.
To ship a build Gatekeeper opens: HEADROOM_SIGN_IDENTITY="Developer ID Application: …" and
HEADROOM_NOTARY_PROFILE=<profile from `xcrun notarytool store-credentials`>.
EOF
    else
        echo "To notarize it: HEADROOM_NOTARY_PROFILE=<profile from \`xcrun notarytool store-credentials\`>." >&2
    fi
}

case "$(uname -s)" in
    Darwin)
        if [ -n "$notary_profile" ] && [ -z "$sign_identity" ]; then
            fail "HEADROOM_NOTARY_PROFILE needs HEADROOM_SIGN_IDENTITY: the notary service accepts only Developer ID-signed code"
        fi
        case "$sign_identity" in
            "" | "Developer ID Application:"*) ;;
            *) echo "bundle-macos: warning: '$sign_identity' is not a \"Developer ID Application: …\" identity; the notary service and Gatekeeper accept only that kind" >&2 ;;
        esac
        if [ -n "${MACOSX_DEPLOYMENT_TARGET:-}" ] && [ "$MACOSX_DEPLOYMENT_TARGET" != "$deployment_target" ]; then
            echo "bundle-macos: warning: MACOSX_DEPLOYMENT_TARGET=$MACOSX_DEPLOYMENT_TARGET ignored; packaging/macos/deployment-target says $deployment_target" >&2
        fi
        export MACOSX_DEPLOYMENT_TARGET=$deployment_target
        echo "bundle-macos: deployment target macOS $MACOSX_DEPLOYMENT_TARGET"
        rustup target add aarch64-apple-darwin x86_64-apple-darwin
        cargo build --release --bins --target aarch64-apple-darwin
        cargo build --release --bins --target x86_64-apple-darwin
        mkdir -p target/universal
        for exe in headroom headroom-app; do
            lipo -create -output "target/universal/$exe" \
                "target/aarch64-apple-darwin/release/$exe" "target/x86_64-apple-darwin/release/$exe"
            lipo -info "target/universal/$exe"
        done
        app=$(cargo run --quiet --release --example bundle -- --bin-dir target/universal --out "$out")
        sign_bundle "$app"
        zip="$out/Headroom-$version.zip"
        zip_app "$app" "$zip"
        if [ -n "$notary_profile" ]; then
            notarize "$app" "$zip"
        else
            explain_unnotarized
        fi
        codesign --display --verbose=2 "$app" 2>&1 | grep -E '^(Authority|Signature|TeamIdentifier|Timestamp|Runtime Version|CodeDirectory)' || true
        sha=$(shasum -a 256 "$zip" | cut -d ' ' -f 1)
        # A notarized build needs no Gatekeeper caveats: drop that block from the cask.
        caveats='/^  # not-notarized caveats begin$/,/^  # not-notarized caveats end$/'
        if [ -n "$notary_profile" ]; then caveats+='d'; else caveats+='{/^  # not-notarized caveats/d;}'; fi
        sed -e "s/@SHA256@/$sha/" -e "s|@REPOSITORY@|${HEADROOM_REPOSITORY:-headroom-app/headroom}|g" \
            -e "$caveats" packaging/homebrew/headroom.rb > "$out/headroom.rb"
        echo "$zip ($sha)"
        echo "$out/headroom.rb"
        ;;
    *)
        cargo build --release --bins
        cargo run --quiet --release --example bundle -- --bin-dir target/release --out "$out"
        ;;
esac
