/// A request that fails: `ERR <code> <message>` on the wire.
public struct ProtocolError: Error, Sendable, Equatable {
    public var code: ErrorCode
    /// One line of English for a person; scripts use ``code``.
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The stable error codes of protocol v1 (docs/protocol.md lists each).
public enum ErrorCode: String, Sendable, CaseIterable {
    /// The line cannot be parsed (unbalanced quotes, control characters).
    case badRequest = "bad-request"
    /// The line is not valid UTF-8 or contains NUL.
    case badEncoding = "bad-encoding"
    /// The line is longer than the daemon's limit; the rest of it was discarded.
    case lineTooLong = "line-too-long"
    /// Wrong number or form of arguments for a command.
    case badArgument = "bad-argument"
    /// `start` names a course the daemon does not have.
    case unknownCourse = "unknown-course"
    /// `checks` or `checked` named an exercise the current course does not have.
    case unknownExercise = "unknown-exercise"
    /// The request needs a course, and none is started on this connection.
    case noCourse = "no-course"
    /// `learner` was given a name that is not allowed.
    case badLearner = "bad-learner"
    /// The daemon is at its connection limit.
    case busy = "busy"
    /// The connection sent no request line in time after connecting, and is closed.
    case timeout = "timeout"
    /// The daemon is shutting down.
    case shuttingDown = "shutting-down"
    /// Progress could not be stored; nothing was acknowledged.
    case storage = "storage"
    /// Outside a conversation, a line whose first word is no command (chat needs a course).
    case unknownCommand = "unknown-command"
    /// `answer <quiz> <text>` named a quiz that is not the open one (another window moved the
    /// conversation on, or answered it): nothing was recorded, and the reply shows the current step.
    case stale = "stale"
    /// Not for this learner: a teacher's command, or `learner` in classroom mode.
    case forbidden = "forbidden"
    /// The learner (or, for class-wide reads, the Unix user) sent more of this kind of request
    /// than the daemon's limit allows in the time; nothing happened, and the message says
    /// when to try again.
    case rateLimited = "rate-limited"
    /// The learner's stored progress is at the daemon's volume limit, so the write was refused
    /// and nothing was recorded.
    case quota = "quota"
    /// A bug: the daemon could not answer.
    case `internal` = "internal"
}
