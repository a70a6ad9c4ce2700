#!/usr/bin/env bash
# Whole-process cost of one reading: `headroom status --json` against `free -b` and a psutil
# one-liner, with hyperfine (Debian `hyperfine`; psutil from `pip install psutil`, skipped if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bins --quiet
commands=("target/release/headroom status --json" "free -b")
if python3 -c 'import psutil' 2>/dev/null; then
    commands+=("python3 -c 'import psutil; psutil.virtual_memory(); psutil.swap_memory()'")
else
    echo "psutil is not installed (pip install psutil); leaving it out" >&2
fi
# -N: no intermediate shell, so the figures are the programs' own.
table=$(mktemp)
hyperfine -N --warmup 10 --runs 200 --export-markdown "$table" "${commands[@]}"
echo
cat "$table"
rm -f "$table"
