#!/usr/bin/env bash
# Runs every test and check CI runs: formatting, clippy (Linux and both macOS targets), the tests, the macOS
# type-check, and the macOS workflow's schema, scripts and comparisons.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh
headroom_bootstrap --for-checks

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check
# The macOS workflow runs only on GitHub's Macs: here its schema and its scripts are checked (first: they are quick),
# and after the tests its comparisons, on recorded inputs.
step "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/macos.yml"
"$HEADROOM_PYTHON_TOOLS/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
step "shellcheck (warnings and errors) scripts/*.sh scripts/apple/*.sh .ci/run"
if command -v shellcheck >/dev/null 2>&1; then
    shellcheck -x --severity=warning scripts/*.sh scripts/apple/*.sh .ci/run
else
    echo "shellcheck is not installed (Debian: apt-get install shellcheck; macOS: brew install shellcheck); skipped"
fi
step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
step "cargo test"
cargo test
step "promtool check rules, promtool test rules: packaging/prometheus"
# scripts/bootstrap.sh installs promtool on Debian (the `prometheus` package) but installs nothing
# from Homebrew, so on a Mac without it the rules are skipped, as shellcheck is above.
if command -v promtool >/dev/null 2>&1 || [ "$(uname -s)" != "Darwin" ]; then
    promtool check rules packaging/prometheus/headroom.rules.yml
    promtool test rules packaging/prometheus/headroom.rules.test.yml
else
    echo "promtool is not installed (macOS: brew install prometheus); skipped"
fi
step "cargo clippy --target aarch64-apple-darwin --all-targets -- -D warnings"
cargo clippy --target aarch64-apple-darwin --all-targets -- -D warnings
step "cargo check --target x86_64-apple-darwin"
cargo check --target x86_64-apple-darwin
step "mac-selftest --self-check: its vm_stat and cadence comparisons on recorded inputs"
cargo build --quiet --bin headroom
bash scripts/mac-selftest.sh --self-check
step "all checks passed"
