#!/bin/sh
# `tutor` keeps the learner's place across a daemon that goes away.
# A restarted daemon (SIGTERM, a new tutord) gets the profile and course back: the client
# used to come back as the default learner on another course. With --no-start, tutor says
# what to run while the daemon is away. A daemon tutor started itself and that was killed
# (kill -9) is started again, under the same lock, and tutor says so: it used to retry every
# 8 s for ever. Also: `tutor --help` reads as sentences (no runs of spaces).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
server="tutor-reconnect-$$"
pid=
started=
cleanup() {
    tmux -L "$server" kill-server 2>/dev/null || true
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    for p in $started; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"

# The replies after a reconnect have come once the course's welcome follows the note.
welcome_after_reconnect() {
    tries=0
    until screen | sed -n '/Reconnected\./,$p' | grep -qF "Welcome back"; do
        tries=$((tries + 1))
        [ "$tries" -le 100 ] || { echo "no welcome after reconnecting"; screen; exit 1; }
        sleep 0.1
    done
}

# --help: the description is sentences, not columns of spaces.
if "$bin/tutor" --help | sed -n '/Connects to tutord/,/bad command line/p' | grep -q '[^ ]  '; then
    echo "tutor --help has runs of spaces:"; "$bin/tutor" --help; exit 1
fi

# --- Item 4: profile and course come back after a restart -------------------------------
start_daemon
# The user's own profile is at lesson 4: what a reconnect as the default learner would show.
printf 'start cpython-internals\ngoto 5\n' | nc -U -N "$sock" >/dev/null
tmux -L "$server" -f /dev/null new-session -d -s tutor -x 100 -y 30 \
    "LANG=C.UTF-8 '$bin/tutor' --socket '$sock' --no-start; echo TUTOR-EXITED \$?; sleep 60"
wait_for "Lesson 5/12 🧰 The Metaprogramming Toolkit"
keys l e a r n e r Space w o r k Enter
wait_for "Learn as the profile work?"
keys y e s Enter
wait_for "Choose a course"
keys Enter
wait_for "Lesson 1/12 🔒 The GIL & Free-Threading │ profile work · 0 XP"

kill -TERM "$pid"
wait "$pid" || true
pid=
wait_for "Connection lost"
wait_for "Start one with \`tutord --socket"  # --no-start: what to run, for this socket
start_daemon
wait_for "Reconnected."
welcome_after_reconnect
screen | head -n 1 | grep -qF "Lesson 1/12 🔒 The GIL & Free-Threading │ profile work · 0 XP" \
    || { echo "the reconnect did not restore profile and course"; screen; exit 1; }
keys q u i t Enter
wait_for "TUTOR-EXITED 0"
tmux -L "$server" kill-session -t tutor
kill "$pid"; wait "$pid" || true; pid=

# --- Item 5: a daemon tutor started, killed, is started again ----------------------------
# tutor installed in a prefix, on the default socket of a private runtime directory.
mkdir -p "$work/auto/bin" "$work/auto/share/tutord/dialogues" "$work/auto/run" "$work/auto/empty"
chmod 700 "$work/auto/run"
cp "$bin/tutor" "$bin/tutord" "$work/auto/bin/"
cp "$root"/Dialogues/*.dialogue "$work/auto/share/tutord/dialogues/"
tmux -L "$server" -f /dev/null new-session -d -s tutor -x 100 -y 30 \
    "cd '$work/auto/empty' && HOME='$work/auto' XDG_DATA_HOME='$work/auto/data' XDG_STATE_HOME='$work/auto/state' XDG_RUNTIME_DIR='$work/auto/run' LANG=C.UTF-8 '$work/auto/bin/tutor'; sleep 60"
wait_for "Choose a course"
keys Enter
wait_for "Lesson 1/12 🔒 The GIL & Free-Threading"
first=$(pgrep -f "^$work/auto/bin/tutord") || { echo "no daemon started"; exit 1; }
started="$first"
kill -9 "$first"
wait_for "tutord was gone; started it again"
wait_for "Reconnected."
second=$(pgrep -f "^$work/auto/bin/tutord") || { echo "no daemon started again"; screen; exit 1; }
started="$started $second"
[ "$second" != "$first" ] || { echo "the same daemon?"; exit 1; }
welcome_after_reconnect
screen | head -n 1 | grep -qF "Lesson 1/12 🔒 The GIL & Free-Threading" || { echo "not back in the course"; screen; exit 1; }

# --- Item 13: with --dialogues DIR and no systemd, the "no courses" screen says DIR and kill -HUP
tmux -L "$server" kill-session -t tutor
mkdir -p "$work/nocourses"
"$TUTORD" --socket "$work/bare.sock" --dialogues "$work/nocourses" --state-dir "$work/bare-state" 2>"$work/bare.log" &
bare=$!
started="$started $bare"
tries=0
until grep -q listening "$work/bare.log"; do
    tries=$((tries + 1)); [ "$tries" -le 100 ] || { echo "bare daemon did not start"; cat "$work/bare.log"; exit 1; }
    sleep 0.1
done
# In JSON mode too: the folders and who started it.
json=$(printf 'format json\ndaemon\n' | nc -U -N "$work/bare.sock" | grep '^{')
printf '%s\n' "$json" | jq -se --arg dir "$work/nocourses" 'any(.[]; .type == "dialogues" and .directory == $dir)' >/dev/null \
    || { echo "no dialogues in JSON: $json"; exit 1; }
printf '%s\n' "$json" | jq -se --argjson pid "$bare" 'any(.[]; .type == "started" and .by == "command" and .pid == $pid)' >/dev/null \
    || { echo "no started in JSON: $json"; exit 1; }
tmux -L "$server" -f /dev/null new-session -d -s tutor -x 100 -y 30 \
    "LANG=C.UTF-8 '$bin/tutor' --socket '$work/bare.sock' --no-start; sleep 60"
wait_for "tutord has no courses."
wait_for "  $work/nocourses"
wait_for "kill -HUP $bare"
if screen | grep -qF -e "systemctl" -e "/Dialogues"; then echo "the screen lists folders or systemd the daemon does not use"; screen; exit 1; fi
