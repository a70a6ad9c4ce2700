#!/usr/bin/env bash
# Measures how long the tray app's menu takes to open while another process holds the history
# database (issue 23's "Measure"; docs/benchmarks.md quotes its output):
#   bash scripts/bench-menu-locked.sh [HEADROOM_BINARY] [CLICKS]
# HEADROOM_BINARY is a built `headroom` (default target/release/headroom; `headroom-app` must be beside
# it); CLICKS defaults to 20. Under Xvfb + trayer, with `history.flush_every = "1s"`, it clicks the tray
# icon CLICKS times with the database free, then CLICKS times while a Python sqlite3 connection holds it
# with BEGIN EXCLUSIVE, and prints the time from each click until the menu window is visible (polled
# about every 10 ms, so figures are ±10 ms) and min/median/max.
# Needs: xvfb dbus-x11 trayer dunst xdotool python3 (scripts/bootstrap.sh --for-checks installs them).
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME with a decimal point
cd "$(dirname "$0")/.."
bin=$(realpath -m "${1:-target/release/headroom}")
clicks=${2:-20}
if [ ! -x "$bin" ] || [ ! -x "$(dirname "$bin")/headroom-app" ]; then
    echo "no $bin with headroom-app beside it: cargo build --release --bins first" >&2
    exit 2
fi
work=$(mktemp -d)
xvfb="" trayer="" dunst="" app="" locker=""
cleanup() {
    set +e
    # The lock first, then the app (SIGINT: its clean exit), then the session.
    [ -n "$locker" ] && kill "$locker" 2>/dev/null
    if [ -n "$app" ] && kill -INT "$app" 2>/dev/null; then
        for ((i = 0; i < 100; i++)); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$app" 2>/dev/null
    fi
    kill $dunst $trayer $xvfb ${DBUS_SESSION_BUS_PID:-} 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# An X server on a display of its own choosing (-displayfd: no clash with other sessions).
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 & xvfb=$!
for ((i = 0; i < 100; i++)); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "Xvfb did not start" >&2; exit 1; }
DISPLAY=":$(head -n1 "$work/display")"
export DISPLAY NO_AT_BRIDGE=1
export HEADROOM_DATA_DIR=$work/data XDG_RUNTIME_DIR=$work HEADROOM_CONFIG=$work/config.toml
eval "$(dbus-launch --sh-syntax)"
trayer --edge top --align right --widthtype request --height 32 >/dev/null 2>&1 & trayer=$!
dunst >/dev/null 2>&1 & dunst=$!
sleep 1

# Writes every second, so a write under the lock is always near (sample_interval stays the default).
printf '[history]\nflush_every = "1s"\n' >"$HEADROOM_CONFIG"
"$bin" 2>"$work/stderr" & app=$! # execs headroom-app: the same pid

# waits SECONDS COMMAND...: runs COMMAND every ~10 ms until it succeeds; fails after SECONDS.
waits() {
    local deadline=$((${EPOCHREALTIME/./} + $1 * 1000000)); shift
    until "$@"; do
        [ "${EPOCHREALTIME/./}" -lt "$deadline" ] || return 1
        sleep 0.01
    done
}
icon_window() { xdotool search --onlyvisible --classname '^tray-icon tray app' 2>/dev/null | head -n1; }
menu_open() { xdotool search --onlyvisible --class '^headroom-app$' >/dev/null 2>&1; }
menu_closed() { ! menu_open; }
has_icon() { [ -n "$(icon_window)" ]; }
waits 30 has_icon || { echo "no tray icon after 30 s" >&2; cat "$work/stderr" >&2; exit 1; }
waits 30 test -s "$HEADROOM_DATA_DIR/history.db" || { echo "no history.db after 30 s" >&2; exit 1; }
sleep 3 # the first samples, probe and seed
icon=$(icon_window)
eval "$(xdotool getwindowgeometry --shell "$icon")" # WIDTH HEIGHT
menu_closed || { echo "a headroom-app window is visible before any click" >&2; exit 1; }

# round LABEL: CLICKS clicks; prints each latency, and keeps "min median max" in $work/LABEL.
round() {
    local label=$1 i t0 t1 ms
    for ((i = 1; i <= clicks; i++)); do
        t0=${EPOCHREALTIME/./}
        xdotool mousemove --window "$icon" $((WIDTH / 2)) $((HEIGHT / 2)) click 1
        if waits 30 menu_open; then
            t1=${EPOCHREALTIME/./}
            ms=$(((t1 - t0) / 1000))
        else
            ms=30000 # not open after 30 s: counted as 30 s
        fi
        echo "$ms" >>"$work/$label.ms"
        printf '%-7s click %2d: %5d ms\n' "$label" "$i" "$ms"
        xdotool key Escape
        waits 30 menu_closed || { echo "the menu did not close within 30 s" >&2; exit 1; }
        sleep 1 # so that the clicks fall at different phases of the 1 s writes
    done
    sort -n "$work/$label.ms" | awk '{v[NR] = $1} END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%d %d %d\n", v[1], m, v[NR]
    }' >"$work/$label"
}

echo "binary: $bin"
round free

: >"$work/locker"
# Holds the database as another process would (sqlite3 in a terminal, a backup): BEGIN EXCLUSIVE,
# until this script ends. In WAL mode that shuts out every writer; readers go on.
python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
while True:
    time.sleep(3600)
' "$HEADROOM_DATA_DIR/history.db" >"$work/locker" & locker=$!
waits 35 grep -qs locked "$work/locker" || { echo "could not lock the history database" >&2; exit 1; }
sleep 2 # the app's next write is now waiting on the lock
round locked
# Still held: a writer from yet another process gives up at once.
python3 -c '
import sqlite3, sys
try:
    sqlite3.connect(sys.argv[1], timeout=0.1, isolation_level=None).execute("BEGIN IMMEDIATE")
except sqlite3.OperationalError as e:
    sys.exit(0 if "locked" in str(e) else 1)
sys.exit(1)
' "$HEADROOM_DATA_DIR/history.db" || { echo "the database was not locked at the end" >&2; exit 1; }
kill -0 "$app" || { echo "the app exited during the measurement" >&2; exit 1; }

read -r umin umed umax <"$work/free"
read -r lmin lmed lmax <"$work/locked"
echo
echo "| history database | min | median | max (ms, $clicks clicks) |"
echo "|---|---|---|---|"
echo "| free | $umin | $umed | $umax |"
echo "| held by another process (BEGIN EXCLUSIVE) | $lmin | $lmed | $lmax |"
if [ -s "$work/stderr" ]; then
    echo
    echo "the app's stderr:"
    sed 's/^/    /' "$work/stderr"
fi
