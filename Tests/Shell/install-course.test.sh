#!/bin/sh
# Bringing your own course, with the real binaries: a NerdSip page is imported, the course
# is installed while tutord and tutor run, and both see it without a restart (the daemon is
# told to reload and confirms; tutor's open course picker lists it); a course that does not
# check is refused, a changed one needs --replace, and so does a file of its name that holds
# another course; remove-course takes it away again (the learner's progress in it stays,
# there when it comes back). A page too large or full of escape sequences is refused safely.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
server="tutor-install-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"
page="$root/Tests/CourseImportTests/Fixtures/nerdsip-cpython-internals.txt"
id=cpython-internals-advanced-metaprogramming

fail() { echo "$1"; [ -f "$work/out" ] && cat "$work/out"; exit 1; }

# Import: a course that parses, its warnings on stderr; a page that is not NerdSip says where.
"$TUTORD" import nerdsip "$page" -o "$work/imported.dialogue" >"$work/out" 2>"$work/err" || fail "import failed"
grep -qF "$work/imported.dialogue: course \`$id\`, 10 lessons" "$work/out" || fail "import did not report the course"
"$TUTORD" check "$work/imported.dialogue" >/dev/null 2>&1 || fail "the imported course does not check"
printf 'just some notes\n' >"$work/notes.txt"
if "$TUTORD" import nerdsip "$work/notes.txt" >"$work/out" 2>&1; then fail "a page that is not NerdSip was imported"; fi
grep -qF "notes.txt:1: error: this is not a NerdSip course page" "$work/out" || fail "no line for the broken page"
# A page's escape sequences are not echoed: the refused line quoted in the error shows them as
# U+FFFD (a terminal would have run them: retitled the window, coloured the rest red).
printf 'Science \033]0;owned\007\033[31m Advanced\n' >"$work/escape.txt"
if "$TUTORD" import nerdsip "$work/escape.txt" >"$work/out" 2>&1; then fail "a page that is not NerdSip was imported"; fi
grep -qF "escape.txt:1: error: this is not a NerdSip course page" "$work/out" || fail "no line for the page with escapes"
grep -qF "Science �]0;owned��[31m Advanced" "$work/out" || fail "the page's line is not shown with its controls replaced"
if LC_ALL=C grep -q "$(printf '\033')" "$work/out"; then fail "the page's escape sequence reached the terminal"; fi
# A page over 4 MiB is refused, unread: a sparse file of a terabyte is refused by its size at
# once (read whole, it would take the machine's memory), and a stream (standard input) once it
# passes the limit. timeout bounds how long a failure of this test can take.
truncate -s 1T "$work/huge.txt"
timeout 20 "$TUTORD" import nerdsip "$work/huge.txt" >"$work/out" 2>&1 && fail "a page of a terabyte was imported"
grep -qF "huge.txt is 1048576.0 MiB; a page may be at most 4.0 MiB" "$work/out" || fail "the page of a terabyte was not refused by its size"
head -c 5000000 /dev/zero | tr '\0' 'x' | timeout 20 "$TUTORD" import nerdsip - >"$work/out" 2>&1 && fail "a page of 5 MB was imported"
grep -qF -- "- is over 4.0 MiB; a page may be at most 4.0 MiB" "$work/out" || fail "the page of 5 MB on standard input was not refused"

# A file with the name the course is installed as, that holds another course (copied or renamed
# by hand), is not overwritten: the refusal names both courses; --replace overwrites it.
mkdir -p "$XDG_DATA_HOME/tutord/dialogues"
sed "s/^course $id\$/course hand-copied/" "$work/imported.dialogue" >"$XDG_DATA_HOME/tutord/dialogues/$id.dialogue"
if "$TUTORD" install-course "$work/imported.dialogue" --socket "$work/none.sock" >"$work/out" 2>&1; then fail "the other course's file was overwritten"; fi
grep -qF "\`$id\` is not installed: $XDG_DATA_HOME/tutord/dialogues/$id.dialogue holds the course \`hand-copied\`, which it would overwrite; --replace overwrites it" "$work/out" || fail "the refusal does not name both courses"
grep -q "^course hand-copied$" "$XDG_DATA_HOME/tutord/dialogues/$id.dialogue" || fail "the other course is gone"
"$TUTORD" install-course "$work/imported.dialogue" --replace --socket "$work/none.sock" >"$work/out" 2>&1 || fail "--replace did not overwrite the other course's file"
grep -q "^course $id$" "$XDG_DATA_HOME/tutord/dialogues/$id.dialogue" || fail "--replace did not install the course"
rm "$XDG_DATA_HOME/tutord/dialogues/$id.dialogue"

. "$(dirname "$0")/lib.sh"
SEARCH_PATH=1 start_daemon
courses() { printf 'courses\n' | nc -U -N "$sock"; }
courses | grep -q "^course: $id " && fail "the course is there before it is installed"

# tutor with the course picker open (no course yet).
tmux -L "$server" -f /dev/null new-session -d -s tutor -x 100 -y 24 \
    "LANG=C.UTF-8 XDG_DATA_HOME='$XDG_DATA_HOME' '$bin/tutor' --socket '$sock' --no-start; echo TUTOR-EXITED \$?; sleep 60"
wait_for "Choose a course"
wait_for "1  CPython Internals & Advanced Metaprogramming"

# Install: the daemon reloads and confirms; the picker shows a second course.
"$TUTORD" install-course "$work/imported.dialogue" --socket "$sock" >"$work/out" 2>/dev/null || fail "install failed"
grep -qF "installed \`$id\`" "$work/out" || fail "install did not say what it installed"
grep -qF "reloaded its courses" "$work/out" || fail "the daemon did not confirm the reload"
[ -f "$XDG_DATA_HOME/tutord/dialogues/$id.dialogue" ] || fail "not in the course directory"
courses | grep -q "^course: $id " || fail "the daemon does not serve the installed course"
wait_for "2  CPython Internals & Advanced Metaprogramming"

# A course that does not check is refused; a changed one needs --replace.
printf 'course broken\ntitle: Broken\n' >"$work/broken.dialogue"
if "$TUTORD" install-course "$work/broken.dialogue" --socket "$sock" >"$work/out" 2>&1; then fail "a broken course was installed"; fi
grep -qF "is not installed: it does not check" "$work/out" || fail "no reason for refusing the broken course"
sed 's/^title: CPython Internals & Advanced Metaprogramming$/title: CPython, imported/' "$work/imported.dialogue" >"$work/changed.dialogue"
if "$TUTORD" install-course "$work/changed.dialogue" --socket "$sock" >"$work/out" 2>&1; then fail "a changed course replaced the installed one"; fi
grep -qF "already installed" "$work/out" || fail "no reason for refusing the changed course"
"$TUTORD" install-course "$work/changed.dialogue" --replace --socket "$sock" >"$work/out" 2>/dev/null || fail "--replace failed"
courses | grep -q "^course: $id CPython, imported |" || fail "the replaced course is not served"

# Progress in it is kept through remove and install again.
printf 'start %s\nskip\n1\n' "$id" | nc -U -N "$sock" | grep -q "^verdict: " || fail "cannot answer in the installed course"

# Remove: gone from the daemon, and an unknown id names the installed ones.
"$TUTORD" remove-course "$id" --socket "$sock" >"$work/out" 2>&1 || fail "remove failed"
courses | grep -q "^course: $id " && fail "the removed course is still served"
"$TUTORD" install-course "$work/changed.dialogue" --socket "$sock" >/dev/null 2>&1 || fail "installing it again failed"
printf 'start %s\nprogress\n' "$id" | nc -U -N "$sock" | grep -q "^progress: .* answers 1 " || fail "the progress was not kept"
# A course whose installed file no longer parses (edited by hand): the daemon still serves the
# version it loaded, and remove-course still removes it.
printf 'lesson\n' >>"$XDG_DATA_HOME/tutord/dialogues/$id.dialogue"
if "$TUTORD" check "$XDG_DATA_HOME/tutord/dialogues/$id.dialogue" >/dev/null 2>&1; then fail "the edited file still parses"; fi
courses | grep -q "^course: $id " || fail "the daemon does not serve the course loaded before its file broke"
"$TUTORD" remove-course "$id" --socket "$sock" >"$work/out" 2>&1 || fail "the course whose file no longer parses was not removed"
grep -qF "no longer parsed" "$work/out" || fail "remove-course did not say the file no longer parsed"
[ -f "$XDG_DATA_HOME/tutord/dialogues/$id.dialogue" ] && fail "the broken file is still there"
courses | grep -q "^course: $id " && fail "the removed broken course is still served"
"$TUTORD" install-course "$work/changed.dialogue" --socket "$sock" >/dev/null 2>&1 || fail "installing it after the broken one failed"
"$TUTORD" remove-course "$id" --socket "$sock" >/dev/null 2>&1 || fail "the second remove failed"
if "$TUTORD" remove-course "$id" --socket "$sock" >"$work/out" 2>&1; then fail "removing it twice succeeded"; fi
grep -qF "no course \`$id\` is installed" "$work/out" || fail "no reason for the unknown id"
exit 0
