#!/usr/bin/env bash
# The C compiler for the two Apple targets when the macOS build is type-checked on Linux: Zig's clang,
# which ships the macOS libc headers (libsqlite3-sys compiles SQLite in; issue 22). cc-rs calls it
# with Apple clang's flags: the architecture and minimum OS are given to Zig as its own target
# triple, and the flags Zig rejects or that name an SDK this machine has not are dropped.
set -euo pipefail
zig="${HEADROOM_ZIG:?HEADROOM_ZIG is not set: source scripts/bootstrap.sh and run headroom_apple_cross_env}"
# The project's one minimum macOS (packaging/macos/deployment-target: comment lines, then the version).
minimum="$(grep -v '^#' "$(dirname "$0")/../../packaging/macos/deployment-target" | tr -d '[:space:]')"
arch=""
case "${TARGET:-}" in
    aarch64-apple-darwin) arch=aarch64 ;;
    x86_64-apple-darwin) arch=x86_64 ;;
esac
args=()
skip_next=0
for arg in "$@"; do
    if [ "$skip_next" -eq 1 ]; then
        skip_next=0
        continue
    fi
    case "$arg" in
        -arch | -isysroot) skip_next=1 ;;
        --target=arm64-apple-* | --target=aarch64-apple-*) arch=aarch64 ;;
        --target=x86_64-apple-*) arch=x86_64 ;;
        --target=* | -mmacosx-version-min=* | -mmacos-version-min=*) ;;
        *) args+=("$arg") ;;
    esac
done
if [ -z "$minimum" ]; then
    echo "apple/cc.sh: no version in packaging/macos/deployment-target" >&2
    exit 2
fi
if [ -z "$arch" ]; then
    echo "apple/cc.sh: cannot tell the architecture (TARGET=${TARGET:-unset}; no --target=)" >&2
    exit 2
fi
exec "$zig" cc -target "$arch-macos.$minimum" "${args[@]}"
