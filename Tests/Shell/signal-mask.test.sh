#!/bin/sh
# Every thread of a serving tutord blocks SIGTERM, SIGINT and SIGHUP, so each such signal waits
# for the daemon's signal sources (a signalfd libdispatch reads) and none is lost: while any
# thread left them unblocked, a SIGTERM that reached it before libdispatch had installed its
# handler met the SIG_IGN set for the source, and an activated tutord kept serving.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

. "$(dirname "$0")/lib.sh"
start_daemon

# A request or two, so the event loops and the store's threads are running.
printf 'start cpython-internals\n\nquit\n' | nc -U -N "$sock" >/dev/null

threads=0
for status in /proc/"$pid"/task/*/status; do
    mask=$(awk '/^SigBlk:/ { print $2 }' "$status")
    name=$(awk '/^Name:/ { print $2 }' "$status")
    threads=$((threads + 1))
    for signal in 1 2 15; do  # SIGHUP, SIGINT, SIGTERM: bit signal-1 of the mask
        if [ $(( 0x$mask >> (signal - 1) & 1 )) -ne 1 ]; then
            echo "thread $name ($status) does not block signal $signal: SigBlk $mask"
            exit 1
        fi
    done
done
[ "$threads" -gt 1 ] || { echo "expected several threads, saw $threads"; exit 1; }

# And the signal still stops it, cleanly.
kill -TERM "$pid"
wait "$pid"
[ ! -e "$sock" ] || { echo "socket file left behind"; exit 1; }
