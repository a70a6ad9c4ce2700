#!/usr/bin/env bash
# Builds Headroom (installing what this machine lacks) and runs it; any arguments go to `headroom`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh
headroom_bootstrap
# Both executables: `headroom` with no command becomes `headroom-app`, the menu-bar app.
cargo build --quiet --release --bins
exec target/release/headroom "$@"
