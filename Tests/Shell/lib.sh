# Shared by the shell tests (sourced, not run). Needs $TUTORD, $root and $work.

# Starts tutord on $work/tutord.sock with ./Dialogues (or $DIALOGUES) and a private state
# directory, and waits for its "listening" log line (its readiness signal here); sets $pid and $sock. With
# SEARCH_PATH=1 the daemon gets no --dialogues: it uses the usual search path (the learner's
# course directory first), from $root.
start_daemon() {
    sock="$work/tutord.sock"
    [ -p "$work/log" ] || mkfifo "$work/log"
    if [ "${SEARCH_PATH:-}" = 1 ]; then
        (cd "$root" && exec "$TUTORD" --socket "$sock" --state-dir "$work/state" 2>"$work/log") &
    else
        "$TUTORD" --socket "$sock" --dialogues "${DIALOGUES:-$root/Dialogues}" --state-dir "$work/state" 2>"$work/log" &
    fi
    pid=$!
    exec 3<"$work/log"
    while IFS= read -r line <&3; do
        case "$line" in *listening*) break ;; esac
    done
    cat <&3 >/dev/null &  # keep draining the log
}

# The tutor in tmux session `tutor` on server $server: its screen, keys sent to it, and a wait
# for text on it. The screen has no readiness signal: poll it (up to 10 s).
screen() { tmux -L "$server" capture-pane -p -t tutor; }
keys() { tmux -L "$server" send-keys -t tutor "$@"; }
wait_for() {
    tries=0
    until screen | grep -qF -- "$1"; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ]; then echo "never showed: $1"; screen; exit 1; fi
        sleep 0.1
    done
}

# Tests that need root (real users, setpriv) say they were skipped with exit status 77, which
# run-all reports as "skip", never as "ok". CI runs as root, so there they always run.
require_root() {
    [ "$(id -u)" = 0 ] || { echo "skipped: needs root for $1"; exit 77; }
}

# Unix users and groups a test makes for itself, and only those (an account that was there
# before is used, never removed): remove_accounts, called from the test's EXIT trap, deletes them.
created_users=""
created_groups=""
ensure_user() {
    id -u "$1" >/dev/null 2>&1 && return 0
    useradd --system --no-create-home --shell /usr/sbin/nologin "$1"
    created_users="$created_users $1"
}
ensure_group() {
    getent group "$1" >/dev/null && return 0
    groupadd --system "$1"
    created_groups="$created_groups $1"
}
remove_accounts() {
    for user in $created_users; do pkill -KILL -u "$user" 2>/dev/null || true; userdel "$user" 2>/dev/null || true; done
    for group in $created_groups; do groupdel "$group" 2>/dev/null || true; done
}
