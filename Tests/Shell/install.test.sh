#!/bin/sh
# `make install` into a temporary PREFIX installs everything, the man pages render with
# every section and option and the installed paths, the units pass `systemd-analyze verify`
# (with their man page found through PATH, as for any PREFIX whose bin is on it) and
# `security`, the installed tutord finds its courses, and `make uninstall` removes every file
# it installed.
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
            share/man/man1/tutord.1 \
            share/bash-completion/completions/tutord share/zsh/site-functions/_tutord \
            share/fish/vendor_completions.d/tutord.fish share/doc/tutord/protocol.md; do
    [ -f "$prefix/$file" ] || { echo "not installed: $file"; exit 1; }
done
grep -q "^ExecStart=$prefix/bin/tutord serve" "$prefix/share/systemd/user/tutord.service" || { echo "ExecStart not filled in"; exit 1; }
if grep -q '@[A-Z]*@' "$prefix/share/systemd/user/"* "$prefix/lib/systemd/system/"*; then echo "placeholders left in the units"; exit 1; fi
grep -q "^ExecStart=$prefix/bin/tutord serve --classroom .*--dialogues $prefix/share/tutord/dialogues" "$prefix/lib/systemd/system/tutord-classroom.service" \
    || { echo "the classroom ExecStart is not filled in"; exit 1; }
# Both units take options of the site's own (--database) from an optional environment file.
for unit in "$prefix/share/systemd/user/tutord.service" "$prefix/lib/systemd/system/tutord-classroom.service"; do
    grep -q '^EnvironmentFile=-%E/tutord/environment$' "$unit" && grep -q '^ExecStart=.* \$TUTORD_OPTIONS$' "$unit" \
        || { echo "$unit does not take TUTORD_OPTIONS from %E/tutord/environment"; exit 1; }
done

# The man pages, as man renders them: the sections an operator looks for, every option each
# tool's --help lists (and none it does not), the installed paths, and the arrow keys.
render() { LANG=C.UTF-8 MANWIDTH=200 man --warnings -l "$prefix/share/man/man1/$1.1" 2>"$work/man-warnings"; }
for page in tutord tutor; do
    render $page >"$work/$page.txt"
    [ ! -s "$work/man-warnings" ] || { echo "man warns about $page.1:"; cat "$work/man-warnings"; exit 1; }
    for section in NAME SYNOPSIS DESCRIPTION FILES ENVIRONMENT SIGNALS "EXIT STATUS" "SEE ALSO"; do
        grep -q "^$section\$" "$work/$page.txt" || { echo "$page.1 has no $section section"; exit 1; }
    done
    if grep -q '@[A-Z]*@\|docs/' "$prefix/share/man/man1/$page.1"; then echo "$page.1 refers to a checkout or a placeholder"; exit 1; fi
    grep -q "$prefix/share/doc/tutord/protocol.md" "$work/$page.txt" || { echo "$page.1 does not name the installed protocol.md"; exit 1; }
    # Options: the ones --help gives (for tutord, every command's) against the page's.
    if [ $page = tutord ]; then
        helps=$(for c in serve check walk new export report migrate-store "import nerdsip" install-course remove-course "exercise check" "exercise starter"; do "$prefix/bin/tutord" help $c; done)
    else
        helps=$("$prefix/bin/tutor" --help)
    fi
    printf '%s\n' "$helps" | grep -o -- '--[a-z][a-z-]*' | sort -u >"$work/options.help"
    sed '/^EXAMPLES$/,$d' "$work/$page.txt" | grep -o -- '--[a-z][a-z-]*' | sort -u >"$work/options.page"  # not the examples' other commands
    if ! diff "$work/options.help" "$work/options.page" >"$work/options.diff"; then
        echo "$page.1 and --help disagree about the options (< only in --help, > only in the page):"; cat "$work/options.diff"; exit 1
    fi
done
grep -q "install-course" "$work/tutord.txt" && grep -q "remove-course" "$work/tutord.txt" || { echo "tutord.1 misses a command"; exit 1; }
grep -q "↑ ↓" "$work/tutor.txt" || { echo "the arrow keys did not survive into tutor.1"; exit 1; }
grep -q "$prefix/share/tutord/dialogues" "$work/tutord.txt" || { echo "tutord.1 does not name the installed courses"; exit 1; }

# The installed binary finds the installed courses (no ./Dialogues where it runs).
mkdir -p "$work/home"
out=$(cd "$work/home" && printf 'quit\n' | HOME="$work/home" XDG_DATA_HOME= "$prefix/bin/tutord" walk cpython-internals --raw)
case "$out" in *"course: cpython-internals"*) ;; *) echo "installed tutord did not find its course: $out"; exit 1 ;; esac

# The units as installed.
mkdir -p "$work/run" && chmod 700 "$work/run"
units="$prefix/share/systemd/user"
# Documentation=man:tutord(1) is looked up with man, which searches PREFIX/share/man when
# PREFIX/bin is on PATH (no MANPATH needed; tutord.1 says what to do otherwise).
PATH="$prefix/bin:$PATH" MANPATH= XDG_RUNTIME_DIR="$work/run" systemd-analyze verify --user "$units/tutord.socket" "$units/tutord.service"
score=$(XDG_RUNTIME_DIR="$work/run" systemd-analyze security --offline=yes --no-pager "$units/tutord.service" | sed -n 's/.*Overall exposure level for tutord.service: \([0-9.]*\).*/\1/p')
echo "   systemd-analyze security: exposure $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s < 2.0) }' || { echo "exposure $score is not below 2.0"; exit 1; }

# The classroom's system units, as installed: they verify, and the service is as hardened.
system="$prefix/lib/systemd/system"
PATH="$prefix/bin:$PATH" MANPATH= systemd-analyze verify "$system/tutord-classroom.socket" "$system/tutord-classroom.service"
score=$(systemd-analyze security --offline=yes --no-pager "$system/tutord-classroom.service" | sed -n 's/.*Overall exposure level for tutord-classroom.service: \([0-9.]*\).*/\1/p')
echo "   systemd-analyze security (classroom): exposure $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || { echo "classroom exposure $score is above 2.0"; exit 1; }

make -s -C "$root" uninstall PREFIX="$prefix" >/dev/null
left=$(cd "$prefix" && find . -type f)
[ -z "$left" ] || { echo "left behind after uninstall: $left"; exit 1; }
[ -d "$prefix/keep" ] || { echo "uninstall removed a directory it did not create"; exit 1; }
