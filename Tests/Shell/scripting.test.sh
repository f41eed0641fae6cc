#!/bin/sh
# What a script gets: the README's `format json` recipe run as printed, with the real `nc` and
# `jq`; misuse told apart without reading English (`ERR unknown-command`, `nudge:`); and
# `tutor --plain`'s exit status (0 answered, 1 refused, 2 no daemon).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

. "$(dirname "$0")/lib.sh"
start_daemon
export XDG_RUNTIME_DIR="$work"  # so the README's "$XDG_RUNTIME_DIR/tutord.sock" is this daemon

# The README's recipe, taken from the README itself, runs as printed: every line is JSON.
recipe=$(grep -m1 "printf 'format json" "$root/README.md" | sed 's/^ *//')
[ -n "$recipe" ] || { echo "no format json recipe in README.md"; exit 1; }
sh -c "$recipe" >"$work/json" || { echo "the README recipe failed: $recipe"; cat "$work/json"; exit 1; }
jq -e -s 'length > 5 and all(.[]; type == "object")' "$work/json" >/dev/null \
    || { echo "the recipe's output is not JSON objects:"; cat "$work/json"; exit 1; }
[ "$(jq -r -s '[.[] | select(.type == "lesson")][0].text' "$work/json")" = "1/12 🔒 The GIL & Free-Threading" ] \
    || { echo "no lesson in the recipe's output:"; cat "$work/json"; exit 1; }

# Misuse, told by kind: an unknown word outside a conversation, a line the tutor did not take.
printf 'format json\ncorses\nstart cpython-internals\nblorp\n' | nc -U -N "$sock" | tail -n +2 >"$work/misuse"
jq -e -s '.[1] == {"ok": false, "error": "unknown-command", "message": .[1].message} and (.[1].message | test("courses"))' "$work/misuse" >/dev/null \
    || { echo "corses is not ERR unknown-command with a did-you-mean:"; cat "$work/misuse"; exit 1; }
jq -e -s 'any(.[]; .type == "nudge") and .[-1].ok == true' "$work/misuse" >/dev/null \
    || { echo "blorp in a conversation is not an OK with a nudge:"; cat "$work/misuse"; exit 1; }

# tutor --plain: 0 when every request was answered.
status=0; printf '\n' | "$bin/tutor" --plain --no-start --socket "$sock" >"$work/out" 2>&1 || status=$?
[ "$status" = 0 ] || { echo "tutor --plain exited $status for a good session:"; cat "$work/out"; exit 1; }
# 1 when the daemon refused the course asked for, at once, with its reason on an error: line.
status=0; printf '\n\n' | "$bin/tutor" --plain --no-start --socket "$sock" --course nope >"$work/out" 2>&1 || status=$?
[ "$status" = 1 ] || { echo "tutor --plain --course nope exited $status:"; cat "$work/out"; exit 1; }
grep -q '^error: unknown-course ' "$work/out" || { echo "no error: line:"; cat "$work/out"; exit 1; }
# 1 when a later request was refused; the session still went on to the end.
status=0; printf 'goto 99\nstatus\n' | "$bin/tutor" --plain --no-start --socket "$sock" >"$work/out" 2>&1 || status=$?
[ "$status" = 1 ] || { echo "tutor --plain exited $status after an ERR:"; cat "$work/out"; exit 1; }
grep -q '^error: bad-argument ' "$work/out" && grep -q '^expect: ' "$work/out" \
    || { echo "the refused request or the one after it is missing:"; cat "$work/out"; exit 1; }
# 2 when no daemon answers.
status=0; "$bin/tutor" --plain --no-start --socket "$work/none.sock" </dev/null >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || { echo "tutor --plain without a daemon exited $status"; exit 1; }
# 64 for a bad command line.
status=0; "$bin/tutor" --plain --nonsense </dev/null >/dev/null 2>&1 || status=$?
[ "$status" = 64 ] || { echo "tutor --nonsense exited $status"; exit 1; }

# A daemon of a newer protocol (here a stand-in that greets as one): tutor says so and exits 2,
# instead of misreading replies it does not know. The stand-in prints "ready" once it listens.
python3 - "$work/newer.sock" >"$work/newer.out" <<'PY' &
import socket, sys
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sys.argv[1]); server.listen(1)
print("ready", flush=True)
connection, _ = server.accept()
connection.sendall(b"OK tutord 99\n")
connection.recv(1)  # until the client goes
PY
newer=$!
until grep -q ready "$work/newer.out" 2>/dev/null; do sleep 0.05; done
status=0; printf '\n' | "$bin/tutor" --plain --no-start --socket "$work/newer.sock" >"$work/out" 2>&1 || status=$?
kill "$newer" 2>/dev/null || true
[ "$status" = 2 ] || { echo "tutor --plain against a newer protocol exited $status"; cat "$work/out"; exit 1; }
grep -q "speaks protocol 99, newer than the 1 this client speaks" "$work/out" \
    || { echo "tutor did not say the daemon's protocol is newer:"; cat "$work/out"; exit 1; }
