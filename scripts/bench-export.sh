#!/usr/bin/env bash
# Benchmarks `headroom export --listen` on loopback: 2,000 sequential scrapes, then 20 rounds of 50
# concurrent ones; prints latency percentiles and the exporter's RSS before and after (Linux /proc).
# A measurement for docs/benchmarks.md, not a pass/fail test. Usage: scripts/bench-export.sh [--debug]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
[ "${1:-}" = "--debug" ] && profile=debug
if [ "$profile" = release ]; then cargo build --quiet --release --bin headroom; else cargo build --quiet --bin headroom; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
HEADROOM_DATA_DIR=$data "target/$profile/headroom" export --listen "127.0.0.1:$port" --no-record 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
python3 - "$port" "$pid" <<'PY'
import http.client, statistics, sys, threading, time
port, pid = int(sys.argv[1]), sys.argv[2]
def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
def scrape():
    start = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", "/metrics")
    r = c.getresponse(); body = r.read(); c.close()
    if r.status != 200 or b"headroom_memory_bytes" not in body:
        raise SystemExit(f"bad scrape: {r.status}")
    return (time.perf_counter() - start) * 1e3
for _ in range(100):
    try: scrape(); break
    except OSError: time.sleep(0.1)
for _ in range(50): scrape()  # warm-up
before = rss_kib()
seq = [scrape() for _ in range(2000)]
after_seq = rss_kib()
conc, errors = [], []
def worker():
    try: conc.append(scrape())
    except BaseException as e: errors.append(e)
for _ in range(20):
    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads: t.start()
    for t in threads: t.join()
after = rss_kib()
def pct(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p))]
print(f"sequential: n={len(seq)} p50={pct(seq,.5):.2f} ms p99={pct(seq,.99):.2f} ms max={max(seq):.2f} ms")
print(f"concurrent (50 at once x20): n={len(conc)} errors={len(errors)} p50={pct(conc,.5):.2f} ms p99={pct(conc,.99):.2f} ms max={max(conc):.2f} ms")
print(f"RSS: {before} KiB after warm-up, {after_seq} KiB after 2,000 sequential, {after} KiB after 1,000 concurrent")
PY
