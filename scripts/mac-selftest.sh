#!/usr/bin/env bash
# Checks a built Headroom.app on a real Mac, as .github/workflows/macos.yml does; runnable by hand:
#   bash scripts/mac-selftest.sh [path/to/Headroom.app]      (default target/bundle/Headroom.app)
# 0. both executables, each architecture: `otool -L` lists only macOS's own libraries (/usr/lib/,
#    /System/; no Homebrew dylib, no libsqlite3 at all: SQLite is compiled in) and `otool -l` says the
#    minimum macOS (LC_BUILD_VERSION minos) is packaging/macos/deployment-target;
# 1. `headroom status --json` against vm_stat and hw.memsize read within the same second;
# 2. `headroom doctor --json` reports no failed check;
# 3. the app runs 30 s, samples every ~2 s (median gap within 10 %), and quits cleanly on SIGTERM;
# 4. `sudo -n headroom explain --json` names holders for at least 90 % of wired memory (the kernel's
#    table from mach_memory_info, zones included as root);
# 5. `headroom explain` and `headroom purge --dry-run` exit 0;
# 7. Activity Monitor's words for its categories listed beside our catalogs' (a report).
# Each check prints "ok" or "FAIL <check>: why"; the script exits 1 if any failed. What it read and
# printed is kept in $HEADROOM_SELFTEST_LOGS (default target/selftest) for the workflow to upload.
#   bash scripts/mac-selftest.sh --self-check   (any OS) tests the comparisons themselves on the
#   recorded vm_stat fixtures against `headroom analyze`, on made-up history and on the recorded otool
#   output of crates/headroom-core/tests/fixtures/macos/otool/; scripts/check.sh runs it.
# Written for the bash 3.2 and python3 3.9 that macOS ships.
set -euo pipefail
cd "$(dirname "$0")/.."

logs=${HEADROOM_SELFTEST_LOGS:-target/selftest}
# One sample's drift between reads a few milliseconds apart; a wrong formula or page size is off
# by a whole counter, usually hundreds of MiB.
tolerance_mib=64
interval_s=2
run_s=${HEADROOM_SELFTEST_RUN_S:-30}  # the app's run; shorter only to try the script itself
failed=""

say() { printf '%s\n' "$*"; }
ok() { say "ok   $1: $2"; }
fail() {
    say "FAIL $1: $2" >&2
    # On GitHub Actions the failure also appears as an annotation on the run.
    if [ "${GITHUB_ACTIONS:-}" = "true" ]; then say "::error title=mac-selftest: $1::$2"; fi
    failed="$failed $1"
}

# The oldest macOS Headroom runs on: the line of packaging/macos/deployment-target that is not a comment.
deployment_target=$(sed -e '/^#/d' -e '/^[[:space:]]*$/d' packaging/macos/deployment-target)
[[ "$deployment_target" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] ||
    { say "mac-selftest: packaging/macos/deployment-target must hold one version such as 11.0, not '$deployment_target'"; exit 1; }

# The comparisons, in Python so they parse JSON and vm_stat text the same way everywhere.
# Usage: compare_py status STATUS_JSON VM_STAT_BEFORE VM_STAT_AFTER MEMSIZE TOLERANCE_MIB
#        compare_py doctor DOCTOR_JSON
#        compare_py owners EXPLAIN_JSON                      (`sudo headroom explain --json`)
#        compare_py gaps HISTORY_JSON INTERVAL_S
#        compare_py libraries OTOOL_L_OUTPUT               (one architecture's `otool -arch A -L`)
#        compare_py minos OTOOL_l_OUTPUT DEPLOYMENT_TARGET  (one architecture's `otool -arch A -l`)
# Prints one line per finding; exits 1 when a check failed.
compare_py() {
    python3 - "$@" <<'PY'
import json, re, sys, calendar

def vm_stat(text):
    """Counters from vm_stat text: {"Pages wired down": n, ...} and the page size."""
    size = re.search(r"page size of (\d+) bytes", text)
    if not size:
        raise SystemExit("no 'page size of N bytes' line in vm_stat output")
    counts = {}
    for line in text.splitlines():
        label, sep, value = line.rpartition(":")
        value = value.strip().rstrip(".")
        if sep and value.isdigit():
            counts[label.strip().strip('"')] = int(value)
    return counts, int(size.group(1))

def categories(text):
    """Activity Monitor's categories from vm_stat text: App = Anonymous - purgeable (floored at 0),
    Cached Files = File-backed + purgeable, Wired and Compressed as counted; pages x page size."""
    c, page = vm_stat(text)
    need = ["Anonymous pages", "Pages purgeable", "Pages wired down", "Pages occupied by compressor", "File-backed pages"]
    missing = [n for n in need if n not in c]
    if missing:
        raise SystemExit("vm_stat output lacks " + ", ".join(missing))
    return {
        "app": max(c["Anonymous pages"] - c["Pages purgeable"], 0) * page,
        "wired": c["Pages wired down"] * page,
        "compressed": c["Pages occupied by compressor"] * page,
        "cached_files": (c["File-backed pages"] + c["Pages purgeable"]) * page,
    }

NAMES = {"app": "App Memory", "wired": "Wired Memory", "compressed": "Compressed", "cached_files": "Cached Files"}
MIB = 1 << 20

def status(status_path, before_path, after_path, memsize, tolerance_mib):
    s = json.load(open(status_path))
    before, after = categories(open(before_path).read()), categories(open(after_path).read())
    bad = 0
    if s.get("total") != int(memsize):
        print("total: headroom %s bytes, hw.memsize %s" % (s.get("total"), memsize)); bad += 1
    else:
        print("total: %d bytes, equal to hw.memsize" % s["total"])
    slack = int(tolerance_mib) * MIB
    for key, name in NAMES.items():
        # vm_stat was read just before and just after headroom: its figure must lie between them.
        low, high = min(before[key], after[key]) - slack, max(before[key], after[key]) + slack
        mine = s.get(key)
        line = "%s: headroom %.1f MiB, vm_stat %.1f..%.1f MiB" % (name, (mine or 0) / MIB, before[key] / MIB, after[key] / MIB)
        if mine is None or not low <= mine <= high:
            print(line + " (off by more than %s MiB)" % tolerance_mib); bad += 1
        else:
            print(line)
    return bad

def doctor(path):
    text = open(path).read()
    try:
        d = json.loads(text)
    except ValueError:
        print("not JSON: " + text[:200].replace("\n", " ")); return 1
    checks = d.get("checks")
    if not isinstance(checks, list) or not checks:
        print("no checks in the report"); return 1
    failed = [c for c in checks if c.get("status") == "fail"]
    for c in checks:
        print("%-4s %s: %s%s" % (c.get("status"), c.get("name"), c.get("figure"), (" -- fix: " + c["fix"]) if c.get("fix") and c.get("status") != "ok" else ""))
    if d.get("failed") != len(failed):
        print("'failed' is %s but %d checks failed" % (d.get("failed"), len(failed))); return 1
    return 1 if failed else 0

def owners(path):
    """The kernel's wired table, read as root (zones included), names at least 90 % of wired."""
    try:
        o = json.load(open(path))["wired_owners"]
    except (ValueError, KeyError) as e:
        print("no wired_owners in explain --json: %s" % e); return 1
    wired, explained, listed = o.get("wired", 0), o.get("explained", 0), o.get("owners") or []
    for owner in listed[:5]:
        print("%s %s: %.0f MiB" % (owner.get("kind"), owner.get("name"), owner.get("bytes", 0) / 2**20))
    for why in o.get("unknown") or []:
        print("unknown: " + why)
    if not listed or not wired:
        print("no holders named (wired %d)" % wired); return 1
    share = explained / wired
    print("%.0f MiB of %.0f MiB wired named (%.0f %%)" % (explained / 2**20, wired / 2**20, 100 * share))
    return 0 if share >= 0.9 else 1

def unix_seconds(stamp):
    """RFC 3339 with any number of fractional digits (Python 3.9's fromisoformat takes at most 6)."""
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", stamp)
    if not m:
        raise SystemExit("not an RFC 3339 time: " + stamp)
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    t = calendar.timegm((y, mo, d, h, mi, s)) + float("0." + (m.group(7) or "0"))
    zone = m.group(8)
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        t -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return t

def gaps(path, interval):
    interval = float(interval)
    rows = [r for r in json.load(open(path)) if r.get("resolution_s") == 0]
    rows.sort(key=lambda r: (r["boot_id"], r["seq"]))
    times = [unix_seconds(r["at"]) for r in rows]
    steps = sorted(b - a for a, b in zip(times, times[1:]))
    if len(steps) < 5:
        print("%d raw samples recorded; too few to judge the cadence" % len(rows)); return 1
    median = steps[len(steps) // 2] if len(steps) % 2 else (steps[len(steps) // 2 - 1] + steps[len(steps) // 2]) / 2
    print("%d raw samples, median gap %.3f s (expected %.1f s +/- 10 %%), shortest %.3f s, longest %.3f s"
          % (len(rows), median, interval, steps[0], steps[-1]))
    return 0 if abs(median - interval) <= 0.1 * interval else 1

def libraries(path):
    """Every library in `otool -L` output (the tab-indented lines; the others name the file) must
    come with macOS: /usr/lib/ or /System/. A libsqlite3 is refused from anywhere, the system's
    included: rusqlite's `bundled` SQLite is compiled in, and the system's is too old (3.43.2 on
    macOS 14 and 15, and rusqlite needs 3.44's sqlite3_set_clientdata)."""
    libs = [line.strip().split(" (compatibility version")[0]
            for line in open(path).read().splitlines() if line[:1] in ("\t", " ") and line.strip()]
    if not libs:
        print("no library listed: not the output of otool -L"); return 1
    bad = 0
    for lib in libs:
        if lib.startswith("/usr/lib/libsqlite3"):
            print("links the system's SQLite, %s: too old (3.43.2 on macOS 14 and 15); SQLite must be compiled in (rusqlite's bundled feature)" % lib); bad += 1
        elif lib.rsplit("/", 1)[-1].startswith("libsqlite3"):
            print("links %s, a SQLite from outside macOS; SQLite must be compiled in (rusqlite's bundled feature)" % lib); bad += 1
        elif not lib.startswith(("/usr/lib/", "/System/")):
            print("links %s, which is not part of macOS (only /usr/lib/ and /System/ are)" % lib); bad += 1
    if not bad:
        print("%d libraries, all part of macOS" % len(libs))
        for lib in libs:
            print(lib)
    return bad

def version(text):
    return tuple((int(p) for p in (text.split(".") + ["0", "0"])[:3]))

def minos(path, target):
    """The minimum macOS in `otool -l` output: LC_BUILD_VERSION's minos for platform macOS (printed
    `1`, `MACOS` or `macos` by cctools' and LLVM's otool, in either field order), or the older
    LC_VERSION_MIN_MACOSX's version; it must equal the deployment target."""
    found = []
    for block in re.split(r"\n(?=Load command \d+)", open(path).read()):
        fields = {}
        for line in block.splitlines():
            words = line.split(None, 1)
            if len(words) == 2:
                fields.setdefault(words[0], words[1].strip())
        if fields.get("cmd") == "LC_BUILD_VERSION" and fields.get("platform", "").lower() in ("1", "macos"):
            found.append(("LC_BUILD_VERSION minos", fields.get("minos", "?")))
        elif fields.get("cmd") == "LC_VERSION_MIN_MACOSX":
            found.append(("LC_VERSION_MIN_MACOSX version", fields.get("version", "?")))
    if not found:
        print("no LC_BUILD_VERSION for macOS (nor LC_VERSION_MIN_MACOSX): not the output of otool -l"); return 1
    wrong = [(name, value) for name, value in found if not re.match(r"^\d+(\.\d+)*$", value) or version(value) != version(target)]
    for name, value in wrong:
        print("%s %s, but the deployment target is %s (packaging/macos/deployment-target)" % (name, value, target))
    if not wrong:
        print("%s %s, the deployment target" % found[0])
    return len(wrong)

mode, args = sys.argv[1], sys.argv[2:]
modes = {"status": status, "doctor": doctor, "owners": owners, "gaps": gaps, "libraries": libraries, "minos": minos}
sys.exit(1 if modes[mode](*args) else 0)
PY
}

# Runs one comparison and reports it under a check's name, its findings indented below.
check_with() {
    local name=$1 out
    shift
    if out=$(compare_py "$@" 2>&1); then
        ok "$name" "$(printf '%s' "$out" | head -n 1)"
        printf '%s\n' "$out" | sed -n '2,$s/^/       /p'
    else
        fail "$name" "$(printf '%s' "$out" | tr '\n' ';' | sed 's/;$//')"
    fi
}

# Tests the comparisons on recorded vm_stat text (against `headroom analyze` of the same text) and
# on made-up history: each must pass what is right and fail what is wrong.
self_check() {
    local headroom=${HEADROOM_BIN:-target/debug/headroom} fixture expect_fail=""
    [ -x "$headroom" ] || { say "self-check: build headroom first (cargo build), or set HEADROOM_BIN"; exit 1; }
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    local ram
    for fixture in crates/headroom-core/tests/fixtures/vm_stat/*.txt; do
        # Each capture's own RAM (estimated from its pages: `analyze` refuses a --ram they do not fit in).
        ram=$("$headroom" analyze --json "$fixture" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
        "$headroom" analyze --ram "$ram" --json "$fixture" >"$dir/status.json"
        check_with "status matches $(basename "$fixture")" status "$dir/status.json" "$fixture" "$fixture" "$ram" "$tolerance_mib"
        # A total that is not hw.memsize, and an App Memory 128 MiB off, must both be refused.
        compare_py status "$dir/status.json" "$fixture" "$fixture" $((ram / 2)) "$tolerance_mib" >/dev/null && expect_fail="$expect_fail total:$(basename "$fixture")"
        python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s["app"]+=128<<20; json.dump(s,open(sys.argv[2],"w"))' "$dir/status.json" "$dir/off.json"
        compare_py status "$dir/off.json" "$fixture" "$fixture" "$ram" "$tolerance_mib" >/dev/null && expect_fail="$expect_fail app:$(basename "$fixture")"
    done
    # History: 15 samples 2 s apart (with a late one) pass; App Nap's ~8 s cadence fails.
    python3 - "$dir" <<'PY'
import json, sys
def rows(step):
    return [{"boot_id": "b", "seq": i, "resolution_s": 0, "at": "2026-05-28T10:%02d:%06.3fZ" % (i * step // 60, i * step % 60)} for i in range(15)]
good = rows(2.0); good[7]["at"] = good[7]["at"].replace(".000Z", ".400Z")
json.dump(good, open(sys.argv[1] + "/good.json", "w")); json.dump(rows(8.0), open(sys.argv[1] + "/napped.json", "w"))
PY
    check_with "cadence of samples 2 s apart" gaps "$dir/good.json" "$interval_s"
    compare_py gaps "$dir/napped.json" "$interval_s" >/dev/null && expect_fail="$expect_fail cadence:8s"
    printf '{"checks":[{"name":"a","status":"ok","figure":"1","fix":""},{"name":"b","status":"fail","figure":"2","fix":"do x"}],"failed":1}' >"$dir/doctor.json"
    compare_py doctor "$dir/doctor.json" >/dev/null && expect_fail="$expect_fail doctor:fail"
    # Wired holders: 95 % named passes; 50 % named, or none, fails.
    for named in 95 50 0; do
        python3 -c 'import json,sys; n=int(sys.argv[1]); w=5<<30; json.dump({"wired_owners":{"wired":w,"explained":w*n//100,"owners":[{"kind":"kernel","name":"IOKit drivers","bytes":w*n//100}] if n else [],"unknown":[]}},open(sys.argv[2],"w"))' "$named" "$dir/owners-$named.json"
    done
    check_with "wired holders, 95 % named" owners "$dir/owners-95.json"
    compare_py owners "$dir/owners-50.json" >/dev/null && expect_fail="$expect_fail owners:50"
    compare_py owners "$dir/owners-0.json" >/dev/null && expect_fail="$expect_fail owners:none"
    # The binary checks on recorded otool output (crates/headroom-core/tests/fixtures/macos/SOURCES.md): macOS's own
    # libraries and a minimum of 11.0 (what those samples were linked for; not necessarily the
    # project's target) pass; SQLite from Homebrew or the system, and another minimum, fail.
    local otool=crates/headroom-core/tests/fixtures/macos/otool sample
    check_with "libraries of a recorded universal app" libraries "$otool/libraries-system-only.txt"
    check_with "minimum macOS of a recorded arm64 slice (LLVM otool)" minos "$otool/load-commands-arm64-11.0.txt" 11.0
    check_with "minimum macOS of a recorded x86_64 slice (cctools otool)" minos "$otool/load-commands-x86_64-11.0.txt" 11.0
    compare_py libraries "$otool/libraries-homebrew-sqlite.txt" >/dev/null && expect_fail="$expect_fail libraries-homebrew-sqlite"
    sample=$(compare_py libraries "$otool/libraries-system-sqlite.txt") && expect_fail="$expect_fail libraries-system-sqlite"
    case "$sample" in *"the system's SQLite"*) ;; *) expect_fail="$expect_fail system-sqlite-unnamed" ;; esac
    for sample in load-commands-x86_64-10.13 load-commands-arm64-15.2; do
        compare_py minos "$otool/$sample.txt" 11.0 >/dev/null && expect_fail="$expect_fail $sample"
    done
    compare_py minos "$otool/libraries-system-only.txt" 11.0 >/dev/null && expect_fail="$expect_fail minos:not-otool-l"
    [ -z "$expect_fail" ] || fail "self-check" "accepted what it must refuse:$expect_fail"
    python3 scripts/activity-monitor-strings.py --self-check >/dev/null || fail "self-check" "activity-monitor-strings"
    finish
}

finish() {
    if [ -n "$failed" ]; then
        say "" >&2
        say "mac-selftest FAILED:$failed" >&2
        exit 1
    fi
    say "mac-selftest: all checks passed"
    exit 0
}

[ "${1:-}" = "--self-check" ] && self_check

app=${1:-target/bundle/Headroom.app}
headroom="$app/Contents/MacOS/headroom"
[ "$(uname -s)" = "Darwin" ] || { say "mac-selftest: this checks a real Mac; on $(uname -s) run it with --self-check"; exit 1; }
[ -x "$headroom" ] || { say "mac-selftest: no $headroom; build it with: bash scripts/bundle-macos.sh"; exit 1; }
command -v python3 >/dev/null || { say "mac-selftest: python3 is missing (xcode-select --install provides it)"; exit 1; }
rm -rf "$logs"
mkdir -p "$logs"
# The app and the commands read and write only here: a user's own history, config and running
# Headroom are left alone (the single-instance lock lives in XDG_RUNTIME_DIR, else the data dir).
scratch=$(mktemp -d)
export HEADROOM_DATA_DIR="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" HEADROOM_CONFIG="$scratch/config.toml"
mkdir -p "$XDG_RUNTIME_DIR"
printf 'sample_interval = "%ss"\n' "$interval_s" >"$HEADROOM_CONFIG"
app_pid=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    # Only the app this script started, and only if it is still running after a failure.
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill -KILL "$app_pid" 2>/dev/null || true; fi
    rm -rf "$scratch"
}
trap cleanup EXIT
say "mac-selftest: $app on macOS $(sw_vers -productVersion) ($(uname -m)); logs in $logs"

# 0. The executables, one architecture at a time: otool shows only the host's slice of a universal
# file unless -arch names one (otool(1), cctools man/otool.1).
for exe in headroom-app headroom; do
    for arch in arm64 x86_64; do
        if otool -arch "$arch" -L "$app/Contents/MacOS/$exe" >"$logs/libraries-$exe-$arch.txt" 2>&1; then
            check_with "libraries of $exe ($arch)" libraries "$logs/libraries-$exe-$arch.txt"
        else
            fail "libraries of $exe ($arch)" "otool -arch $arch -L failed: $(head -c 300 "$logs/libraries-$exe-$arch.txt")"
        fi
        if otool -arch "$arch" -l "$app/Contents/MacOS/$exe" >"$logs/load-commands-$exe-$arch.txt" 2>&1; then
            check_with "minimum macOS of $exe ($arch)" minos "$logs/load-commands-$exe-$arch.txt" "$deployment_target"
        else
            fail "minimum macOS of $exe ($arch)" "otool -arch $arch -l failed: $(head -c 300 "$logs/load-commands-$exe-$arch.txt")"
        fi
    done
done

# 1. Status against vm_stat: read vm_stat just before and just after headroom, all in one second.
start=$(date +%s)
vm_stat >"$logs/vm_stat-before.txt"
"$headroom" status --json >"$logs/status.json" 2>"$logs/status.stderr" || fail "status" "headroom status --json exited $? ($(cat "$logs/status.stderr"))"
vm_stat >"$logs/vm_stat-after.txt"
memsize=$(sysctl -n hw.memsize)
end=$(date +%s)
[ $((end - start)) -le 1 ] || fail "status timing" "the reads took $((end - start)) s, not one second; the comparison is unreliable"
check_with "status matches vm_stat and hw.memsize" status "$logs/status.json" "$logs/vm_stat-before.txt" "$logs/vm_stat-after.txt" "$memsize" "$tolerance_mib"

# 2. Doctor: exit 1 and a failed check go together; the JSON says which.
doctor_status=0
"$headroom" doctor --json >"$logs/doctor.json" 2>"$logs/doctor.stderr" || doctor_status=$?
if [ -s "$logs/doctor.json" ]; then
    check_with "doctor (exit $doctor_status)" doctor "$logs/doctor.json"
else
    fail "doctor" "exited $doctor_status with no report: $(head -c 300 "$logs/doctor.stderr")"
fi

# 3. The app: runs, samples every interval_s, quits cleanly on SIGTERM (which ends it like Quit and
# flushes its history; the app writes history every history.flush_every, 60 s, and at exit).
"$app/Contents/MacOS/headroom-app" >"$logs/app.log" 2>&1 &
app_pid=$!
sleep "$run_s"
if ! kill -0 "$app_pid" 2>/dev/null; then
    app_exit=0
    wait "$app_pid" || app_exit=$?
    fail "app runs" "Headroom.app exited ($app_exit) within $run_s s; its log: $(tail -n 20 "$logs/app.log" | tr '\n' ' ')"
    app_pid=""
elif grep -q "already running" "$logs/app.log"; then
    fail "app runs" "another Headroom held the lock: $(cat "$logs/app.log")"
else
    ok "app runs" "alive after $run_s s (pid $app_pid)"
    kill -TERM "$app_pid"
    for _ in $(seq 1 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$app_pid" 2>/dev/null; then
        fail "app quits" "still running 10 s after SIGTERM"
    else
        app_exit=0
        wait "$app_pid" || app_exit=$?
        if [ "$app_exit" -eq 0 ]; then
            ok "app quits" "exit status 0 after SIGTERM"
        else
            fail "app quits" "exit status $app_exit after SIGTERM; log: $(tail -n 20 "$logs/app.log" | tr '\n' ' ')"
        fi
    fi
    app_pid=""
fi
"$headroom" history --json --since 5m >"$logs/history.json" 2>"$logs/history.stderr" ||
    fail "history" "headroom history exited $? ($(cat "$logs/history.stderr"))"
check_with "app samples every ${interval_s} s" gaps "$logs/history.json" "$interval_s"

# 4. Who holds wired memory: the kernel's table as root (zones included; `sudo -n` works on
# GitHub's runners) must name at least 90 % of wired, and without root it must be read too.
# shellcheck disable=SC2024 # the logs stay the user's: only headroom runs as root
if sudo -n "$headroom" explain --json >"$logs/explain-root.json" 2>"$logs/explain-root.stderr"; then
    check_with "wired holders (root)" owners "$logs/explain-root.json"
else
    fail "wired holders (root)" "sudo -n headroom explain --json failed: $(head -c 300 "$logs/explain-root.stderr")"
fi

# 5. The Top memory rows' Quit: whom it would ask as an app (NSRunningApplication, asked from a
# worker thread as Quit does) and whom it would send SIGTERM. Finder is an app; this shell is not.
finder=$(pgrep -x Finder | head -n 1 || true)
if [ -n "$finder" ]; then
    plan=$("$app/Contents/MacOS/headroom-app" --quit-plan "$finder" "$$" 2>"$logs/quit-plan.stderr" || true)
    echo "$plan" >"$logs/quit-plan.txt"
    if [ "$plan" = "$finder app
$$ process" ]; then
        ok "quit plan" "Finder ($finder) asked as an app, this shell ($$) sent SIGTERM"
    else
        fail "quit plan" "expected Finder as an app and this shell as a process, got: $(echo "$plan" | tr '\n' ' ') $(head -c 200 "$logs/quit-plan.stderr")"
    fi
else
    fail "quit plan" "no Finder running to ask about"
fi

# 6. The commands a user runs first.
for command in "explain" "purge --dry-run"; do
    # shellcheck disable=SC2086 # the command's words are meant to split
    if "$headroom" $command >"$logs/${command%% *}.txt" 2>&1; then
        ok "headroom $command" "exit 0"
    else
        fail "headroom $command" "exit $?: $(tail -n 5 "$logs/${command%% *}.txt" | tr '\n' ' ')"
    fi
done
# 7. Activity Monitor's own words for its categories beside our catalogs' (a report, never a failure:
# a difference is a translation for a person to fix; the catalogs mark which words are unconfirmed).
python3 "$(dirname "$0")/activity-monitor-strings.py" >"$logs/activity-monitor-strings.txt" 2>&1 || true
ok "Activity Monitor's words" "$(grep -c DIFFERS "$logs/activity-monitor-strings.txt") differ from ours (see activity-monitor-strings.txt)"
cp "$HEADROOM_CONFIG" "$logs/config.toml"
finish
