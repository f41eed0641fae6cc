#!/bin/sh
# What the log gets per commit, under the real strace. An acknowledged change is on disk: the
# daemon syncs its log (fdatasync) for every change it commits before the reply (at SQLite's
# NORMAL level, which GRDB's WAL set-up chooses, commits make no sync until a checkpoint). And
# a commit's frames reach the log in one write (CSQLiteLogWrites), where SQLite alone makes two
# per page. Two daemons on fresh state directories, one that only greets and one that walks a
# learner through steps and answers; the differences count the commits' syncs and writes.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT  # each daemon is stopped inside log_activity()
. "$(dirname "$0")/lib.sh"

real="$TUTORD"
cat >"$work/traced" <<EOF
#!/bin/sh
exec strace -f -qq -y -e trace=fsync,fdatasync,pwrite64 -o "\$TRACE" "$real" "\$@"
EOF
chmod +x "$work/traced"
TUTORD="$work/traced"

# Runs one daemon with $1 as its state directory, sends $2 through nc, stops the daemon (strace
# ends with it, its file complete) and prints how many syncs it made and how many writes to
# its log.
log_activity() {
    rm -rf "$work/state"
    export TRACE="$work/trace.$1"
    start_daemon
    printf "$2" | nc -U -N "$sock" >"$work/out.$1"
    kill -TERM "$(pgrep -P "$pid")"  # tutord; strace ends with it
    wait "$pid" || true
    echo "$(grep -cE '^[0-9]+ +f(data)?sync\(' "$TRACE") $(grep -cE '^[0-9]+ +pwrite64\([0-9]+<[^>]*-wal>' "$TRACE")"
}

set -- $(log_activity greeting 'quit\n')
greeting=$1 greetingLog=$2
# Each of these writes: the start, three steps of lesson 1, and thirteen wrong answers to its quiz.
answers=13
set -- $(log_activity walk "start cpython-internals\n\n\n\n$(printf '1\\n%.0s' $(seq $answers))quit\n")
walked=$1 walkedLog=$2
commits=$((4 + answers))

verdicts=$(grep -c '^verdict: incorrect' "$work/out.walk")
[ "$verdicts" -eq $answers ] || { echo "expected $answers wrong answers, got $verdicts"; cat "$work/out.walk"; exit 1; }
# Two fresh daemons do not start with exactly the same syncs (11 and 13 were seen for the same
# greeting: the store's set-up), so up to two are allowed for that; commits that were not
# synced one by one (the bug this guards: none were, until a checkpoint) fall far short.
[ "$walked" -ge $((greeting + commits - 2)) ] || {
    echo "syncs: $greeting with the greeting only, $walked with $commits commits more; expected one per commit"
    exit 1
}
# Each commit changes two pages or more (four writes or more from SQLite alone); gathered, a
# commit is one write (and the log's header one more when the log starts over).
[ "$walkedLog" -le $((greetingLog + 2 * commits)) ] || {
    echo "writes to the log: $greetingLog with the greeting only, $walkedLog with $commits commits more; expected about one per commit"
    exit 1
}
