#!/bin/sh
# The docs' examples do what their sentences say, run as printed (taken from the files
# themselves, so a doc that drifts fails here): answers reach the quiz they mean to answer, and
# `tutord walk` wraps at word boundaries to the terminal's width.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

. "$(dirname "$0")/lib.sh"
start_daemon
export XDG_RUNTIME_DIR="$work"  # so the docs' "$XDG_RUNTIME_DIR/tutord.sock" is this daemon
export PATH="$bin:$PATH"        # so the docs' `tutor` and `tutord` are this build's

# example FILE PATTERN: the first line of FILE matching PATTERN, as a shell command (a man
# page's `\e` is a backslash; leading spaces of a Markdown code block dropped).
example() {
    line=$(grep -m1 -- "$2" "$root/$1" | sed -e 's/^ *//' -e 's/\\e/\\/g')
    [ -n "$line" ] || { echo "no example matching $2 in $1"; exit 1; }
    printf '%s\n' "$line"
}

# docs/protocol.md, *Requests*: pipelined requests, the `2` answering lesson 1's quiz.
cmd=$(example docs/protocol.md "printf 'start cpython-internals")
sh -c "$cmd" >"$work/out" 2>&1 || { echo "failed: $cmd"; cat "$work/out"; exit 1; }
grep -q '^verdict: correct$' "$work/out" || { echo "the protocol example's 2 answered no quiz: $cmd"; cat "$work/out"; exit 1; }

# tutord(1), EXAMPLES: "answer lesson one's first quiz from a script", as a new learner.
printf 'reset cpython-internals confirm\n' | nc -U -N "$sock" >/dev/null
cmd=$(example docs/man/tutord.1.in "printf 'start cpython-internals")
sh -c "$cmd" >"$work/out" 2>&1 || { echo "failed: $cmd"; cat "$work/out"; exit 1; }
grep -q '^verdict: correct$' "$work/out" || { echo "tutord(1)'s example answered no quiz: $cmd"; cat "$work/out"; exit 1; }

# README and tutor(1): `tutor --plain` answering lesson one's first quiz, as a new learner.
for doc in README.md docs/man/tutor.1.in; do
    printf 'reset cpython-internals confirm\n' | nc -U -N "$sock" >/dev/null
    cmd=$(example "$doc" "| tutor --plain" | sed -e 's/^[^`]*`//' -e 's/`[^`]*$//')
    sh -c "$cmd" >"$work/out" 2>&1 || { echo "failed: $cmd"; cat "$work/out"; exit 1; }
    grep -q '^verdict: correct$' "$work/out" || { echo "$doc's tutor --plain example answered no quiz: $cmd"; cat "$work/out"; exit 1; }
done

# `tutord walk` at 40 columns: no message line is wider, and wrapping only changed whitespace
# (no word was cut: the words, in order, are those of an unwrapped walk).
enters=$(printf '\\n%.0s' $(seq 40))
printf "$enters" | COLUMNS=40 "$TUTORD" walk cpython-internals --dialogues "$root/Dialogues" >"$work/wrapped"
printf "$enters" | "$TUTORD" walk cpython-internals --dialogues "$root/Dialogues" >"$work/unwrapped"
python3 - "$work/wrapped" <<'PY' || exit 1
import sys, unicodedata
def width(text):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if "│" in line:  # code is never wrapped
        continue
    if width(line.removeprefix("› ").removeprefix("your answer› ")) > 40:
        sys.exit(f"wider than 40 columns: {line!r}")
PY
tr -s ' \n' '\n\n' <"$work/wrapped" >"$work/wrapped.words"
tr -s ' \n' '\n\n' <"$work/unwrapped" >"$work/unwrapped.words"
cmp -s "$work/wrapped.words" "$work/unwrapped.words" || { echo "wrapping changed words:"; diff "$work/unwrapped.words" "$work/wrapped.words" | head; exit 1; }
[ "$(wc -l <"$work/wrapped")" -gt "$(wc -l <"$work/unwrapped")" ] || { echo "nothing was wrapped at 40 columns"; exit 1; }
