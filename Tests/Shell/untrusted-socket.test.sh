#!/bin/sh
# Another local user must not be able to stand in for tutord. Two real users: a victim who
# runs `tutor`, and an attacker who plants directories, sockets, symlinks and lock files.
# Needs root (to create the users and act as each with setpriv); skipped otherwise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
. "$(dirname "$0")/lib.sh"
require_root "useradd and setpriv"
trap 'remove_accounts' EXIT
for user in tutord-victim tutord-attacker; do ensure_user "$user"; done
victim=$(id -u tutord-victim)
attacker=$(id -u tutord-attacker)
as() { who=$1; shift; setpriv --reuid "$who" --regid "$who" --clear-groups -- "$@"; }

work=$(mktemp -d /tmp/tutord-attack.XXXXXX)
chmod 755 "$work"
private="/tmp/tutord-$victim"
trap 'pkill -u tutord-attacker 2>/dev/null || true; rm -rf "$work" "$private"; remove_accounts' EXIT

# The attacker's fake daemon (nc): greets like tutord and records whatever it is sent.
mkdir -p "$work/attacker"
chown tutord-attacker "$work/attacker"
start_fake() {  # $1: socket path
    : > "$work/captured"; chown tutord-attacker "$work/captured"
    printf 'OK tutord 1\n' | setpriv --reuid tutord-attacker --regid tutord-attacker --clear-groups -- \
        sh -c 'umask 0; exec nc -lkU "$1" >> "$2"' sh "$1" "$work/captured" &
    tries=0
    until [ -S "$1" ]; do  # nc gives no readiness signal; bounded wait for its socket
        tries=$((tries + 1)); [ $tries -lt 200 ] || { echo "the fake daemon did not start"; exit 1; }
        sleep 0.05
    done
}
stop_fake() { pkill -u tutord-attacker 2>/dev/null || true; wait 2>/dev/null || true; }
victim_tutor() {  # runs tutor as the victim without XDG_RUNTIME_DIR, typing a secret
    # (the timeout ends a tutor that went on talking to the fake daemon, which never answers)
    printf 'my secret answer\n' | as tutord-victim env -u XDG_RUNTIME_DIR HOME="$work" timeout 20 "$bin/tutor" --plain "$@" 2>"$work/err" >"$work/out"
}
expect_refused() {  # $1: what the error must say
    if victim_tutor "$@"; then echo "tutor talked to the attacker's socket: $(cat "$work/out")"; exit 1; fi
    grep -qF "$message" "$work/err" || { echo "unclear refusal, expected '$message':"; cat "$work/err"; exit 1; }
    if [ -s "$work/captured" ]; then echo "the attacker received: $(cat "$work/captured")"; exit 1; fi
}

# 1. /tmp/tutord-<victim> planted by the attacker, open to everyone, with a fake daemon in it.
mkdir -m 0777 "$private"; chown tutord-attacker "$private"; chmod 0777 "$private"
start_fake "$private/tutord.sock"
message="belongs to tutord-attacker (uid $attacker), not to you"
expect_refused --no-start
# ... and autostart does not start a daemon into it either.
expect_refused
stop_fake
rm -rf "$private"

# 2. /tmp/tutord-<victim> as a symlink to the attacker's directory.
start_fake "$work/attacker/tutord.sock"
ln -s "$work/attacker" "$private"
message="is a symlink; refusing to follow it"
expect_refused --no-start
rm -f "$private"

# 3. An explicit --socket the attacker serves: the kernel says who is at the other end.
message="is served by uid $attacker, not by you"
expect_refused --no-start --socket "$work/attacker/tutord.sock"
stop_fake

# 4. A planted start lock that is a symlink: the victim's autostart must not create its target.
shared="$work/shared"; mkdir -m 1777 "$shared"
as tutord-attacker ln -s "$work/attacker/created-by-victim" "$shared/tutord.sock.start.lock"
message="refusing to follow it"
expect_refused --socket "$shared/tutord.sock"
[ ! -e "$work/attacker/created-by-victim" ] || { echo "the victim created the attacker's file"; exit 1; }

# 5. The daemon (here as root) with its lock file planted as a symlink: refused, nothing created.
as tutord-attacker ln -s "$work/attacker/created-by-root" "$shared/root.sock.lock"
if "$TUTORD" --socket "$shared/root.sock" --dialogues "$root/Dialogues" --state-dir "$work/state" 2>"$work/err"; then
    echo "tutord started with a planted lock file"; exit 1
fi
grep -qF "refusing to follow it" "$work/err" || { echo "unclear refusal:"; cat "$work/err"; exit 1; }
[ ! -e "$work/attacker/created-by-root" ] || { echo "tutord created the attacker's file"; exit 1; }
