import ChatClient
import LineProtocol
import TutorClient

/// `tutor --plain` (and whenever stdin or stdout is not a terminal): lines in, protocol
/// payload lines out, for scripts: `printf '\n\n2\n' | tutor --plain`.
///
/// How it ends is the script's to test (`PlainSession.Outcome`, the exit status): a course
/// that cannot be opened ends the session at once; any other request the daemon refused is
/// remembered, the session goes on, and the status says so at the end.
///
/// At an exercise, `edit`, `check` and `write` are the client's own, as in the chat
/// (PlainExercise.swift): their lines are `file:`, the checks' verdicts and `checks:`.
struct PlainSession {
    let target: DaemonTarget
    let course: String?
    let exerciseBase: String?

    /// How a plain session ended; `tutor`'s exit status (documented in its help and man page).
    enum Outcome: Int32 {
        /// Every request was answered `OK`.
        case answered = 0
        /// The daemon answered `ERR` to a request, or could not open the course asked for.
        case refused = 1
    }

    func run() throws -> Outcome {
        let connection = try target.open(readGreeting: true).connection
        var opener = SessionOpener(course: course)
        var exercise = PlainExercise(base: exerciseBase)
        var refused = false
        if try exchange(opener.opening(), connection, &opener, &exercise) == .refused {
            // Nothing the script sends next can mean what it meant without its course.
            try? connection.send(line: RequestKind.quit.line())
            return .refused
        }
        try exercise.follow(connection)
        while let line = readLine(strippingNewline: true) {
            let typed = line.trimmingCharacters(in: .whitespaces).lowercased()
            if ChatScreen.quitWords.contains(typed) { break }
            if exercise.isOpen, ChatScreen.exerciseCommands.contains(typed) {
                guard let checked = try exercise.perform(typed, connection) else { continue }
                opener.sent(checked)
                if try exchange(checked, connection, &opener, &exercise) == .refused { refused = true }
            } else {
                opener.sent(line)
                if try exchange(line, connection, &opener, &exercise) == .refused { refused = true }
            }
            try exercise.follow(connection)
        }
        try? connection.send(line: RequestKind.quit.line())
        return refused || exercise.failed ? .refused : .answered
    }

    /// Sends `first` (and the opener's follow-ups), prints what is for the learner, and says
    /// whether the daemon refused what was asked.
    private func exchange(_ first: String?, _ connection: LineConnection, _ opener: inout SessionOpener,
                          _ exercise: inout PlainExercise) throws -> Outcome {
        if let first { try connection.send(line: first) }
        let words = first?.split(separator: " ") ?? []
        let switchesLearner = words.count == 2 && RequestKind(rawValue: String(words[0]).lowercased()) == .learner
        var request: String? = nil
        var outcome = Outcome.answered
        repeat {
            if let request { try connection.send(line: request) }
            let reply = try connection.readReply()
            let (followUp, show) = opener.received(reply)
            if show {
                for line in reply.lines { print("\(line.key): \(ReplyEncoder(format: .text).sanitized(line.text))") }
                if case .error(let error) = reply.status {
                    print("error: \(error.code.rawValue) \(error.message)")
                    outcome = .refused
                }
                if switchesLearner, case .ok = reply.status { exercise.forget() }
                for turn in reply.turns { exercise.tracker.take(turn) }
            }
            request = followUp
        } while request != nil
        return outcome
    }
}
