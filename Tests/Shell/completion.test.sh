#!/bin/sh
# Shell completion as bash runs it, with the scripts the tools generate (as `make install`
# installs them): `tutord check <TAB>` offers .dialogue files (and folders), `tutord walk
# <TAB>` and `tutor --course <TAB>` the ids of the courses on the daemon's search path (the
# learner's course folder, the installed ones, the build's checkout), `--dialogues DIR` narrows that to
# DIR, and `tutord remove-course <TAB>` offers the learner's own courses only.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/tutord" --generate-completion-script bash >"$work/tutord.bash"
"$bin/tutor" --generate-completion-script bash >"$work/tutor.bash"

# A working directory with ./Dialogues (for `check`; no search path includes it), a course of
# the learner's own, and stray files.
mkdir -p "$work/here/Dialogues" "$work/here/drafts" "$work/data/tutord/dialogues" "$work/other"
cp "$root"/Dialogues/*.dialogue "$work/here/Dialogues/"
cat >"$work/data/tutord/dialogues/tiny.dialogue" <<'COURSE'
course tiny
title: Tiny
level: beginner
summary: One lesson.

lesson one
title: One
> A beat.
question q1
ask: Pick b.
- a
+ b
explain: Because b.
hint: Not a.
takeaway: Remember one.
COURSE
"$bin/tutord" check "$work/data/tutord/dialogues/tiny.dialogue" >/dev/null  # a course the daemon would load
cp "$work/data/tutord/dialogues/tiny.dialogue" "$work/other/"
touch "$work/here/draft.dialogue" "$work/here/notes.txt"

# Prints the candidates bash offers for the command line "$@" (the last word is the one being
# completed; it may be empty), one per line, sorted.
offers() {
    tool=$1
    (cd "$work/here" && PATH="$bin:$PATH" HOME="$work/home" XDG_DATA_HOME="$work/data" bash -c '
        . "$0"
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        "_$1" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"  # as bash calls it
        printf "%s\n" "${COMPREPLY[@]}"' "$work/$tool.bash" "$@") | sort | tr '\n' ' ' | sed 's/ $//'
}
# expect "OFFERS" WORD...: completing the command line WORD... offers exactly OFFERS.
expect() {
    want=$1; shift
    got=$(offers "$@")
    [ "$got" = "$want" ] || { echo "completing '$*': offered '$got', expected '$want'"; exit 1; }
}

expect "Dialogues draft.dialogue drafts" tutord check ""
expect "Dialogues/cpython-internals.dialogue Dialogues/writing-courses.dialogue" tutord check Dialogues/
expect "cpython-internals tiny writing-courses" tutord walk ""
expect "writing-courses" tutord walk w
expect "tiny" tutord walk --dialogues "$work/other" ""
expect "cpython-internals tiny writing-courses" tutor --course ""
expect "cpython-internals" tutor --course c
expect "tiny" tutord remove-course ""
expect "tiny" tutord report --course t
expect "debug" tutord serve --log-level d
