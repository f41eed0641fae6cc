#!/bin/sh
# `tutor`'s exercise folders under a folder other users can write (`--exercises` on a shared
# folder, as /tmp is): another user, a real second account, must not be able to make the
# learner run their code, read through a link, or write where they point. tutor --plain, as
# root the learner, against a real daemon: an --exercises folder of the other user's; a
# folder of theirs 0777 where the learner's would be made; a symlink in its place; the
# learner's file a symlink (check and edit refuse it); a FIFO as the file (refused at once);
# a FIFO where `write` puts its temporary file (never opened). The learner's own folder is
# named after their Unix user, not `default`. Needs root (useradd, setpriv); skipped otherwise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
require_root "useradd and setpriv"
command -v python3 >/dev/null || { echo "needs python3"; exit 1; }
other=tdexother
pid=""
trap 'kill "$pid" 2>/dev/null || true; remove_accounts; rm -rf "$work"' EXIT
ensure_user "$other"
chmod 755 "$work"
as_other() { setpriv --reuid "$other" --regid "$other" --init-groups -- "$@"; }
me=$(id -un)

mkdir "$work/course" "$work/home"
# The course: one exercise, shared with the other exercise test in tutor.
cp "$root/Tests/Shell/tiny-code.dialogue" "$work/course/"
DIALOGUES="$work/course"
start_daemon

# The learner at the exercise with the folder $1, then the lines $2 (printf's escapes); the
# output in $work/out, the exit status in $status. timeout: a blocked open fails the test.
learn() {
    printf "start tiny-code\nrestart\n\n$2" | HOME="$work/home" VISUAL="$work/editor" \
        timeout 20 "$bin/tutor" --plain --socket "$sock" --no-start --exercises "$1" >"$work/out" 2>&1 && status=0 || status=$?
}
said() { grep -qF -- "$1" "$work/out" || { echo "never said: $1"; cat "$work/out"; exit 1; }; }
never_said() { if grep -qF -- "$1" "$work/out"; then echo "said: $1"; cat "$work/out"; exit 1; fi; }
# The learner's editor: what an editor given the path does, writing through whatever is there.
printf '#!/bin/sh\nprintf "OVERWRITTEN\\n" >"$1"\n' >"$work/editor"
chmod +x "$work/editor"
solution='def double(n):\n    return n * 2\n'

# An --exercises folder of the other user's (0777; $work is root's, so root makes it for them): refused, nothing written in it.
mkdir -m 777 "$work/rvshared"; chown "$other" "$work/rvshared"
learn "$work/rvshared" 'check\n'
[ "$status" = 1 ] || { echo "exit status $status in another user's folder"; cat "$work/out"; exit 1; }
said "error: $work/rvshared belongs to $other (uid $(id -u "$other")), not to you"
[ -z "$(ls -A "$work/rvshared")" ] || { echo "tutor wrote in another user's folder:"; ls -lR "$work/rvshared"; exit 1; }

# A shared folder as /tmp is (root's, sticky, 1777): where the learner's folder would go, the
# other user made theirs first, 0777, with a file of code in it.
shared="$work/shared"; mkdir -m 1777 "$shared"
as_other mkdir -m 777 "$shared/$me"
as_other mkdir -m 777 "$shared/$me/tiny-code"
as_other sh -c "printf '$solution' >'$shared/$me/tiny-code/double.py'"
learn "$shared" 'check\n'
[ "$status" = 1 ] || { echo "exit status $status with the other user's folder"; cat "$work/out"; exit 1; }
said "error: $shared/$me belongs to $other (uid $(id -u "$other")), not to you"
never_said "pass:"
# The learner's own folder, made 0777: refused too, with the fix.
shared2="$work/shared2"; mkdir -m 1777 "$shared2"
mkdir -m 777 "$shared2/$me"
learn "$shared2" 'check\n'
said "error: $shared2/$me is accessible by other users (mode 777); refusing to use it (\`chmod 700 $shared2/$me\`)"
[ ! -e "$shared2/$me/tiny-code" ] || { echo "tutor made a folder in an open one"; exit 1; }

# A symlink where the learner's folder would be, to a folder of the other user's: refused,
# the starter not written where it leads.
shared3="$work/shared3"; mkdir -m 1777 "$shared3"
mkdir -m 777 "$work/target"; chown "$other" "$work/target"
as_other ln -s "$work/target" "$shared3/$me"
learn "$shared3" 'check\n'
said "error: $shared3/$me is a symlink; refusing to follow it"
[ -z "$(ls -A "$work/target")" ] || { echo "the starter was written through a symlink:"; ls -lR "$work/target"; exit 1; }

# The learner's own folder (their user's name, 0700, made now), then their file a symlink to
# another file: `check` does not read it, `edit` does not hand it to the editor.
mine="$work/mine"
learn "$mine" ''
said "file: $mine/$me/tiny-code/double.py (the starter, written now)"
[ "$(stat -c '%U %a' "$mine/$me/tiny-code")" = "$me 700" ] || { echo "the folder is not the learner's, 0700"; exit 1; }
printf "$solution" >"$work/elsewhere.py"
ln -sf "$work/elsewhere.py" "$mine/$me/tiny-code/double.py"
learn "$mine" 'check\nedit\n'
said "error: $mine/$me/tiny-code/double.py is a symlink; refusing to follow it"
never_said "pass:"
printf "$solution" | cmp -s - "$work/elsewhere.py" || { echo "edit wrote through the symlink:"; cat "$work/elsewhere.py"; exit 1; }

# A FIFO as the file: refused at once (reading it would block).
rm "$mine/$me/tiny-code/double.py"
mkfifo "$mine/$me/tiny-code/double.py"
learn "$mine" 'check\n'
[ "$status" != 124 ] || { echo "tutor blocked on a FIFO"; cat "$work/out"; exit 1; }
said "error: $mine/$me/tiny-code/double.py is not a regular file; refusing to use it"

# A FIFO where `write` makes its temporary file (.tutor-write-<pid>; the shell's pid is
# tutor's after exec): never opened, and the file written is a regular file.
rm "$mine/$me/tiny-code/double.py"
printf "start tiny-code\nrestart\n\nwrite\n${solution}.\n" | HOME="$work/home" timeout 20 \
    sh -c 'mkfifo "$0/.tutor-write-$$" && exec "$@"' "$mine/$me/tiny-code" \
    "$bin/tutor" --plain --socket "$sock" --no-start --exercises "$mine" >"$work/out" 2>&1 && status=0 || status=$?
[ "$status" != 124 ] || { echo "write blocked on a FIFO"; cat "$work/out"; exit 1; }
said "checks: all 2 checks pass"
[ -f "$mine/$me/tiny-code/double.py" ] && [ ! -p "$mine/$me/tiny-code/double.py" ] || { echo "the file is not a regular file"; ls -l "$mine/$me/tiny-code"; exit 1; }
[ -z "$(find "$mine/$me/tiny-code" -name '.tutor-write-*')" ] || { echo "a temporary file was left"; ls -la "$mine/$me/tiny-code"; exit 1; }
echo "ok"
