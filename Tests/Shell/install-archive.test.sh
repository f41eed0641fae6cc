#!/bin/sh
# install-course from a folder and from a tarball of a course's folder (no daemon: --socket
# names none). A tarball with an entry named by an absolute path or `..`, or with a link out
# of its folder, is refused and writes nothing; a file in a tarball that does not check is
# named by the tarball and its place in it. remove-course removes a course whose installed
# file no longer parses.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"
export TMPDIR="$work/tmp"  # where tarballs are unpacked: nothing may be left there
mkdir "$TMPDIR"
installed="$XDG_DATA_HOME/tutord/dialogues"
fail() { echo "$1"; [ -f "$work/out" ] && cat "$work/out"; exit 1; }
install() { "$TUTORD" install-course "$@" --socket "$work/none.sock" >"$work/out" 2>&1; }

# A folder: each of its courses.
mkdir "$work/folder"
"$TUTORD" new alpha -o "$work/folder/alpha.dialogue" >/dev/null
"$TUTORD" new beta -o "$work/folder/beta.dialogue" >/dev/null
install "$work/folder" || fail "installing a folder failed"
grep -qF "installed \`alpha\`" "$work/out" && grep -qF "installed \`beta\`" "$work/out" || fail "the folder's courses were not both installed"
cmp -s "$work/folder/alpha.dialogue" "$installed/alpha.dialogue" || fail "alpha is not installed as it was"

# A tarball of a course's folder (.tar.gz and .tgz).
mkdir -p "$work/pkg/gamma"
"$TUTORD" new gamma -o "$work/pkg/gamma/gamma.dialogue" >/dev/null
tar -czf "$work/gamma.tar.gz" -C "$work/pkg" gamma
install "$work/gamma.tar.gz" || fail "installing a tarball failed"
grep -qF "installed \`gamma\`" "$work/out" || fail "the tarball's course was not installed"
cmp -s "$work/pkg/gamma/gamma.dialogue" "$installed/gamma.dialogue" || fail "gamma is not installed as it was"
[ -n "$(ls "$TMPDIR")" ] && fail "the unpacked tarball was left behind"
"$TUTORD" new delta -o "$work/pkg/gamma/delta.dialogue" >/dev/null
tar -czf "$work/gamma.tgz" -C "$work/pkg" gamma
install "$work/gamma.tgz" || fail "installing a .tgz failed"
grep -qF "installed \`delta\`" "$work/out" || fail "the .tgz's new course was not installed"

# A file in a tarball that does not check is named by the tarball and its place in it.
printf 'course broken\ntitle: Broken\n' >"$work/pkg/gamma/broken.dialogue"
tar -czf "$work/broken.tar.gz" -C "$work/pkg" gamma
if install "$work/broken.tar.gz"; then fail "a tarball with a broken course succeeded"; fi
grep -q "^$work/broken.tar.gz:gamma/broken.dialogue:[0-9]*:[0-9]*: error: " "$work/out" || fail "the broken file is not named by the tarball"
rm "$work/pkg/gamma/broken.dialogue"

# Entries that would land outside the folder: refused, nothing written.
mkdir -p "$work/deep/inside"
"$TUTORD" new evil -o "$work/deep/evil.dialogue" >/dev/null
(cd "$work/deep/inside" && tar -czPf "$work/dotdot.tar.gz" ../evil.dialogue)
tar -tzf "$work/dotdot.tar.gz" 2>/dev/null | grep -qF "../evil.dialogue" || fail "the test tarball lost its .. entry"
if install "$work/dotdot.tar.gz"; then fail "a tarball with a .. entry was installed"; fi
grep -qF "its entry ../evil.dialogue would be written outside the course's folder" "$work/out" || fail "no reason for refusing the .. entry"
tar -czPf "$work/absolute.tar.gz" "$work/deep/evil.dialogue"
if install "$work/absolute.tar.gz"; then fail "a tarball with an absolute entry was installed"; fi
grep -qF "its entry $work/deep/evil.dialogue would be written outside" "$work/out" || fail "no reason for refusing the absolute entry"
mkdir -p "$work/linked/gamma"
cp "$work/pkg/gamma/gamma.dialogue" "$work/linked/gamma/"
ln -s "$work/deep/evil.dialogue" "$work/linked/gamma/evil.dialogue"
ln -s ../../deep "$work/linked/gamma/up"
tar -czf "$work/link.tar.gz" -C "$work/linked" gamma
if install "$work/link.tar.gz"; then fail "a tarball with a link out of its folder was installed"; fi
grep -qF "leads outside the course's folder" "$work/out" || fail "no reason for refusing the link"
[ ! -e "$installed/evil.dialogue" ] || fail "a refused tarball installed a course"
[ -n "$(ls "$TMPDIR")" ] && fail "a refused tarball was left unpacked"

# remove-course of an installed course whose file no longer parses.
printf 'lesson\n' >>"$installed/alpha.dialogue"
"$TUTORD" remove-course alpha --socket "$work/none.sock" >"$work/out" 2>&1 || fail "the broken course was not removed"
grep -qF "no longer parsed" "$work/out" || fail "remove-course did not say the file no longer parsed"
[ ! -e "$installed/alpha.dialogue" ] || fail "the broken file is still there"
echo "install from folders and tarballs ok"
