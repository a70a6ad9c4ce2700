#!/usr/bin/env python3
"""Activity Monitor's own words for its memory categories, against Headroom's catalogs.

On a real Mac (scripts/mac-selftest.sh runs it): reads Activity Monitor's string tables — the
.loctable files of macOS 13 and later (a plist of language -> key -> text) and the
<language>.lproj/*.strings of older systems, both readable with `plutil -convert json` — finds the
keys whose English text is one of Activity Monitor's category names, and prints, for each of
Headroom's languages, Apple's word beside ours, marking where they differ. It reports; it never fails
the self-test (a difference is a catalog fix for a person to make).
  python3 scripts/activity-monitor-strings.py [APP] [CATALOG_DIR]
  python3 scripts/activity-monitor-strings.py --self-check      (any OS: the matching on a made-up table)
Written for the python3 3.9 that macOS ships.
"""
import glob
import json
import os
import subprocess
import sys

# Activity Monitor's English names, and the message of ours that starts with each ("App Memory: …").
TERMS = {
    "Memory Pressure": "menu-pressure",
    "App Memory": "menu-app",
    "Wired Memory": "menu-wired",
    "Compressed": "menu-compressed",
    "Cached Files": "menu-cached",
    "Swap Used": "menu-swap",
}
# Our catalog's language -> the names Apple's tables use for it.
LANGUAGES = {"de": ["de", "German"], "fr": ["fr", "French"], "es": ["es", "Spanish"],
             "ja": ["ja", "Japanese"], "zh-CN": ["zh_CN", "zh-Hans", "zh_Hans"]}
ENGLISH = ["en", "English", "Base"]


def plist_json(path):
    """A plist file as JSON, through plutil (macOS); None when it cannot be read."""
    try:
        out = subprocess.run(["plutil", "-convert", "json", "-o", "-", path],
                             capture_output=True, check=True).stdout
        return json.loads(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None


def tables(app):
    """Every table as {language: {key: text}}, keyed by the table's name."""
    found = {}
    resources = os.path.join(app, "Contents", "Resources")
    for path in glob.glob(os.path.join(resources, "*.loctable")):
        data = plist_json(path)
        if isinstance(data, dict):
            found[os.path.basename(path)] = data
    for path in glob.glob(os.path.join(resources, "*.lproj", "*.strings")):
        data = plist_json(path)
        if isinstance(data, dict):
            language = os.path.basename(os.path.dirname(path))[:-len(".lproj")]
            found.setdefault(os.path.basename(path), {})[language] = data
    return found


def apple_words(found):
    """{term: {our language: Apple's word}} for every term some table names in English."""
    words = {}
    for table in found.values():
        english = next((table[name] for name in ENGLISH if isinstance(table.get(name), dict)), None)
        if english is None:
            continue
        for key, text in english.items():
            if text not in TERMS:
                continue
            for ours, names in LANGUAGES.items():
                for name in names:
                    value = table.get(name, {}).get(key) if isinstance(table.get(name), dict) else None
                    if isinstance(value, str):
                        words.setdefault(text, {}).setdefault(ours, value)
    return words


def our_words(catalogs, language):
    """{term: our word}: the text of each term's message up to its colon (either width)."""
    path = os.path.join(catalogs, language, "headroom.ftl")
    messages = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if " = " in line and not line.startswith((" ", "#")):
                key, value = line.split(" = ", 1)
                messages[key.strip()] = value.strip()
    words = {}
    for term, message in TERMS.items():
        value = messages.get(message, "")
        words[term] = value.replace("：", ":").split(":")[0].strip()
    return words


def report(words, catalogs):
    lines = []
    for language in LANGUAGES:
        ours = our_words(catalogs, language)
        for term in TERMS:
            apple = words.get(term, {}).get(language)
            if apple is None:
                lines.append("%-6s %-16s ours %-28s Apple's: not found" % (language, term, ours[term]))
            else:
                mark = "same" if apple == ours[term] else "DIFFERS"
                lines.append("%-6s %-16s ours %-28s Apple's %-28s %s" % (language, term, ours[term], apple, mark))
    return lines


def self_check(catalogs):
    table = {"Memory.loctable": {
        "en": {"k1": "Compressed", "k2": "App Memory", "k3": "Something else"},
        "de": {"k1": "Komprimiert", "k2": "Programmspeicher"},
        "ja": {"k1": "圧縮"},
    }}
    words = apple_words(table)
    assert words == {"Compressed": {"de": "Komprimiert", "ja": "圧縮"}, "App Memory": {"de": "Programmspeicher"}}, words
    lines = report(words, catalogs)
    assert any(l.startswith("de") and "Compressed" in l and l.endswith("same") for l in lines), lines
    assert any(l.startswith("de") and "App Memory" in l and l.endswith("DIFFERS") for l in lines), lines
    assert any(l.startswith("fr") and "not found" in l for l in lines), lines
    print("activity-monitor-strings: self-check passed (%d lines)" % len(lines))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_catalogs = os.path.join(here, "..", "crates", "headroom-core", "i18n")
    if sys.argv[1:2] == ["--self-check"]:
        self_check(default_catalogs)
        return 0
    app = sys.argv[1] if len(sys.argv) > 1 else "/System/Applications/Utilities/Activity Monitor.app"
    catalogs = sys.argv[2] if len(sys.argv) > 2 else default_catalogs
    found = tables(app)
    print("Activity Monitor: %s (%d tables read)" % (app, len(found)))
    for line in report(apple_words(found), catalogs):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
