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
