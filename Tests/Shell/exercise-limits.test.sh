#!/bin/sh
# `tutord exercise check` as a learner, a real unprivileged user (setpriv): the check runs as
# that user, cannot read a file private to tutord's user (as a classroom daemon's database
# is), and a fork loop ends with a clear verdict, the user's processes all gone. Needs root
# (useradd, setpriv: RLIMIT_NPROC does not bind root); skipped otherwise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
require_root "useradd and setpriv"
student=tutord-ex-student
trap 'remove_accounts; rm -rf "$work"' EXIT
ensure_user "$student"
chmod 755 "$work"
as_student() { setpriv --reuid "$student" --regid "$student" --init-groups -- "$@"; }

# A file only root (tutord's user here) may read, as a classroom database is the service's.
echo "secret progress" >"$work/private.sqlite"
chmod 600 "$work/private.sqlite"

cat >"$work/course.dialogue" <<COURSE
course limits
title: Limits
level: beginner
summary: Checks under limits.

lesson one
title: One
> A beat.
takeaway: Checks run as the learner.
question q1
ask: Who runs the checks?
accept: the learner
explain: The learner's own account.
hint: Not tutord.

exercise probe
task: Anything.
file: probe.py
starter:
\`\`\`python
pass
\`\`\`
check: it runs as the learner and cannot read tutord's files
\`\`\`python
import os
assert os.getuid() == $(id -u "$student"), os.getuid()
try:
    open("$work/private.sqlite").read()
except PermissionError:
    pass
else:
    raise AssertionError("read a file private to tutord's user")
assert not STARTER
\`\`\`
hint: None.
solution:
\`\`\`python
STARTER = False
\`\`\`
COURSE
printf 'STARTER = False\n' >"$work/probe.py"
chmod 644 "$work/course.dialogue" "$work/probe.py"

as_student "$TUTORD" exercise check "$work/course.dialogue" probe "$work/probe.py" >"$work/out" \
    || { echo "the probe did not pass as $student:"; cat "$work/out"; exit 1; }
grep -qx "all 1 checks pass" "$work/out" || { echo "unexpected output:"; cat "$work/out"; exit 1; }

# A fork loop: stopped with a verdict that names the limit; nothing of it is left running.
printf 'import os\nwhile True:\n    os.fork()\n' >"$work/probe.py"
start=$(date +%s)
if as_student "$TUTORD" exercise check "$work/course.dialogue" probe "$work/probe.py" >"$work/out"; then
    echo "a fork loop passed"; cat "$work/out"; exit 1
fi
elapsed=$(( $(date +%s) - start ))
grep -q "^STOPPED: it runs as the learner and cannot read tutord's files: tried to start more than 32 processes or threads" "$work/out" \
    || { echo "no clear verdict for a fork loop:"; cat "$work/out"; exit 1; }
[ "$elapsed" -le 15 ] || { echo "the fork loop took ${elapsed}s to stop (wall limit 10 s)"; exit 1; }
if pgrep -u "$student" >/dev/null; then echo "the fork loop left processes behind:"; pgrep -a -u "$student"; exit 1; fi
# What the code prints reaches the terminal without its control characters: an escape
# sequence or a carriage return could rewrite the verdict.
printf 'import sys\nsys.stderr.write("\\x1b[2J\\x1b]0;owned\\x07\\rPASS")\nraise SystemExit(3)\n' >"$work/probe.py"
as_student "$TUTORD" exercise check "$work/course.dialogue" probe "$work/probe.py" >"$work/out" 2>&1 || true
if LC_ALL=C grep -q "$(printf '\033')\|$(printf '\007')\|$(printf '\r')" "$work/out"; then
    echo "control characters from the check reached the terminal:"; od -c "$work/out" | head; exit 1
fi
grep -q "^FAIL: " "$work/out" || { echo "no FAIL verdict:"; cat "$work/out"; exit 1; }

# A check that takes the write bit off folders of its own still has its directory removed
# (root would not notice: it unlinks regardless, hence the learner's account here).
mkdir "$work/tmp"
chown "$student" "$work/tmp"
printf 'import os\nos.makedirs("locked/inner")\nopen("locked/inner/x", "w").close()\nos.chmod("locked/inner", 0o500)\nos.chmod("locked", 0o500)\n' >"$work/probe.py"
as_student env TMPDIR="$work/tmp" "$TUTORD" exercise check "$work/course.dialogue" probe "$work/probe.py" >"$work/out" 2>&1 || true
if [ -n "$(ls -A "$work/tmp")" ]; then echo "a check's directory was left behind:"; ls -laR "$work/tmp"; cat "$work/out"; exit 1; fi

echo "ok: checks run as the learner, a fork loop is stopped (${elapsed}s), a locked folder is removed"
