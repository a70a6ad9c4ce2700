#!/usr/bin/env bash
# Measures the running tray app under Xvfb (docs/benchmarks.md quotes its output).
#   bash scripts/bench-app.sh idle [SECONDS]   CPU and RSS at the default 2 s interval (default 600 s)
#   bash scripts/bench-app.sh replay [SPAN]    RSS while the app replays SPAN (default 30d) of
#                                              synthetic samples through its real paths at full speed
#   bash scripts/bench-app.sh procs [N] [SECONDS]
#                                              RSS and CPU of the running app with N extra processes
#                                              (default 10,000, for 300 s) against its own first
#                                              minute, and after they exit (issue 18: "10,000
#                                              processes ... the app's RSS within 2 MB of normal")
# Needs: xvfb dbus-x11 trayer dunst (scripts/bootstrap.sh --for-checks installs them) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-idle}
cargo build --release --bins --quiet
bin=$PWD/target/release/headroom
work=$(mktemp -d)
display=":$((60 + $$ % 30))"
export DISPLAY=$display NO_AT_BRIDGE=1 HEADROOM_DATA_DIR=$work/data XDG_RUNTIME_DIR=$work HEADROOM_CONFIG=$work/config.toml
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
eval "$(dbus-launch --sh-syntax)"
trayer --edge top --align right --widthtype request --height 32 >/dev/null 2>&1 & trayer=$!
dunst >/dev/null 2>&1 & dunst=$!
sleep 1
cleanup() { kill "$dunst" "$trayer" "$xvfb" "$DBUS_SESSION_BUS_PID" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

case "$mode" in
    idle)
        seconds=${2:-600}
        "$bin" 2>"$work/stderr" & app=$!
        sleep 10 # start-up: GTK, the first history read, the first probe
        t0=$(ticks "$app"); r0=$(rss "$app"); r60=""
        echo "second,rss_kib"
        for ((s = 10; s <= seconds; s += 10)); do
            sleep 10
            r=$(rss "$app"); echo "$s,$r"
            [ "$s" -eq 60 ] && r60=$r
        done
        t1=$(ticks "$app"); r1=$(rss "$app")
        kill -INT "$app"; wait "$app"; status=$?
        cpu_ms=$(( (t1 - t0) * 1000 / hz ))
        echo
        echo "| what | measured |"
        echo "|---|---|"
        echo "| CPU over ${seconds} s | ${cpu_ms} ms = $(awk -v ms="$cpu_ms" -v s="$seconds" 'BEGIN {printf "%.3f", ms / 10 / s}') % of one core |"
        echo "| RSS at 10 s → 60 s → ${seconds} s | ${r0} → ${r60:-?} → ${r1} KiB |"
        echo "| exit after SIGINT | ${status} |"
        ;;
    replay)
        span=${2:-30d}
        start=$(date +%s)
        "$bin" --replay "$span" 2>"$work/stderr" & app=$!
        r60=""; max=0; last=0
        echo "second,rss_kib"
        while kill -0 "$app" 2>/dev/null; do
            sleep 1
            r=$(rss "$app"); [ "$r" -gt 0 ] || break
            s=$(( $(date +%s) - start ))
            [ $((s % 10)) -eq 0 ] && echo "$s,$r"
            [ -z "$r60" ] && [ "$s" -ge 60 ] && r60=$r
            [ "$r60" ] && [ "$r" -gt "$max" ] && max=$r
            last=$r
        done
        wait "$app"; status=$?
        took=$(( $(date +%s) - start ))
        grep -h "replay" "$work/stderr" || true
        echo
        echo "| what | measured |"
        echo "|---|---|"
        echo "| replayed | ${span} of 2-second samples in ${took} s |"
        echo "| RSS at 60 s (the reference) | ${r60:-?} KiB |"
        echo "| highest RSS after 60 s | ${max} KiB (+$(( (max - ${r60:-0}) )) KiB) |"
        echo "| RSS at the end | ${last} KiB |"
        echo "| history database | $(du -k "$HEADROOM_DATA_DIR/history.db" | cut -f1) KiB |"
        echo "| exit | ${status} |"
        ;;
    procs)
        count=${2:-10000}
        seconds=${3:-300}
        "$bin" 2>"$work/stderr" & app=$!
        sleep 10 # start-up, as in idle
        # The reference: the app's own steady minute with the machine's usual processes.
        t0=$(ticks "$app"); normal=0
        for ((s = 0; s < 6; s++)); do sleep 10; r=$(rss "$app"); [ "$r" -gt "$normal" ] && normal=$r; done
        t1=$(ticks "$app")
        before=$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)
        # Each extra process is a real one the scan must read: a sleeping child of its own group.
        started=$(date +%s)
        extra=()
        for ((i = 0; i < count; i++)); do sleep 100000 & extra+=($!); done
        spawned=$(( $(date +%s) - started ))
        during=$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)
        t2=$(ticks "$app"); max=0
        echo "second,rss_kib (with $count extra processes)"
        for ((s = 10; s <= seconds; s += 10)); do
            sleep 10
            r=$(rss "$app"); echo "$s,$r"; [ "$r" -gt "$max" ] && max=$r
        done
        t3=$(ticks "$app")
        kill "${extra[@]}" 2>/dev/null || true
        wait "${extra[@]}" 2>/dev/null || true
        sleep 70 # past the cache's 60 s: every remembered pid is gone from it
        after=$(rss "$app")
        kill -INT "$app"; wait "$app"; status=$?
        echo
        echo "| what | measured |"
        echo "|---|---|"
        echo "| processes on the machine | ${before} → ${during} (${count} started in ${spawned} s) |"
        echo "| RSS, highest of the reference minute | ${normal} KiB |"
        echo "| RSS, highest over ${seconds} s with the extra processes | ${max} KiB (+$(( max - normal )) KiB) |"
        echo "| RSS 70 s after they exited | ${after} KiB (+$(( after - normal )) KiB) |"
        echo "| CPU, reference minute | $(( (t1 - t0) * 1000 / hz )) ms = $(awk -v ms=$(( (t1 - t0) * 1000 / hz )) 'BEGIN {printf "%.3f", ms / 10 / 60}') % of one core |"
        echo "| CPU, with the extra processes | $(( (t3 - t2) * 1000 / hz )) ms over ${seconds} s = $(awk -v ms=$(( (t3 - t2) * 1000 / hz )) -v s="$seconds" 'BEGIN {printf "%.3f", ms / 10 / s}') % of one core |"
        echo "| exit after SIGINT | ${status} |"
        ;;
    *) echo "usage: $0 idle [SECONDS] | replay [SPAN] | procs [N] [SECONDS]" >&2; exit 2 ;;
esac
