#!/bin/sh
# `tutor` starts tutord when none answers (the way tmux starts its server), and `--no-start`
# says how to start one instead. Plain mode first, since there is no terminal; then in tmux,
# from an empty directory: an installed tutor offers the installed courses in its picker, and
# one with no course anywhere says where course files go and what tutord said, from the log
# the started daemon keeps in the state directory.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
sock="$work/tutord.sock"
server="tutor-autostart-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; pkill -f -- "--socket $sock" 2>/dev/null || true;
      pkill -f -- "$work/" 2>/dev/null || true; rm -rf "$work"' EXIT

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
grep -qF "courses loaded" "$work/state/tutord/tutord.log" || { echo "the started daemon kept no log in the state directory"; exit 1; }

# A daemon that cannot start: tutor quotes what it logged, instead of an empty screen.
mkdir -p "$work/broken/tutord"
echo "not a database" > "$work/broken/tutord/tutord.sqlite"
if (cd "$root" && XDG_STATE_HOME="$work/broken" "$bin/tutor" --plain --socket "$work/broken.sock" </dev/null 2>"$work/err"); then
    echo "tutor went on although its daemon could not start"; exit 1
fi
grep -qF "tutord could not start; its log ($work/broken/tutord/tutord.log) ends with:" "$work/err" || { echo "no log quoted:"; cat "$work/err"; exit 1; }
grep -qF "is not an SQLite database; refusing to use or replace it" "$work/err" || { echo "not the daemon's reason:"; cat "$work/err"; exit 1; }

screen() { tmux -L "$server" capture-pane -p -t "$1"; }
wait_for() {
    tries=0
    until screen "$1" | grep -qF -- "$2"; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ]; then echo "never showed: $2"; screen "$1"; exit 1; fi
        sleep 0.1
    done
}
# Runs tutor from $1 in an empty directory, on the default socket of a private runtime dir.
run_tutor() {
    name=$1 program=$2
    mkdir -p "$work/$name/empty" "$work/$name/run" "$work/$name/home"
    chmod 700 "$work/$name/run"
    tmux -L "$server" -f /dev/null new-session -d -s "$name" -x 100 -y 30 \
        "cd '$work/$name/empty' && HOME='$work/$name/home' XDG_DATA_HOME='$work/$name/data' XDG_STATE_HOME='$work/$name/state' XDG_RUNTIME_DIR='$work/$name/run' LANG=C.UTF-8 '$program'; sleep 60"
}

# Installed (PREFIX/bin and PREFIX/share/tutord/dialogues): the picker offers the course.
mkdir -p "$work/prefix/bin" "$work/prefix/share/tutord/dialogues"
cp "$bin/tutor" "$bin/tutord" "$work/prefix/bin/"
cp "$root"/Dialogues/*.dialogue "$work/prefix/share/tutord/dialogues/"
run_tutor installed "$work/prefix/bin/tutor"
wait_for installed "▶ 1  CPython Internals & Advanced Metaprogramming"
wait_for installed "not started"

# No course anywhere: the picker says where course files go, and what tutord said.
mkdir -p "$work/bare/bin"
cp "$bin/tutor" "$bin/tutord" "$work/bare/bin/"
run_tutor bare "$work/bare/bin/tutor"
wait_for bare "tutord has no courses."
wait_for bare "$work/bare/empty/Dialogues"
wait_for bare "$work/bare/data/tutord/dialogues"
wait_for bare "tutord said:"
wait_for bare "courses loaded"
