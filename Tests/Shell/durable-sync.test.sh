#!/bin/sh
# An acknowledged change is on disk: the daemon syncs its log (fdatasync) for every change it
# commits before the reply, under the real strace. Two daemons on fresh state directories, one
# that only greets and one that walks a learner through steps and answers; the second must make
# at least one sync per commit more than the first. (At SQLite's NORMAL level, which GRDB's WAL set-up
# chooses, commits make no sync at all until a checkpoint.)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT  # each daemon is stopped inside syncs()
. "$(dirname "$0")/lib.sh"

real="$TUTORD"
cat >"$work/traced" <<EOF
#!/bin/sh
exec strace -f -qq -e trace=fsync,fdatasync -o "\$TRACE" "$real" "\$@"
EOF
chmod +x "$work/traced"
TUTORD="$work/traced"

# Runs one daemon with $1 as its state directory, sends $2 through nc, stops the daemon (strace
# ends with it, its file complete) and prints how many syncs it made.
syncs() {
    rm -rf "$work/state"
    export TRACE="$work/trace.$1"
    start_daemon
    printf "$2" | nc -U -N "$sock" >"$work/out.$1"
    kill -TERM "$(pgrep -P "$pid")"  # tutord; strace ends with it
    wait "$pid" || true
    grep -cE '^[0-9]+ +f(data)?sync\(' "$TRACE" || true
}

greeting=$(syncs greeting 'quit\n')
# Each of these writes: the start, three steps of lesson 1, and three wrong answers to its quiz.
walked=$(syncs walk 'start cpython-internals\n\n\n\n1\n1\n1\nquit\n')
commits=7

verdicts=$(grep -c '^verdict: incorrect' "$work/out.walk")
[ "$verdicts" -eq 3 ] || { echo "expected 3 wrong answers, got $verdicts"; cat "$work/out.walk"; exit 1; }
[ "$walked" -ge $((greeting + commits)) ] || {
    echo "syncs: $greeting with the greeting only, $walked with $commits commits more; expected one per commit"
    exit 1
}
