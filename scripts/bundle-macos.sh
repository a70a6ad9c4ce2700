#!/usr/bin/env bash
# Builds Headroom.app into target/bundle/.
#   macOS: universal executables (lipo of the arm64 and x86_64 release builds), ad-hoc codesigned,
#          zipped to target/bundle/Headroom-<version>.zip, and the Homebrew cask filled in beside it
#          (HEADROOM_REPOSITORY=owner/name sets the download URL; default headroom-app/headroom).
#   Linux: the same layout around the Linux binary, to check the structure (tests/bundle.rs does too).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh
headroom_bootstrap

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=target/bundle
mkdir -p "$out"

case "$(uname -s)" in
    Darwin)
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
        # Ad-hoc signature: enough for Apple Silicon to run it and for notification permission to stick.
        codesign --force --deep --sign - "$app"
        codesign --verify --strict --verbose=2 "$app"
        zip="$out/Headroom-$version.zip"
        rm -f "$zip"
        ditto -c -k --keepParent "$app" "$zip"
        sha=$(shasum -a 256 "$zip" | cut -d ' ' -f 1)
        sed -e "s/@SHA256@/$sha/" -e "s|@REPOSITORY@|${HEADROOM_REPOSITORY:-headroom-app/headroom}|g" \
            packaging/homebrew/headroom.rb > "$out/headroom.rb"
        echo "$zip ($sha)"
        echo "$out/headroom.rb"
        ;;
    *)
        cargo build --release --bins
        cargo run --quiet --release --example bundle -- --bin-dir target/release --out "$out"
        ;;
esac
