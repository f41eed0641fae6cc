import LineProtocol

/// Where a request runs, as its command declares it in the command table (MPD's table says
/// what each command needs the same way): no command finds out by trying.
enum Execution: Sendable, Equatable {
    /// On the connection's event loop, at once: the command touches neither the learner's
    /// state nor the store (`ping`, `format`, `learner`, `idle`, ...).
    case connection
    /// On the learner's worker, after the learner's earlier requests, with the conversation
    /// on `course` in memory. When the worker is free and that conversation is in memory (or
    /// there is no store to read it from), it runs on the event loop, a step in microseconds;
    /// otherwise on the learner pool, where the conversation is read from the store first.
    case learner(course: CourseNeeded)
    /// On the learner's worker, always on the learner pool: the command reads the store
    /// (`courses`, `progress`, `export`, `reset`, `leaderboard`, ...) or costs more CPU than
    /// an event loop should spend (`ask` searches the courses).
    case blocking

    /// The conversation a ``learner(course:)`` request works on.
    enum CourseNeeded: Sendable, Equatable {
        /// None (a setting of the learner's, such as `leaderboard hide`).
        case none
        /// The connection's current course.
        case current
        /// The course named by the request's first argument (`start <course>`).
        case firstArgument
    }
}

extension Execution {
    /// The same place in the protocol's terms, which the command's ``RequestKind`` declares.
    var placement: RequestPlacement {
        switch self {
        case .connection: .connection
        case .learner: .learner
        case .blocking: .blocking
        }
    }
}
