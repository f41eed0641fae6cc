#!/bin/sh
# An exercise in a classroom whose daemon runs as its own system account: a student at the
# exercise (through real `nc -U`) runs `tutord exercise check --report`; the checks run as the
# student, and cannot read the daemon's database; the pass is recorded for that student, as
# self-reported, with its XP told apart in the teacher's report; a second report of the same
# exercise, now passed and moved on from, is refused as stale and records nothing.
# Real users: the service account (useradd --system) and a student (a login account). Needs
# root (useradd, setpriv); skipped otherwise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
require_root "useradd, groupadd and setpriv"
trap 'remove_accounts' EXIT
ensure_login_user() {  # a login account (uid from UID_MIN up), removed afterwards
    id -u "$1" >/dev/null 2>&1 && return 0
    useradd --no-create-home --shell /usr/sbin/nologin "$1"
    created_users="$created_users $1"
}
class=tdexclass
ensure_group "$class"
ensure_user tutord-exservice
ensure_login_user tutord-exstudent
usermod -a -G "$class" tutord-exservice
usermod -a -G "$class" tutord-exstudent
student_uid=$(id -u tutord-exstudent)

[ "$(stat -c '%u %a' /run)" = "0 755" ] || { echo "skipped: /run is not root's with mode 755"; exit 77; }
base=$(mktemp -d -p /run tutord-exercise.XXXXXX)
chmod 755 "$base"
mkdir -m 755 "$base/tutord" "$base/dialogues" "$base/work"
mkdir -m 700 "$base/state"
chown tutord-exservice "$base/tutord" "$base/state"
chown tutord-exstudent "$base/work"
sock="$base/tutord/tutord.sock"
database="$base/state/tutord.sqlite"
pid=""
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$base"; remove_accounts' EXIT

# The exercise's checks: the learner's function, who runs them, and what they cannot read.
cat >"$base/dialogues/ex.dialogue" <<EOF
course ex
title: Ex
level: beginner
summary: One exercise.

lesson one
title: One
> A beat.
exercise double
task: Write \`double(x)\`, which returns twice \`x\`.
file: double.py
starter:
\`\`\`python
def double(x):
    ...
\`\`\`
check: double(2) is 4
\`\`\`python
assert double(2) == 4
\`\`\`
check: the checks run as the student
\`\`\`python
import os
assert os.getuid() == $student_uid, os.getuid()
\`\`\`
check: the daemon's database is out of reach
\`\`\`python
try:
    open("$database", "rb")
except PermissionError:
    pass
else:
    raise AssertionError("read the daemon's database")
\`\`\`
hint: Multiply.
solution:
\`\`\`python
def double(x):
    return 2 * x
\`\`\`
takeaway: Remember doubling.
question q1
ask: Pick b.
- a
+ b
explain: Because b.
hint: Not a.
EOF

mkfifo "$base/log"
setpriv --reuid tutord-exservice --regid tutord-exservice --init-groups -- \
    "$TUTORD" --classroom --socket "$sock" --socket-group "$class" \
    --dialogues "$base/dialogues" --state-dir "$base/state" 2>"$base/log" &
pid=$!
exec 3<"$base/log"
while IFS= read -r line <&3; do
    case "$line" in *listening*) break ;; esac
done
cat <&3 >/dev/null &

fail() { echo "$1"; cat "$base/out" 2>/dev/null || true; exit 1; }
as_student() { setpriv --reuid tutord-exstudent --regid tutord-exstudent --init-groups -- env -u XDG_RUNTIME_DIR HOME=/nonexistent "$@"; }
has() { grep -qF -- "$1" "$base/out" || fail "expected \`$1\` from $2"; }
report() {  # the student's check and report (more options in "$@"); its exit status in $status
    status=0
    (cd "$base/work" && as_student "$TUTORD" exercise check --report --socket "$sock" --dialogues "$base/dialogues" "$@" \
        ex double double.py) >"$base/out" 2>&1 || status=$?
}

# The student goes on to the exercise, through nc.
printf 'start ex\n\n' | as_student nc -U -N "$sock" >"$base/out" 2>&1
has "expect: exercise double" "the student at the exercise"

printf 'def double(x):\n    return 2 * x\n' >"$base/work/double.py"
chown tutord-exstudent "$base/work/double.py"
report
[ "$status" = 0 ] || fail "the report exited $status"
has "pass: the checks run as the student" "the check of who runs it"
has "pass: the daemon's database is out of reach" "the check of the database"
has "recorded as your own run: pass, +20 XP (20 in all)" "the daemon's verdict"

# Recorded for the student, as self-reported, and told apart in the teacher's report.
printf 'export\n' | as_student nc -U -N "$sock" >"$base/out" 2>&1
has '"given":"3/3"' "the student's export"
has '"kind":"exercise","lesson":"one","question":"double","self_reported":true' "the student's export"
"$TUTORD" report --state-dir "$base/state" >"$base/out" 2>&1 || fail "tutord report failed"
has "report: xp 20 lessons 0 first-try 0/0 0% last " "the report row (no quiz question tried)"
has " exercise-xp 20 | tutord-exstudent" "the report's exercise XP"

# The exercise is passed and the student moved on: a second report records nothing.
printf 'start ex\n\n' | as_student nc -U -N "$sock" >"$base/out" 2>&1
report
[ "$status" = 3 ] || fail "a stale report exited $status, not 3"
has "not recorded: exercise \`double\` is passed already; a run of its checks records nothing more; you are at lesson 1 (One) in ex" "a report after the pass"
"$TUTORD" report --state-dir "$base/state" >"$base/out" 2>&1 || fail "tutord report failed"
has "report: xp 20 " "the report after the stale one"
# The same with --json: the checks' objects, then what became of the report.
report --json
[ "$status" = 3 ] || fail "a stale --json report exited $status, not 3"
has '{"reason":"exercise `double` is passed already; a run of its checks records nothing more; you are at lesson 1 (One) in ex","recorded":false}' "a --json report after the pass"
exit 0
