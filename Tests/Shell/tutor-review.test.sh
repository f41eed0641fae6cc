#!/bin/sh
# Spaced review in `tutor`, in a real terminal: lesson 1's first quiz is answered over
# `nc -U` with the daemon's clock fixed by TUTORD_NOW; a day later (the daemon restarted with
# a later TUTORD_NOW) tutor shows the due count in its header, `review` opens the review's own
# view with "Review 1/1", and after the answer the lesson's transcript comes back.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
server="tutor-review-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

. "$(dirname "$0")/lib.sh"
export TUTORD_NOW=2026-12-01T09:00:00Z
start_daemon
printf 'start cpython-internals\nskip\n2\nquit\n' | nc -U -N "$sock" >"$work/out"
grep -qF "verdict: correct" "$work/out" || { echo "the lesson answer was not right"; cat "$work/out"; exit 1; }
kill -TERM "$pid"
wait "$pid"

export TUTORD_NOW=2026-12-02T09:00:00Z
start_daemon
tmux -L "$server" -f /dev/null new-session -d -s tutor -x 80 -y 24 \
    "LANG=C.UTF-8 '$bin/tutor' --socket '$sock' --no-start; echo TUTOR-EXITED \$?; sleep 60"

gone() {
    if screen | grep -qF -- "$1"; then echo "still on screen: $1"; screen; exit 1; fi
}

wait_for "1 question is due for review; type \`review\` to go over it."
wait_for "Lesson 1/12 🔒 The GIL & Free-Threading │ 1 due · 10 XP"
keys r e v i e w Enter
wait_for "Review 1/1 │ 1 due · 10 XP"
wait_for "Spaced review: questions you are about to forget."
wait_for "Predict it before we look inside"
gone "1 question is due for review"  # the lesson's transcript is set aside
keys r e f e r e n c e Space c o u n t s Enter
wait_for "+2 XP"
keys Enter
wait_for "Review done: 1 of 1 right."
wait_for "Lesson 1/12 🔒 The GIL & Free-Threading │ 12 XP"
wait_for "1 question is due for review"  # the lesson's transcript is back
wait_for "Retention"
keys q u i t Enter
wait_for "TUTOR-EXITED 0"
