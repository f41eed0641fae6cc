#!/bin/sh
# Lesson 1 over the real `nc -U`, the way a curious person (or a script) would take it:
# pipelined requests, one wrong and one right answer, and a clean end with `nc -N`.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

. "$(dirname "$0")/lib.sh"
start_daemon

printf 'start cpython-internals\n\n\n1\n2\n\n\n\nskip\n\n\nskip\n\nno\n\nno\nskip\n\n\nskip\n\n\nquit\n' | nc -U -N "$sock" >"$work/out"

expect() {
    grep -qF -- "$1" "$work/out" || { echo "missing: $1"; cat "$work/out"; exit 1; }
}
expect "OK tutord 1"
expect "lesson: 1/12 🔒 The GIL & Free-Threading"
expect "offer: Want a closer look at how the free-threaded build keeps reference counts safe without the GIL?"
expect "takeaway: The GIL keeps the interpreter's own state, reference counts best known among it, safe from races between threads; it does not make your own code thread-safe."
expect "quiz: Predict it before we look inside: what is the best-known reason CPython has a GIL?"
expect "option: 2 To keep reference counts safe when threads change them at once."
expect "code: print(sys.getswitchinterval())"
expect 'quiz: Two threads each run `counter += 1` a million times on a shared global, in a build with the GIL. Is the final count guaranteed to be 2,000,000?'
expect "verdict: revealed"
expect "verdict: incorrect"
expect "verdict: correct"
expect "xp: +5 total 5"
expect "lesson: 2/12 🧱 The Object Model Underneath"
# One final line per request (23 requests + the greeting), nothing after quit's OK.
finals=$(grep -cE '^(OK|ERR )' "$work/out")
[ "$finals" -eq 24 ] || { echo "expected 24 final lines, got $finals"; cat "$work/out"; exit 1; }
[ "$(tail -n 1 "$work/out")" = "OK" ] || { echo "last line is not OK"; exit 1; }

kill -TERM "$pid"
wait "$pid"
[ ! -e "$sock" ] || { echo "socket file left behind"; exit 1; }
