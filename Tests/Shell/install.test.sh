#!/bin/sh
# `make install` into a temporary PREFIX installs everything, the units pass
# `systemd-analyze verify` and `security`, the installed tutord finds its courses, and
# `make uninstall` removes every file it installed.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
mkdir -p "$prefix/keep"  # something of the user's in PREFIX: it must survive uninstall

make -s -C "$root" install PREFIX="$prefix" CONFIG=debug >/dev/null

for file in bin/tutord bin/tutor share/man/man1/tutor.1 share/bash-completion/completions/tutor \
            share/tutord/dialogues/cpython-internals.dialogue \
            share/systemd/user/tutord.socket share/systemd/user/tutord.service \
            lib/systemd/system/tutord-classroom.socket lib/systemd/system/tutord-classroom.service \
            share/tutord/dialogues/writing-courses.dialogue share/doc/tutord/classroom.md \
            share/man/man1/tutord.1 share/man/man1/tutord.serve.1 \
            share/bash-completion/completions/tutord share/zsh/site-functions/_tutord \
            share/fish/vendor_completions.d/tutord.fish share/doc/tutord/protocol.md; do
    [ -f "$prefix/$file" ] || { echo "not installed: $file"; exit 1; }
done
grep -q "^ExecStart=$prefix/bin/tutord serve" "$prefix/share/systemd/user/tutord.service" || { echo "ExecStart not filled in"; exit 1; }
if grep -q '@[A-Z]*@' "$prefix/share/systemd/user/"* "$prefix/lib/systemd/system/"*; then echo "placeholders left in the units"; exit 1; fi
grep -q "^ExecStart=$prefix/bin/tutord serve --classroom .*--dialogues $prefix/share/tutord/dialogues" "$prefix/lib/systemd/system/tutord-classroom.service" \
    || { echo "the classroom ExecStart is not filled in"; exit 1; }

# The installed binary finds the installed courses (no ./Dialogues where it runs).
mkdir -p "$work/home"
out=$(cd "$work/home" && printf 'quit\n' | HOME="$work/home" XDG_DATA_HOME= "$prefix/bin/tutord" walk cpython-internals --raw)
case "$out" in *"course: cpython-internals"*) ;; *) echo "installed tutord did not find its course: $out"; exit 1 ;; esac

# The units as installed.
mkdir -p "$work/run" && chmod 700 "$work/run"
units="$prefix/share/systemd/user"
XDG_RUNTIME_DIR="$work/run" systemd-analyze verify --user --man=no "$units/tutord.socket" "$units/tutord.service"
score=$(XDG_RUNTIME_DIR="$work/run" systemd-analyze security --offline=yes --no-pager "$units/tutord.service" | sed -n 's/.*Overall exposure level for tutord.service: \([0-9.]*\).*/\1/p')
echo "   systemd-analyze security: exposure $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s < 2.0) }' || { echo "exposure $score is not below 2.0"; exit 1; }

# The classroom's system units, as installed: they verify, and the service is as hardened.
system="$prefix/lib/systemd/system"
systemd-analyze verify --man=no "$system/tutord-classroom.socket" "$system/tutord-classroom.service"
score=$(systemd-analyze security --offline=yes --no-pager "$system/tutord-classroom.service" | sed -n 's/.*Overall exposure level for tutord-classroom.service: \([0-9.]*\).*/\1/p')
echo "   systemd-analyze security (classroom): exposure $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || { echo "classroom exposure $score is above 2.0"; exit 1; }

make -s -C "$root" uninstall PREFIX="$prefix" >/dev/null
left=$(cd "$prefix" && find . -type f)
[ -z "$left" ] || { echo "left behind after uninstall: $left"; exit 1; }
[ -d "$prefix/keep" ] || { echo "uninstall removed a directory it did not create"; exit 1; }
