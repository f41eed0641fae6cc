#!/bin/sh
# The database a daemon writes is its own: in a state directory another user could write, a
# root daemon must not use a database, -wal or -shm that user planted (their file would hold
# everyone's progress where they can read it) nor follow their symlink (SQLite would create
# the database and its -wal and -shm where it points). Refused at start, with a message naming
# the file, its owner and mode; nothing is created or changed. Real users: root runs the
# daemon, another user plants. Needs root (useradd, setpriv); skipped otherwise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
require_root "useradd and setpriv"
trap 'remove_accounts' EXIT
ensure_user tutord-planter
planter=$(id -u tutord-planter)
work=$(mktemp -d /tmp/tutord-planted.XXXXXX)
chmod 755 "$work"
state="$work/state"
trap 'rm -rf "$work"; remove_accounts' EXIT
as_planter() { setpriv --reuid tutord-planter --regid tutord-planter --clear-groups -- "$@"; }
mkdir -m 755 "$work/planter"; chown tutord-planter "$work/planter"
target="$work/planter/target"

# The daemon, as root, on $state; it must refuse to start (a daemon that did start exits
# once idle for a second, so a failing test ends).
refused() {  # $1: what the error must say; $2: the case
    if timeout 60 "$TUTORD" --socket "$work/tutord.sock" --dialogues "$root/Dialogues" --state-dir "$state" \
        --exit-when-idle 1 </dev/null 2>"$work/err"; then
        echo "tutord used the planted files ($2):"; cat "$work/err"; exit 1
    fi
    grep -qF -- "$1" "$work/err" || { echo "unclear refusal ($2), expected '$1':"; cat "$work/err"; exit 1; }
    if grep -qF "kept private" "$work/err"; then echo "it said the files are kept private ($2):"; cat "$work/err"; exit 1; fi
    for made in "$target" "$target-wal" "$target-shm"; do
        [ ! -e "$made" ] || { echo "tutord created $made through the planted link ($2)"; exit 1; }
    done
}
fresh_state() {  # a state directory anyone may write (sticky, as /tmp), as a careless set-up leaves it
    rm -rf "$state"; mkdir "$state"; chmod 1777 "$state"
}

# 1. The open directory itself is refused, whatever is in it.
fresh_state
as_planter ln -s "$target" "$state/tutord.sqlite"
refused "the state directory $state is writable by other users (owner root (uid 0), mode 1777)" "an open directory"

# 2. The directory closed afterwards (root's, 700), the planted files still there.
as_planter ln -sf "$target" "$state/tutord.sqlite"
chmod 700 "$state"
refused "the database $state/tutord.sqlite is a symlink; refusing to follow it" "a symlinked database"

fresh_state
as_planter sh -c 'umask 022; : > "$1"' sh "$state/tutord.sqlite"  # an empty file is an empty database
chmod 700 "$state"
refused "the database $state/tutord.sqlite belongs to tutord-planter (uid $planter), mode 644, not to tutord, which runs as root (uid 0)" \
    "the planter's database"
[ ! -s "$state/tutord.sqlite" ] || { echo "tutord wrote into the planter's database"; exit 1; }

# 3. The database is the daemon's own; its -wal or -shm was planted.
rm -rf "$state"; mkdir -m 700 "$state"
(umask 077; : > "$state/tutord.sqlite")
for companion in -wal -shm; do
    rm -f "$state/tutord.sqlite-wal" "$state/tutord.sqlite-shm"
    chmod 1777 "$state"
    as_planter sh -c 'umask 0; : > "$1"' sh "$state/tutord.sqlite$companion"
    chmod 700 "$state"
    refused "$state/tutord.sqlite$companion belongs to tutord-planter (uid $planter), mode 666" "a planted $companion"
    rm -f "$state/tutord.sqlite$companion"
    chmod 1777 "$state"
    as_planter ln -s "$target" "$state/tutord.sqlite$companion"
    chmod 700 "$state"
    refused "$state/tutord.sqlite$companion is a symlink; refusing to follow it" "a symlinked $companion"
done
exit 0
