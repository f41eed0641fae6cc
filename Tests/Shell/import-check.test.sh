#!/bin/sh
# `tutord import nerdsip` says how sure it is, with the real binary: the summary line on stderr
# after the warnings (all sure, or which questions to check), the `# check:` comment in a course
# that still passes `tutord check`, and --strict, which writes nothing (no file, empty stdout,
# exit 1) while a question is to check and writes as usual when none is. Trap pages:
# Tests/CourseImportTests/Fixtures/traps (their keys in AnswerInferenceTests).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixtures="$root/Tests/CourseImportTests/Fixtures"

fail() { echo "$1"; [ -f "$work/err" ] && grep -v "warning: .*steps in a row\|characters; chat reads best\|is the longest in" "$work/err"; exit 1; }

# A page the inference is sure of: the summary says so, and --strict writes it.
"$TUTORD" import nerdsip --strict "$fixtures/traps/sure.txt" -o "$work/sure.dialogue" >"$work/out" 2>"$work/err" \
    || fail "--strict refused a page it is sure of"
[ "$(tail -n1 "$work/err")" = "2 questions, all sure" ] || fail "no 'all sure' summary as the last line"
grep -q "^# check: inferred" "$work/sure.dialogue" && fail "a sure question was marked"
"$TUTORD" import nerdsip "$fixtures/nerdsip-cpython-internals.txt" >"$work/out" 2>"$work/err" || fail "the seed page did not import"
[ "$(tail -n1 "$work/err")" = "10 questions, all sure" ] || fail "the seed page is not all sure"

# Lesson 3's answer line made useless: the question is written with a check naming the
# runner-up, a warning and the summary name it, and the course still checks.
sed 's/^Answer: The __prepare__ method is called.*/Answer: It is one of these methods./' \
    "$fixtures/nerdsip-cpython-internals.txt" >"$work/unsure.txt"
"$TUTORD" import nerdsip "$work/unsure.txt" -o "$work/unsure.dialogue" >"$work/out" 2>"$work/err" || fail "the unsure page did not import"
# The summary comes after the course's own lint warnings, as the last line.
[ "$(tail -n1 "$work/err")" = "10 questions, 1 to check: lesson 3 (metaclass-mechanics-quiz)" ] || fail "no summary naming lesson 3"
grep -qF "unsure.txt:82: warning: lesson 3 (metaclass-mechanics-quiz): not sure of the right option" "$work/err" || fail "no warning for lesson 3"
grep -B1 -xF "question metaclass-mechanics-quiz" "$work/unsure.dialogue" | head -1 \
    | grep -qxF '# check: inferred option 1 ("__new__"), runner-up option 2 ("__init__"); the page'"'"'s answer line: "It is one of these methods."' \
    || fail "no check comment above the question"
"$TUTORD" check "$work/unsure.dialogue" >"$work/out" 2>&1 || fail "the marked course does not check"

# --strict: nothing written while a question is to check, to a file or to standard output.
if "$TUTORD" import nerdsip --strict "$work/unsure.txt" -o "$work/strict.dialogue" >"$work/out" 2>"$work/err"; then
    fail "--strict wrote a course with a question to check"
fi
[ ! -e "$work/strict.dialogue" ] || fail "--strict left a file"
[ ! -s "$work/out" ] || fail "--strict printed on stdout"
grep -qxF "tutord: --strict: nothing written: 1 question to check: lesson 3 (metaclass-mechanics-quiz)" "$work/err" || fail "--strict did not name the question"
status=0
"$TUTORD" import nerdsip --strict - <"$work/unsure.txt" >"$work/out" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "--strict on standard input exited $status, not 1"
[ ! -s "$work/out" ] || fail "--strict printed the course on stdout"
echo "ok"
