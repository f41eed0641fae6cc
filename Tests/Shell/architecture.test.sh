#!/bin/sh
# docs/architecture.md's module table against Package.swift, as SwiftPM itself reads it: every
# module of the package has a row, every row is a module, and a row's Imports column names (in
# backticks) exactly the package's own modules that module depends on. A dependency added to
# Package.swift without the table, or a table that drifts, fails here.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
swift package dump-package >"$work/package.json" 2>"$work/err" || { cat "$work/err"; exit 1; }
jq -r '.targets[] | select(.type != "test")
       | .name + ": " + ([.dependencies[] | (.byName // .target // empty)[0]] | sort | join(" "))' \
    "$work/package.json" | sort >"$work/package"
python3 - "$root/docs/architecture.md" >"$work/table" <<'PY'
import re, sys
rows = [line for line in open(sys.argv[1], encoding="utf-8") if line.startswith("| `")]
for row in rows:
    cells = row.rstrip("\n").rstrip("|").split(" | ")
    name = cells[0][len("| `"):cells[0].index("`", 3)]
    print(f"{name}: " + " ".join(sorted(re.findall(r"`([^`]+)`", cells[-1]))))
PY
sort -o "$work/table" "$work/table"
diff -u "$work/package" "$work/table" >"$work/diff" || {
    echo "docs/architecture.md's module table (+) differs from Package.swift (-):"; cat "$work/diff"; exit 1; }
