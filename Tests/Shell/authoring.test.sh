#!/bin/sh
# The author's loop, with the real binary: `tutord new` writes a course that passes
# `check --strict` (and never overwrites a file); `tutord walk` takes a course file by its path
# (with `/`, ending in .dialogue, or an existing file) as well as a course id; `walk --watch`
# walks the file again from the lesson being edited on every save (an edit seen within a
# second), shows file:line:column while it does not parse, and the walk again once fixed.
set -eu
work=$(mktemp -d)
trap 'kill "${watcher:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"  # no installed courses
fail() { echo "$1"; [ -f "$work/out" ] && cat "$work/out"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# new: a course that checks strictly, what to run next, and no second write over it.
mkdir "$work/course"
(cd "$work/course" && "$TUTORD" new demo) >"$work/out" 2>&1 || fail "new failed"
grep -qF "wrote ./demo.dialogue: course \`demo\`" "$work/out" || fail "new did not say what it wrote"
grep -qF "tutord walk --watch ./demo.dialogue" "$work/out" || fail "new did not say what to do next"
file="$work/course/demo.dialogue"
"$TUTORD" check --strict "$file" >"$work/out" 2>&1 || fail "the new course does not pass check --strict"
grep -qF "ok: course \`demo\`, 1 lesson, 2 questions" "$work/out" || fail "check did not pass the course as it should"
grep -qF "warning" "$work/out" && fail "the new course has a warning"
for part in '^```python run$' '^offer ' '^takeaway: ' '^node ' '^  feedback: ' '^explain: ' '^hint: ' '^xp: ' '^on-wrong: ' '^accept: ' '^wrong: '; do
    grep -q -- "$part" "$file" || fail "the new course has no line like $part"
done
cp "$file" "$work/before"
if "$TUTORD" new other -o "$file" >"$work/out" 2>&1; then fail "new overwrote a file"; fi
grep -qF "cannot write $file: it already exists" "$work/out" || fail "no reason for refusing to overwrite"
cmp -s "$file" "$work/before" || fail "the existing file was changed"
ln -s "$work/elsewhere" "$work/link.dialogue"
if "$TUTORD" new other -o "$work/link.dialogue" >/dev/null 2>&1; then fail "new wrote through a symlink"; fi
[ ! -e "$work/elsewhere" ] || fail "new created the symlink's target"
if "$TUTORD" new Bad/Id -o "$work/bad.dialogue" >"$work/out" 2>&1; then fail "new took a bad id"; fi
grep -qF "cannot be a course id" "$work/out" || fail "no reason for refusing the bad id"
[ ! -e "$work/bad.dialogue" ] || fail "a file was written for a bad id"

# walk PATH: by a name ending in .dialogue, a path with /, or an existing file of any name;
# an id is looked up on the search path, and when it is not there the refusal says how to
# walk a file.
walk_shows() {  # directory, argument
    (cd "$1" && printf 'quit\n' | "$TUTORD" walk "$2") >"$work/out" 2>&1 || fail "walk $2 failed"
    grep -qF "Welcome to Demo." "$work/out" || fail "walk $2 did not walk the file"
}
walk_shows "$work/course" demo.dialogue
walk_shows "$work" course/demo.dialogue
walk_shows "$work" "$file"
cp "$file" "$work/course/draft"
walk_shows "$work/course" draft
if (cd "$work/course" && printf 'quit\n' | "$TUTORD" walk demo --dialogues "$work/course/none") >"$work/out" 2>&1; then
    fail "walk demo found a course by id in the current folder"
fi
grep -qF "no course \`demo\`" "$work/out" && grep -qF "tutord walk ./demo.dialogue" "$work/out" || fail "the refusal of an id does not say how to walk a file"
printf 'course broken\ntitle: Broken\n' >"$work/broken.dialogue"
if printf 'quit\n' | "$TUTORD" walk "$work/broken.dialogue" >"$work/out" 2>&1; then fail "a broken file was walked"; fi
grep -q "^$work/broken.dialogue:[0-9]*:[0-9]*: error: " "$work/out" || fail "walk of a broken file gave no file:line:column"
if "$TUTORD" walk --watch demo </dev/null >"$work/out" 2>&1; then fail "--watch took an id"; fi
grep -qF -- "--watch walks a course file" "$work/out" || fail "no reason for refusing --watch with an id"

# walk --watch: every save is seen, the walk starts again at the lesson being edited, errors
# while the file does not parse, the walk again once it does. Input comes through a FIFO this
# shell holds open, so the walk waits for it as it would for a person.
seen() { grep -cF -- "$1" "$work/out" || true; }
wait_out() {  # text, how many times, deadline in ms (default 5 s)
    deadline=$(($(now_ms) + ${3:-5000}))
    until [ "$(seen "$1")" -ge "$2" ]; do
        [ "$(now_ms)" -lt "$deadline" ] || fail "never showed ($2 times, ${3:-5000} ms): $1"
        sleep 0.02
    done
}
mkfifo "$work/in"
exec 4<>"$work/in"
"$TUTORD" walk --watch "$file" <"$work/in" >"$work/out" 2>&1 &
watcher=$!
wait_out "Welcome to Demo." 1

# A second lesson, saved the way many editors save (a new file renamed over the old one).
cat "$file" - >"$work/new" <<'LESSON'

lesson second
title: Second Steps

> The second lesson begins.

question second-q
ask: Pick b.
- a
+ b
explain: Because b.
hint: Not a.

takeaway: Remember two.
LESSON
started=$(now_ms)
mv "$work/new" "$file"
wait_out "The second lesson begins." 1 1000
echo "an edit was walked $(($(now_ms) - started)) ms after its save"
grep -qF "saved: walking it again from lesson \`second\`" "$work/out" || fail "the walk did not start again at the edited lesson"

# Edited in place (written and closed): seen too.
sed 's/^> The second lesson begins\.$/> Lesson two, edited./' "$file" >"$work/new"
cat "$work/new" >"$file"
wait_out "Lesson two, edited." 1 1000
cp "$file" "$work/good"

# Broken: the errors, as file:line:column, in place of the walk; input is answered with how to
# get the walk back.
printf 'this is no line of a course\n' >>"$file"
lines=$(wc -l <"$file")
wait_out "$file:$lines:1: error: " 1
printf 'next\n' >&4
wait_out "does not parse; fix it and save, and the walk comes back" 1

# Fixed: the walk again, at the lesson that was edited, and no error after it.
cat "$work/good" >"$file"
wait_out "Lesson two, edited." 2
awk -v f="$file:$lines:1: error: " 'index($0, f) { found = NR } END { exit !found }' "$work/out" || fail "the error is gone from the output"
tail -n +"$(grep -nF "$file:$lines:1: error: " "$work/out" | tail -1 | cut -d: -f1)" "$work/out" | tail -n +2 >"$work/after"
grep -qF "Lesson two, edited." "$work/after" || fail "the walk did not come back after the fix"
grep -qF "error:" "$work/after" && fail "an error was shown after the fix"

# The walk still answers, and quit ends it.
printf 'lessons\nquit\n' >&4
wait_out "Second Steps" 3
wait "$watcher" || fail "walk --watch did not exit 0 on quit"
watcher=
echo "authoring loop ok"
