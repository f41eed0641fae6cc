# Shared by the shell tests (sourced, not run). Needs $TUTORD, $root and $work.

# Starts tutord on $work/tutord.sock with ./Dialogues and a private state directory, and waits
# for its "listening" log line (its readiness signal here); sets $pid and $sock. With
# SEARCH_PATH=1 the daemon gets no --dialogues: it uses the usual search path (the learner's
# course directory first), from $root.
start_daemon() {
    sock="$work/tutord.sock"
    [ -p "$work/log" ] || mkfifo "$work/log"
    if [ "${SEARCH_PATH:-}" = 1 ]; then
        (cd "$root" && exec "$TUTORD" --socket "$sock" --state-dir "$work/state" 2>"$work/log") &
    else
        "$TUTORD" --socket "$sock" --dialogues "$root/Dialogues" --state-dir "$work/state" 2>"$work/log" &
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
