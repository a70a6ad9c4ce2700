#!/usr/bin/env bash
# Runs every test and check CI runs: formatting, clippy (Linux and both macOS targets), the tests, the macOS type-check.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh
headroom_bootstrap --for-checks

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
step "cargo test"
cargo test
step "cargo clippy --target aarch64-apple-darwin --all-targets -- -D warnings"
cargo clippy --target aarch64-apple-darwin --all-targets -- -D warnings
step "cargo check --target x86_64-apple-darwin"
cargo check --target x86_64-apple-darwin
step "all checks passed"
