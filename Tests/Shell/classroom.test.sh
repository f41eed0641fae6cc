#!/bin/sh
# Classroom mode with real Unix users and groups: one daemon, a socket only the class's
# group may open, each student learning as themselves (no profiles), a leaderboard a student
# can hide from, and a report only teachers may read, whose CSV no user name can turn into a
# spreadsheet formula. Needs root (useradd, setpriv); skipped otherwise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
require_root "useradd, groupadd and setpriv"
trap 'remove_accounts' EXIT
class=tdclass
teachers=tdteach
for group in "$class" "$teachers"; do ensure_group "$group"; done
for user in tutord-s1 tutord-s2 tutord-teach tutord-out; do ensure_user "$user"; done
usermod -a -G "$class" tutord-s1
usermod -a -G "$class" tutord-s2
usermod -a -G "$class,$teachers" tutord-teach

work=$(mktemp -d /tmp/tutord-class.XXXXXX)
chmod 755 "$work"
sock="$work/run/tutord.sock"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"; remove_accounts' EXIT
mkfifo "$work/log"
"$TUTORD" --classroom --socket "$sock" --socket-group "$class" --teacher-group "$teachers" --max-connections-per-user 2 \
    --dialogues "$root/Dialogues" --state-dir "$work/state" 2>"$work/log" &
pid=$!
exec 3<"$work/log"
while IFS= read -r line <&3; do
    case "$line" in *listening*) break ;; esac
done
cat <&3 >/dev/null &

fail() { echo "$1"; cat "$work/out" 2>/dev/null || true; exit 1; }
as() { who=$1; shift; printf "$@" | setpriv --reuid "$who" --regid "$who" --init-groups -- nc -U -N "$sock" >"$work/out" 2>&1 || true; }
has() { grep -qF -- "$1" "$work/out" || fail "expected \`$1\` from $2"; }
lacks() { if grep -qF -- "$1" "$work/out"; then fail "did not expect \`$1\` from $2"; fi; }

# The socket is the class's: 0660 and its group; someone outside the group cannot connect.
[ "$(stat -c '%a %G' "$sock")" = "660 $class" ] || { stat -c '%a %G' "$sock"; fail "the socket is not 0660 and the class's"; }
as tutord-out 'ping\n'
lacks "OK tutord" "a user outside the class"

# Each student learns as themselves and sees only their own progress.
as tutord-s1 'whoami\nstart cpython-internals\nskip\n2\nprogress\n'
has "learner: tutord-s1" "s1's whoami"
has "xp: +10 total 10" "s1's right answer"
as tutord-s2 'start cpython-internals\nskip\n1\n2\nprogress\n'
has "verdict: incorrect" "s2's wrong answer"
has "progress: score 1/44 xp 5 " "s2's own progress"
lacks "xp 10 " "s2's progress (s1's XP must not show)"

# No posing as someone else.
as tutord-s1 'learner tutord-s2\nwhoami\n'
has "ERR forbidden in a classroom everyone learns as themselves" "learner in a classroom"
has "learner: tutord-s1" "whoami after a refused learner"

# The report: teachers only.
as tutord-s1 'report\n'
has "ERR forbidden only teachers" "a student asking for the report"
as tutord-teach 'report\nreport csv\n'
has "report: xp 10 lessons 0 first-try 1/1 100% last " "the teacher's report row for s1"
has "| tutord-s1" "the teacher's report (s1)"
has "| tutord-s2" "the teacher's report (s2)"
has "weak: 1/2 cpython-internals gil-why" "the class's weak spot"
has "csv: learner,xp,lessons,first_try,tried,first_try_percent,last_active" "the CSV header"
has "csv: tutord-s2,5,0,0,1,0," "the CSV row of s2"

# The same report without a daemon, from the database (root may read it; a student may not).
"$TUTORD" report --state-dir "$work/state" >"$work/out" 2>&1 || fail "tutord report failed"
has "| tutord-s2" "tutord report"
has "weak: 1/2 cpython-internals gil-why" "tutord report's weak spot"
"$TUTORD" report --state-dir "$work/state" --csv --bare >"$work/out" 2>&1 || fail "tutord report --csv failed"
[ "$(head -n 1 "$work/out")" = "learner,xp,lessons,first_try,tried,first_try_percent,last_active,exercise_xp" ] || fail "tutord report --csv --bare has no bare header"
if setpriv --reuid tutord-s1 --regid tutord-s1 --init-groups -- "$TUTORD" report --state-dir "$work/state" >"$work/out" 2>&1; then
    fail "a student read the class's database"
fi
has "you may not read $work/state/tutord.sqlite" "a student's tutord report"

# One student cannot take every place: two connections held open, the third is refused;
# another student still gets in, and the first again once one of theirs closed.
for n in 1 2; do
    : >"$work/held$n"
    (sleep 30 | setpriv --reuid tutord-s1 --regid tutord-s1 --init-groups -- nc -U "$sock" >"$work/held$n" 2>&1) &
    eval "holder$n=\$!"
done
for n in 1 2; do  # the greeting says the daemon counted the connection
    tries=0
    until grep -q "OK tutord" "$work/held$n"; do tries=$((tries + 1)); [ $tries -lt 200 ] || fail "held connection $n not greeted"; sleep 0.05; done
done
# The third sends nothing: the daemon refuses and closes at once, and nc, had it a line to
# send by then, would die of SIGPIPE before printing the refusal.
as tutord-s1 ''
has "ERR busy you already have 2 connections to this tutor" "a third connection of s1"
as tutord-s2 'ping\n'
has "OK" "s2 while s1 holds two"
pkill -P "$holder1" nc 2>/dev/null || true; kill "$holder1" 2>/dev/null || true
wait "$holder1" 2>/dev/null || true
tries=0
until as tutord-s1 'ping\n'; grep -q "^OK$" "$work/out"; do tries=$((tries + 1)); [ $tries -lt 100 ] || fail "s1 cannot connect after closing one"; sleep 0.05; done
pkill -P "$holder2" nc 2>/dev/null || true; kill "$holder2" 2>/dev/null || true

# The leaderboard: everyone, until a student hides; teachers still see them.
as tutord-s1 'leaderboard cpython-internals\n'
has "rank: 1 xp 10 lessons 0 streak 1 exercise-xp 0 you | tutord-s1" "s1's leaderboard"
has "rank: 2 xp 5 lessons 0 streak 1 exercise-xp 0 | tutord-s2" "s1's leaderboard (s2)"
as tutord-s2 'leaderboard hide\n'
has "You are hidden from other learners' leaderboards" "hiding"
as tutord-s1 'leaderboard cpython-internals\n'
lacks "tutord-s2" "s1's leaderboard once s2 hid"
lacks "hidden" "s1's leaderboard once s2 hid"
as tutord-s2 'leaderboard cpython-internals\n'
has "rank: 2 xp 5 lessons 0 streak 1 exercise-xp 0 you hidden | tutord-s2" "s2's own row while hidden"
as tutord-teach 'leaderboard cpython-internals\n'
has "hidden | tutord-s2" "the teacher's leaderboard"

# A user name a spreadsheet would run as a formula (made with useradd --badname) is written to
# the CSV as quoted text behind a single quote (OWASP's CSV-injection advice), by the daemon's
# `report csv` and by `tutord report --csv`.
formula='=tdcsv'
if ! id -u "$formula" >/dev/null 2>&1; then
    useradd --system --badname --no-create-home --shell /usr/sbin/nologin "$formula"
    created_users="$created_users $formula"
fi
usermod -a -G "$class" "$formula"
as "$formula" 'start cpython-internals\nskip\n2\n'
has "xp: +10 total 10" "the right answer of $formula"
as tutord-teach 'report csv\n'
has "csv: \"'=tdcsv\",10,0,1,1,100," "the teacher's CSV row of $formula"
lacks "csv: =tdcsv" "the teacher's CSV"
"$TUTORD" report --state-dir "$work/state" --csv --bare >"$work/out" 2>&1 || fail "tutord report --csv failed"
has "\"'=tdcsv\",10,0,1,1,100," "tutord report --csv's row of $formula"
exit 0
