#!/usr/bin/env python3
"""Narrows headroom-core's items to pub(crate) unless another crate of the workspace needs them.

Run from the repository root after `. scripts/bootstrap.sh && headroom_apple_cross_env`:
`python3 scripts/narrow-pub.py --sweep` makes every item pub(crate), then restores `pub` on each one
the compiler says another crate (or a test, bench or the macOS build) reaches, until the workspace
builds on Linux and macOS. Dead items it uncovers show as warnings; delete them or say why they stay.
"""
import json, os, re, subprocess, sys, collections

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORE = os.path.join(ROOT, "crates/headroom-core/src")
ITEM = re.compile(r"^(\s*)pub (?=(?:async |unsafe |const )*(?:fn|struct|enum|const|static|type|trait|mod|use|union)\b)")

def sweep():
    n = 0
    for dirpath, _, files in os.walk(CORE):
        for f in files:
            if not f.endswith(".rs"):
                continue
            p = os.path.join(dirpath, f)
            if p == os.path.join(CORE, "lib.rs"):
                continue
            lines = open(p).read().split("\n")
            out = []
            for line in lines:
                m = ITEM.match(line)
                # `is_empty` goes with a public `len` (clippy's len_without_is_empty): it stays.
                if m and "fn is_empty(" not in line:
                    line = m.group(1) + "pub(crate) " + line[m.end():]
                    n += 1
                out.append(line)
            open(p, "w").write("\n".join(out))
    print("narrowed", n, file=sys.stderr)

def restore(path, line_no):
    lines = open(path).read().split("\n")
    # The diagnostic may point at an attribute or the name; walk back to the item's line.
    for i in range(line_no - 1, max(line_no - 15, -1), -1):
        if "pub(crate) " in lines[i] and re.match(r"^\s*pub\(crate\) ", lines[i]):
            lines[i] = lines[i].replace("pub(crate) ", "pub ", 1)
            open(path, "w").write("\n".join(lines))
            return True
    return False

def restore_name(name):
    n = 0
    pat = re.compile(r"^(\s*)pub\(crate\) ((?:async |unsafe |const )*(?:fn|struct|enum|const|static|type|trait|mod|union) " + name + r"\b|use .*\b" + name + r"\b)")
    for dirpath, _, files in os.walk(CORE):
        for f in files:
            if not f.endswith(".rs"):
                continue
            p = os.path.join(dirpath, f)
            lines = open(p).read().split("\n")
            changed = False
            for i, line in enumerate(lines):
                if pat.match(line):
                    lines[i] = line.replace("pub(crate) ", "pub ", 1)
                    changed = True
                    n += 1
            if changed:
                open(p, "w").write("\n".join(lines))
    return n

CHECKS = [
    ["cargo", "check", "--workspace", "--all-targets", "--all-features"],
    ["cargo", "check", "--workspace", "--all-targets"],
    ["cargo", "check", "--workspace", "--all-targets", "--all-features", "--target", "aarch64-apple-darwin"],
]

def spans_of(diag):
    for s in diag.get("spans", []):
        yield s
    for c in diag.get("children", []):
        yield from spans_of(c)

def run(check):
    env = dict(os.environ)
    p = subprocess.run(check + ["--message-format=json"], cwd=ROOT, capture_output=True, text=True, env=env)
    fixes = set()
    unresolved = []
    for line in p.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("reason") != "compiler-message":
            continue
        d = msg["message"]
        code = (d.get("code") or {}).get("code")
        lint = code or ""
        if d["level"] == "error" or lint in ("private_interfaces", "private_bounds"):
            found = False
            if code in ("E0365", "E0364"):
                for name in re.findall(r"`(\w+)`", d.get("message", ""))[:1]:
                    fixes.add(("NAME", name))
            for s in spans_of(d):
                fn = os.path.join(ROOT, s["file_name"]) if not s["file_name"].startswith("/") else s["file_name"]
                if fn.startswith(CORE) and (code in ("E0603", "E0624", "E0364", "E0365", "E0446") or lint.startswith("private_")):
                    fixes.add((fn, s["line_start"]))
                    found = True
            if not found and d["level"] == "error":
                unresolved.append(d.get("rendered", "")[:600])
    return p.returncode, fixes, unresolved

def dead_code(target):
    """Lines the compiler calls never used in the library for `target` (None: this machine)."""
    check = ["cargo", "check", "-p", "headroom-core", "--lib", "--message-format=json"]
    if target:
        check += ["--target", target]
    p = subprocess.run(check, cwd=ROOT, capture_output=True, text=True)
    found = set()
    for line in p.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        d = msg.get("message") or {}
        if msg.get("reason") == "compiler-message" and (d.get("code") or {}).get("code") == "dead_code":
            for s in d.get("spans", []):
                if s.get("is_primary"):
                    found.add((os.path.join(ROOT, s["file_name"]), s["line_start"]))
    return found

def restore_one_os_items():
    """Items used by one OS's backend only are dead on the other: they keep `pub` (as before)."""
    linux, mac = dead_code(None), dead_code("aarch64-apple-darwin")
    restored = sum(restore(fn, ln) for fn, ln in sorted(linux ^ mac))
    print(f"restored {restored} items used on one OS only", file=sys.stderr)

def main():
    if "--sweep" in sys.argv:
        sweep()
    for rounds in range(40):
        any_fix = False
        for check in CHECKS:
            rc, fixes, unresolved = run(check)
            restored = 0
            names = {ln for fn, ln in fixes if fn == "NAME"}
            for fn, ln in sorted(f for f in fixes if f[0] != "NAME"):
                if restore(fn, ln):
                    restored += 1
            if not restored:
                for name in sorted(names):
                    k = restore_name(name)
                    print("  by name", name, k, file=sys.stderr)
                    restored += k
            print(f"round {rounds} {' '.join(check[2:])}: rc={rc} restored={restored} unresolved={len(unresolved)}", file=sys.stderr)
            if restored:
                any_fix = True
                break
            if unresolved:
                for u in unresolved[:10]:
                    print(u, file=sys.stderr)
                return 1
        if not any_fix:
            restore_one_os_items()
            return 0
    return 1

sys.exit(main())
