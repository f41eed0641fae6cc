#!/bin/sh
# `tutor` and a classroom daemon that runs as its own system account, as the system units run
# it: a student's tutor talks to it because of where its socket lives and who owns that, and
# refuses the same daemon once its socket's directory is a login account's or open to others.
# Real users: the service account (useradd --system), a student and a teacher (login accounts,
# from UID_MIN up). Needs root (useradd, setpriv); skipped otherwise.
#
# The socket is in a folder under /run, as the units' /run/tutord: /run is root's and mode
# 0755, and so is / above it. /tmp and /var/tmp are world-writable (1777), so a socket under
# them is never trusted; the test makes sure of that too.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(dirname "$TUTORD")
. "$(dirname "$0")/lib.sh"
require_root "useradd, groupadd and setpriv"
trap 'remove_accounts' EXIT
ensure_login_user() {  # a login account (uid from UID_MIN up), removed afterwards
    id -u "$1" >/dev/null 2>&1 && return 0
    useradd --no-create-home --shell /usr/sbin/nologin "$1"
    created_users="$created_users $1"
}
class=tdsysclass
ensure_group "$class"
ensure_user tutord-service
ensure_login_user tutord-student
ensure_login_user tutord-teacher
usermod -a -G "$class" tutord-service  # to give its socket to the class's group
usermod -a -G "$class" tutord-student
[ "$(id -u tutord-student)" -ge 1000 ] || { echo "tutord-student is not a login account"; exit 1; }

[ "$(stat -c '%u %a' /run)" = "0 755" ] || { echo "skipped: /run is not root's with mode 755"; exit 77; }
base=$(mktemp -d -p /run tutord-system.XXXXXX)
chmod 755 "$base"
mkdir -m 755 "$base/tutord" "$base/state"; chmod 700 "$base/state"
chown tutord-service "$base/tutord" "$base/state"
sock="$base/tutord/tutord.sock"
other=$(mktemp -d /tmp/tutord-system.XXXXXX)
trap 'kill "$pid" "$tmppid" 2>/dev/null || true; rm -rf "$base" "$other"; remove_accounts' EXIT
pid=""; tmppid=""

start_service() {  # $1: socket; $2: state directory; sets $started to the daemon's pid
    rm -f "$2.log"; mkfifo "$2.log"
    setpriv --reuid tutord-service --regid tutord-service --init-groups -- \
        "$TUTORD" --classroom --socket "$1" --socket-group "$class" \
        --dialogues "$root/Dialogues" --state-dir "$2" 2>"$2.log" &
    started=$!
    exec 3<"$2.log"
    while IFS= read -r line <&3; do
        case "$line" in *listening*) break ;; esac
    done
    cat <&3 >/dev/null &
}
start_service "$sock" "$base/state"; pid=$started
[ "$(stat -c %U "$sock")" = tutord-service ] || { stat "$sock"; echo "the socket is not the service account's"; exit 1; }

student_tutor() {  # $1: socket; runs tutor --plain as the student, output in $other/out
    printf 'whoami\n' | setpriv --reuid tutord-student --regid tutord-student --init-groups -- \
        env -u XDG_RUNTIME_DIR HOME=/nonexistent timeout 20 "$bin/tutor" --plain --no-start --socket "$1" >"$other/out" 2>&1
}
greeted() {  # $1: socket
    student_tutor "$1" || { echo "the student's tutor was refused by the service's daemon on $1:"; cat "$other/out"; exit 1; }
    grep -qF "tutord-student" "$other/out" || { echo "the student was not greeted as themselves:"; cat "$other/out"; exit 1; }
}
refused() {  # $1: socket; $2: what the refusal must say
    if student_tutor "$1"; then echo "the student's tutor trusted $1 ($3):"; cat "$other/out"; exit 1; fi
    grep -qF -- "$2" "$other/out" || { echo "unclear refusal ($3), expected '$2':"; cat "$other/out"; exit 1; }
    grep -qF "is served by uid $(id -u tutord-service), not by you; refusing to talk to it" "$other/out" \
        || { echo "the refusal does not name the server:"; cat "$other/out"; exit 1; }
}

# A system socket: the service's, in its own folder (0755) in a root-owned folder.
greeted "$sock"
# ... and in a root-owned folder (as systemd makes /run/tutord), the socket still the service's.
chown root "$base/tutord"
greeted "$sock"
chown tutord-service "$base/tutord"

# Its folder belongs to a login account (who could have made it and put any socket there).
chown tutord-teacher "$base/tutord"
refused "$sock" "its directory $base/tutord belongs to tutord-teacher" "a login account's folder"
chown tutord-service "$base/tutord"
# Its folder, or a folder above it, others may write.
for mode in 775 757 1777; do
    chmod "$mode" "$base/tutord"
    refused "$sock" "its directory $base/tutord is writable by others (mode $mode)" "its folder with mode $mode"
done
chmod 755 "$base/tutord"
chmod 777 "$base"
refused "$sock" "$base, above it, is writable by others (mode 777)" "a folder above it with mode 777"
chmod 755 "$base"
# A symlink to the folder is not the folder.
ln -s "$base/tutord" "$base/link"
refused "$base/link/tutord.sock" "its directory $base/link is a symlink" "a symlinked folder"
greeted "$sock"

# The same daemon with its socket in a folder of its own under /tmp, which anyone may write.
mkdir -m 755 "$other/run" "$other/state"; chown tutord-service "$other/run" "$other/state"; chmod 755 "$other"
start_service "$other/run/tutord.sock" "$other/state"; tmppid=$started
refused "$other/run/tutord.sock" "/tmp, above it, is writable by others (mode 1777)" "a folder under /tmp"
exit 0
