#!/bin/sh
# `tutor` in a real terminal: tmux runs it against a real daemon; send-keys drives it and
# capture-pane reads the screen. It starts, shows lesson 1 with its icon, answers the quiz
# with a key press, scrolls, survives a resize to 40x12 and back, and quits on `quit` with
# the terminal restored.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
server="tutor-test-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

. "$(dirname "$0")/lib.sh"
start_daemon

tmux -L "$server" -f /dev/null new-session -d -s tutor -x 80 -y 24 \
    "LANG=C.UTF-8 '$bin/tutor' --socket '$sock' --no-start; echo TUTOR-EXITED \$?; sleep 60"

screen() { tmux -L "$server" capture-pane -p -t tutor; }
keys() { tmux -L "$server" send-keys -t tutor "$@"; }
# The screen has no readiness signal: poll it (up to 10 s) for the text we expect.
wait_for() {
    tries=0
    until screen | grep -qF -- "$1"; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ]; then echo "never showed: $1"; screen; exit 1; fi
        sleep 0.1
    done
}

wait_for "Lesson 1/10 🔒 The GIL & Free-Threading"
wait_for "Enter: next"
screen | head -n 1 | grep -q "^CPython Internals.*│ Lesson 1/10 🔒 The GIL & Free-Threading │ 0 XP" || { echo "no header"; screen; exit 1; }

keys "goto 3" Enter
wait_for "Lesson 3/10 🏭 Metaclass Mechanics"
keys "skip" Enter
keys "skip" Enter
wait_for "1-3 or ↑↓⏎"
keys 3  # a single key press answers
wait_for "Correct"
wait_for "+10 XP"
screen | head -n 1 | grep -qF "10 XP" || { echo "header XP not updated"; screen; exit 1; }

# The daemon goes away: tutor says so, retries, and resumes when it is back.
kill -TERM "$pid"
wait "$pid" || true
wait_for "Connection lost"
start_daemon
wait_for "Reconnected."
wait_for "Lesson 3/10 🏭 Metaclass Mechanics │ 10 XP"

keys PPage
wait_for "Lesson 1/10 🔒"  # scrolled back to the start of the conversation
keys End
wait_for "+10 XP"

tmux -L "$server" resize-window -t tutor -x 40 -y 12
wait_for "›"
widest=$(screen | LC_ALL=C.UTF-8 wc -L)  # display columns, wide characters counted as 2
[ "$widest" -le 40 ] || { echo "a line is $widest columns wide at 40x12"; screen; exit 1; }
screen | grep -qF "0/10" || { echo "the footer lost its progress at 40x12"; screen; exit 1; }
tmux -L "$server" resize-window -t tutor -x 80 -y 24
wait_for "? help  ["  # the full footer, with its progress bar, is back

# Typing `quit` leaves (#11: it used to be sent to the daemon, which closed the connection,
# and tutor reconnected); Ctrl-C takes the same way out (ChatScreenTests).
keys q u i t Enter
wait_for "progress is saved"
wait_for "TUTOR-EXITED 0"
if screen | grep -qF "? help"; then echo "the chat screen is still there after quitting"; screen; exit 1; fi
