#!/usr/bin/env bash
# The wired-holders probe on a busy machine: 300 memory cgroups of our own (nested under one parent,
# as systemd nests units) and 1,000 extra processes, then `headroom explain --json` 20 times; prints
# the median and worst time of the "/proc and cgroups (wired holders)" source (from its own timing,
# suspects.costs) and of each other source. Linux, root (it creates cgroups); removes all it made.
# Usage: sudo bash scripts/bench-owners.sh [CGROUPS] [PROCESSES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
cgroups=${1:-300}
processes=${2:-1000}
runs=${3:-20}
cargo build --release --bin headroom --quiet
root=/sys/fs/cgroup/memory
[ -d "$root" ] || root=/sys/fs/cgroup
parent="$root/headroom-bench-$$"
pids=()
cleanup() {
    [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    for dir in "$parent"/*/ ; do [ -d "$dir" ] && rmdir "$dir" 2>/dev/null || true; done
    [ -d "$parent" ] && rmdir "$parent" 2>/dev/null || true
}
trap cleanup EXIT
mkdir "$parent"
for i in $(seq 1 "$cgroups"); do mkdir "$parent/unit-$i.service"; done
for _ in $(seq 1 "$processes"); do sleep 600 & pids+=($!); done
proc_count=$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)
echo "machine: $proc_count processes, $(find "$root" -type d | wc -l) cgroups under $root"
out=$(mktemp)
for _ in $(seq 1 "$runs"); do
    HEADROOM_DATA_DIR=$(mktemp -d) target/release/headroom explain --json >>"$out"
    echo >>"$out"
done
python3 - "$out" <<'PY'
import json, sys, statistics
text = open(sys.argv[1]).read()
decoder, at, runs = json.JSONDecoder(), 0, []
while True:
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text):
        break
    value, at = decoder.raw_decode(text, at)
    runs.append(value)
by = {}
for run in runs:
    for cost in run["suspects"]["costs"]:
        by.setdefault(cost["source"], []).append(cost["took_ms"])
print("| source | median ms | worst ms | runs |")
print("|---|---|---|---|")
for source, times in by.items():
    print("| %s | %.2f | %.2f | %d |" % (source, statistics.median(times), max(times), len(times)))
held = runs[-1]["wired_owners"]
print("holders named in the last run: %d (+%d listed apart)" % (len(held["owners"]), len(held["mixed"])))
PY
rm -f "$out"
