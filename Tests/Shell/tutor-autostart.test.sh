#!/bin/sh
# `tutor` starts tutord when none answers (the way tmux starts its server), and `--no-start`
# says how to start one instead. Plain mode, since there is no terminal here.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
sock="$work/tutord.sock"
trap 'pkill -f -- "--socket $sock" 2>/dev/null || true; rm -rf "$work"' EXIT

# No daemon and --no-start: a clear message, exit 1.
if "$bin/tutor" --plain --no-start --socket "$sock" </dev/null 2>"$work/err"; then
    echo "tutor --no-start succeeded without a daemon"; exit 1
fi
grep -qF "no tutord answers on $sock" "$work/err" || { echo "unclear message:"; cat "$work/err"; exit 1; }

# Without --no-start it starts one (from ./Dialogues, progress under $XDG_STATE_HOME) and talks.
out=$(cd "$root" && printf '\n2\n' | XDG_STATE_HOME="$work/state" "$bin/tutor" --plain --socket "$sock")
case "$out" in *"lesson: 1/10 🔒 The GIL & Free-Threading"*) ;; *) echo "no lesson 1: $out"; exit 1 ;; esac
# The daemon it started keeps running for the next client, with the progress.
printf 'ping\n' | nc -U -N "$sock" | grep -qx OK || { echo "no daemon left running on $sock"; exit 1; }
out=$(cd "$root" && printf '' | XDG_STATE_HOME="$work/state" "$bin/tutor" --plain --socket "$sock")
case "$out" in *"Welcome back"*) ;; *) echo "no resume: $out"; exit 1 ;; esac
[ -f "$work/state/tutord/tutord.sqlite" ] || { echo "the started daemon did not use XDG_STATE_HOME"; exit 1; }
