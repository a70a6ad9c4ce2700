#!/usr/bin/env bash
# The archiver for the two Apple targets when the macOS build is type-checked on Linux: Zig's llvm-ar,
# which writes the Mach-O symbol table GNU ar does not (see cc.sh beside it).
set -euo pipefail
exec "${HEADROOM_ZIG:?HEADROOM_ZIG is not set: source scripts/bootstrap.sh and run headroom_apple_cross_env}" ar "$@"
