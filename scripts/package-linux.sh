#!/usr/bin/env bash
# Builds Headroom's Debian package: target/package/headroom_<version>_<arch>.deb, with both
# programs, the applications-menu entry, the icons under hicolor, the man page and the bash, zsh
# and fish completions, each where Debian's tools look for it.
#   bash scripts/package-linux.sh                  release build, then the package
#   bash scripts/package-linux.sh --bin-dir DIR [--fast]
#                                                  package the programs already built in DIR; --fast
#                                                  compresses with gzip -1 (the tests' debug builds)
# Needs dpkg-deb and dpkg-shlibdeps (Debian's dpkg-dev), which scripts/bootstrap.sh --for-checks installs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
compression=(-Zxz)
if [ "${1:-}" = "--bin-dir" ]; then
    bin_dir=$2
    [ "${3:-}" = "--fast" ] && compression=(-Zgzip -z1)
else
    cargo build --release --bins --quiet
    bin_dir=target/release
fi
for program in headroom headroom-app; do
    [ -x "$bin_dir/$program" ] || { echo "package-linux: no $bin_dir/$program" >&2; exit 1; }
done
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture)
out=target/package
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root

install -Dm755 "$bin_dir/headroom" "$root/usr/bin/headroom"
install -Dm755 "$bin_dir/headroom-app" "$root/usr/bin/headroom-app"
install -d "$root/usr/share/applications"
sed 's|@EXEC@|/usr/bin/headroom|' resources/linux/headroom.desktop >"$root/usr/share/applications/headroom.desktop"
for size in 16 32 64 128 256 512; do
    install -Dm644 "assets/icon/headroom-$size.png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/headroom.png"
done
install -d "$root/usr/share/man/man1"
"$root/usr/bin/headroom" man-page | gzip -9n >"$root/usr/share/man/man1/headroom.1.gz"
install -d "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d"
"$root/usr/bin/headroom" completions bash >"$root/usr/share/bash-completion/completions/headroom"
"$root/usr/bin/headroom" completions zsh >"$root/usr/share/zsh/vendor-completions/_headroom"
"$root/usr/bin/headroom" completions fish >"$root/usr/share/fish/vendor_completions.d/headroom.fish"
install -Dm644 README.md "$root/usr/share/doc/headroom/README.md"
printf 'Headroom %s\nLicense: MIT OR Apache-2.0\n' "$version" >"$root/usr/share/doc/headroom/copyright"

# The shared libraries the programs link, as package names and versions (dpkg-shlibdeps reads the
# ELF files; it wants a debian/control beside it). The tray's indicator library is opened with
# dlopen at run time, so no tool can see it: it is named by hand, either of its two forks.
mkdir -p "$stage/src/debian"
printf 'Source: headroom\n\nPackage: headroom\nArchitecture: any\n' >"$stage/src/debian/control"
shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O "$root/usr/bin/headroom" "$root/usr/bin/headroom-app" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
depends="${shlibs:+$shlibs, }libayatana-appindicator3-1 | libappindicator3-1"
size_kib=$(du -sk "$root" | cut -f1)
install -d "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<EOF
Package: headroom
Version: $version
Architecture: $arch
Maintainer: Headroom developers <headroom@users.noreply.github.com>
Installed-Size: $size_kib
Depends: $depends
Section: utils
Priority: optional
Homepage: https://github.com/headroom-app/headroom
Description: memory headroom at a glance, and why wired memory is what it is
 A menu-bar (system tray) memory monitor and command line: how much memory
 apps can still take, where the rest went in Activity Monitor's categories,
 who holds the wired memory no app can give back, and a year of history.
EOF
deb="$out/headroom_${version}_${arch}.deb"
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$deb" >/dev/null
echo "$deb"
