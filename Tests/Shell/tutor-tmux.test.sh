#!/bin/sh
# `tutor` in a real terminal: tmux runs it against a real daemon; send-keys drives it and
# capture-pane reads the screen. A new learner picks the course from the picker with keys,
# goes through lesson 1 and sees header and footer move on without typing `progress`, asks a
# question and gets the course's answer with its lesson, another
# connection of the same learner moves on and the screen follows, a quiz at 30x8 keeps the
# selected option on screen, the daemon's restart is survived, and `quit` exits 0 with the
# terminal restored. TERM=dumb falls back to plain lines.
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

# Presses Enter (answers `no` to an offer, 2 to a quiz) until the screen shows $1.
step_until() {
    steps=0
    while :; do
        # One capture decides both whether we are there and which key to press: two captures
        # could see two different screens (a quiz answered by accident).
        now=$(screen)
        if printf '%s\n' "$now" | grep -qF -- "$1"; then break; fi
        steps=$((steps + 1))
        [ "$steps" -le 40 ] || { echo "never reached: $1"; printf '%s\n' "$now"; exit 1; }
        case "$(printf '%s\n' "$now" | tail -n 2)" in
            *"yes / no"*) keys n o Enter ;;
            *"1-3 or"*) keys 2 ;;
            *) keys Enter ;;
        esac
        tries=0
        while [ "$(screen)" = "$now" ] && [ "$tries" -lt 100 ]; do tries=$((tries + 1)); sleep 0.05; done
    done
}

# A new learner: nothing to resume, so the picker, with the course and its state.
wait_for "Choose a course: ↑↓ and Enter, or its number"
wait_for "▶ 1  CPython Internals & Advanced Metaprogramming"
wait_for "advanced · 12 lessons · not started"
keys Enter
wait_for "Lesson 1/12 🔒 The GIL & Free-Threading"
screen | head -n 1 | grep -q "^CPython Internals.*│ Lesson 1/12 🔒 The GIL & Free-Threading │ 0 XP" || { echo "no header"; screen; exit 1; }

# Through lesson 1: its first quiz, a right answer, its second quiz, and on into lesson 2.
step_until "1-3 or ↑↓⏎"
keys 2  # a single key press answers
wait_for "+10 XP"
screen | head -n 1 | grep -qF "│ 10 XP" || { echo "header XP not updated"; screen; exit 1; }
step_until "1-3 or ↑↓⏎"  # lesson 1's second quiz, whose right answer is 3
keys 3
wait_for "│ 20 XP"
step_until "1-3 or ↑↓⏎"  # and its three others: right answers 1, 3 and 2
keys 1
wait_for "│ 30 XP"
step_until "1-3 or ↑↓⏎"
keys 3
wait_for "│ 40 XP"
step_until "1-3 or ↑↓⏎"
keys 2
wait_for "│ 50 XP"
step_until "Lesson 2/12"
wait_for "Lesson 2/12 🧱 The Object Model Underneath │ 50 XP"
screen | tail -n 2 | grep -qF "] 1/12" || { echo "the footer did not count lesson 1 as done"; screen; exit 1; }

# A question typed while the tutor waits: lesson 9's quizzes are not answered, so it is pointed
# to with its goto rather than quoted, and the conversation stays (the next Enter is
# lesson 2's next step, not a jump).
keys "what does LOAD_FAST do?" Enter
wait_for "Lesson 9 covers this; \`goto 9\`."
wait_for "Lesson 2/12 🧱 The Object Model Underneath │ 50 XP"

# Another connection of the same learner moves on: this screen follows, nobody typing here.
printf 'start cpython-internals\ngoto 6\n' | nc -U -N "$sock" >/dev/null
wait_for "Lesson 6/12 🌳 Abstract Syntax Trees │ 50 XP"
wait_for "You went on in another window"
keys r e p e a t Enter
wait_for "Lesson 6/12 🌳 Abstract Syntax Trees"

# A quiz in a 30x8 terminal: the selected option is always on screen.
keys s k i p Enter
step_until "1-"
tmux -L "$server" resize-window -t tutor -x 30 -y 8
wait_for "›"
for n in 1 2 3; do
    keys Down
    wait_for "▶ $n)"
done
widest=$(screen | LC_ALL=C.UTF-8 wc -L)  # display columns, wide characters counted as 2
[ "$widest" -le 30 ] || { echo "a line is $widest columns wide at 30x8"; screen; exit 1; }
keys Escape
tmux -L "$server" resize-window -t tutor -x 80 -y 24
wait_for "? help  ["  # the full footer, with its progress bar, is back

# The daemon goes away: tutor says so, retries, and resumes when it is back.
kill -TERM "$pid"
wait "$pid" || true
wait_for "Connection lost"
start_daemon
wait_for "Reconnected."
wait_for "Lesson 6/12 🌳 Abstract Syntax Trees │ 50 XP"

keys PPage
wait_for "more lines below"  # scrolled up: it says there is more below
keys End

# Typing `quit` leaves (it used to be sent to the daemon, which closed the connection,
# and tutor reconnected); Ctrl-C takes the same way out (ChatScreenTests).
keys q u i t Enter
wait_for "progress is saved"
wait_for "TUTOR-EXITED 0"
if screen | grep -qF "? help"; then echo "the chat screen is still there after quitting"; screen; exit 1; fi

# A terminal that cannot show a screen: a one-line notice, then plain lines.
tmux -L "$server" new-window -t tutor "TERM=dumb LANG=C.UTF-8 '$bin/tutor' --socket '$sock' --no-start; echo DUMB-EXITED \$?; sleep 60"
wait_for "(TERM=dumb) cannot show the chat screen"
wait_for "lesson: 6/12 🌳 Abstract Syntax Trees"
keys q u i t Enter
wait_for "DUMB-EXITED 0"
