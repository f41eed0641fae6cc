#!/bin/sh
# An exercise in `tutor`, against a real daemon, real python3 and, in the chat, a real tmux: a
# small course with one exercise (written here), the learner's file made from the starter in
# their exercise folder, `edit` through $VISUAL (a script that writes what the learner would),
# a failing check with its FAIL line and the tutor's count, quitting and resuming with the file
# kept, a save from outside checked by the watch alone and passing, with the XP and the course's
# solution, the file still there after, and a check after another window moved on.
# Then `tutor --plain`'s same loop: `check`, `write` ... `.`, for another profile (its own folder).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
server="tutor-exercise-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v python3 >/dev/null || { echo "needs python3"; exit 1; }

mkdir "$work/course" "$work/home"
# The course: one exercise, shared with the other exercise test in tutor.
cp "$root/Tests/Shell/tiny-code.dialogue" "$work/course/"
DIALOGUES="$work/course"
. "$(dirname "$0")/lib.sh"
start_daemon

# The learner's editor: writes $work/next.py into the file it is given, as a save would.
cat >"$work/editor" <<EOF
#!/bin/sh
cat '$work/next.py' >"\$1"
EOF
chmod +x "$work/editor"
me=$(id -un)  # the learner's own folder is named after their Unix user
file="$work/exercises/$me/tiny-code/double.py"
tutor_command="HOME='$work/home' VISUAL='$work/editor' LANG=C.UTF-8 '$bin/tutor' --socket '$sock' --no-start --course tiny-code --exercises '$work/exercises'; echo TUTOR-EXITED \$?; sleep 60"
tmux -L "$server" -f /dev/null new-session -d -s tutor -x 100 -y 30 "$tutor_command"
wait_for "Let us write a function."
keys Enter
wait_for "Exercise (double.py): Write double(n), which returns twice n."
wait_for "Your file, with the starter: $file"
wait_for "edit · check · write · hint · solution · skip"
printf 'def double(n):\n    pass\n' | cmp -s - "$file" || { echo "the starter was not written"; cat "$file"; exit 1; }
[ "$(stat -c %a "$work/exercises/$me/tiny-code")" = 700 ] || { echo "the folder is not 0700"; exit 1; }

# A wrong file: saved by the editor, the watch runs the checks; the tutor counts and hints.
printf 'def double(n):\n    return n + 2\n' >"$work/next.py"
keys e d i t Enter
wait_for "Editing in $work/editor (\$VISUAL)."
wait_for "pass: double(2) is 4"
wait_for "FAIL: double(-3) is -6"
wait_for "AssertionError: double(-3) should be -6"
wait_for "1 of 2 checks pass."
wait_for "Multiply n by 2."

# Quit and come back: the exercise reopens the same file, the learner's work kept.
keys q u i t Enter
wait_for "TUTOR-EXITED 0"
tmux -L "$server" new-window -t tutor "$tutor_command"  # the screen is the new window's
wait_for "Your file, as you left it: $file"
printf 'def double(n):\n    return n + 2\n' | cmp -s - "$file" || { echo "the file was not kept"; cat "$file"; exit 1; }

# `check` by hand, then a right file saved from elsewhere (another terminal's editor, writing
# a new file and renaming it over the old one): the watch alone runs the checks. Every check
# passes, XP, and the course's solution.
keys c h e c k Enter
wait_for "FAIL: double(-3) is -6"
printf 'def double(n):\n    return n * 2\n' >"$work/exercises/$me/tiny-code/.double.py.swp"
mv "$work/exercises/$me/tiny-code/.double.py.swp" "$file"
wait_for "pass: double(-3) is -6"
wait_for "+20 XP"
wait_for "Returning twice its argument doubles any number."
wait_for "Enter: next"
printf 'def double(n):\n    return n * 2\n' | cmp -s - "$file" || { echo "the file is gone after the pass"; exit 1; }

# Back at the exercise (`restart`), another window of the learner skips it: a check run here is
# not recorded, and the chat says so and shows where the learner is now.
keys r e s t a r t Enter
wait_for "Let us write a function."
keys Enter
wait_for "Your file, as you left it: $file"
printf 'start tiny-code\nskip\n' | nc -U -N "$sock" >/dev/null
# (Whether this window hears of it first depends on its `idle` having reached the daemon
# before nc did: the check is refused either way.)
keys c h e c k Enter
wait_for "Your check was not recorded: you went on in another window. This is where you are now:"
keys q u i t Enter
wait_for "TUTOR-EXITED 0"

# --plain: the same loop for the profile `plain`, in its own folder.
plain_file="$work/exercises/plain/tiny-code/double.py"
printf 'learner plain\nstart tiny-code\n\ncheck\n' | HOME="$work/home" VISUAL="$work/editor" \
    "$bin/tutor" --plain --socket "$sock" --no-start --exercises "$work/exercises" >"$work/plain1" || true
grep -qxF "file: $plain_file (the starter, written now)" "$work/plain1" || { echo "plain: no file line"; cat "$work/plain1"; exit 1; }
grep -qxF "FAIL: double(2) is 4" "$work/plain1" || { echo "plain: the starter did not fail"; cat "$work/plain1"; exit 1; }
grep -qxF "checks: 0 of 2 checks pass" "$work/plain1" || { echo "plain: no count"; cat "$work/plain1"; exit 1; }
grep -qxF "expect: exercise double" "$work/plain1" || { echo "plain: not at the exercise"; cat "$work/plain1"; exit 1; }
# Without python3 the check cannot run, and says why; nothing is reported.
printf 'learner plain\nresume\ncheck\n' | HOME="$work/home" PATH=/nonexistent \
    "$bin/tutor" --plain --socket "$sock" --no-start --exercises "$work/exercises" >"$work/plain-nopython" && status=0 || status=$?
[ "$status" = 1 ] || { echo "plain: exit status $status without python3"; exit 1; }
grep -qxF "error: python3 is not installed (or not on PATH); exercises are checked with it" "$work/plain-nopython" \
    || { echo "plain: no python3 was not said"; cat "$work/plain-nopython"; exit 1; }
# Resumed: the file is kept; `write` replaces it, up to the `.` line, and checks it.
printf 'learner plain\nresume\nwrite\ndef double(n):\n    return n * 2\n.\n' | HOME="$work/home" \
    "$bin/tutor" --plain --socket "$sock" --no-start --exercises "$work/exercises" >"$work/plain2"
grep -qxF "file: $plain_file (kept from before)" "$work/plain2" || { echo "plain: the file was not kept"; cat "$work/plain2"; exit 1; }
grep -qxF "pass: double(-3) is -6" "$work/plain2" || { echo "plain: no pass"; cat "$work/plain2"; exit 1; }
grep -qxF "checks: all 2 checks pass" "$work/plain2" || { echo "plain: no count"; cat "$work/plain2"; exit 1; }
grep -qxF "verdict: correct" "$work/plain2" || { echo "plain: the daemon did not judge it right"; cat "$work/plain2"; exit 1; }
grep -qF "explain: Returning twice its argument doubles any number." "$work/plain2" || { echo "plain: no solution"; cat "$work/plain2"; exit 1; }
# Another profile at the exercise: the exercise was the old profile's, so it is closed:
# `check` is no longer the client's (it goes to the daemon as typed, which does not know it;
# before, the client asked for the old exercise's checks), and nothing is made for the new
# profile.
printf 'learner plain\nresume\nrestart\n\nlearner p9\ncheck\n' | HOME="$work/home" \
    "$bin/tutor" --plain --socket "$sock" --no-start --exercises "$work/exercises" >"$work/plain3" || true
grep -qxF "expect: exercise double" "$work/plain3" || { echo "plain: not back at the exercise"; cat "$work/plain3"; exit 1; }
grep -qF 'error: unknown-command `check` is not a command' "$work/plain3" || { echo "plain: the exercise stayed open after switching profile"; cat "$work/plain3"; exit 1; }
[ ! -e "$work/exercises/p9" ] || { echo "plain: a folder was made for the new profile"; exit 1; }
echo "ok"
