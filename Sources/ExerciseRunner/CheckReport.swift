/// What one check said about the learner's code.
public struct CheckReport: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        case passed
        /// The check failed: `details` is what the learner needs to see (the traceback's end,
        /// or where the output differs), trimmed.
        case failed(details: String)
        /// The code met a limit and was stopped.
        case stopped(LimitMet, details: String)
    }

    /// The check's own words for what it tests (shown when it fails).
    public var message: String
    public var verdict: Verdict

    public init(message: String, verdict: Verdict) {
        self.message = message
        self.verdict = verdict
    }

    public var passed: Bool { verdict == .passed }
}

/// Which limit stopped a check, and its size, in the words the learner reads.
public enum LimitMet: Sendable, Equatable, CustomStringConvertible {
    case wallClock(seconds: Int)
    case cpu(seconds: Int)
    case memory(bytes: Int)
    case output(bytes: Int)
    case fileSize(bytes: Int)
    /// Processes and threads: the most it may add to those the learner runs.
    case processes(count: Int)

    public var description: String {
        switch self {
        case .wallClock(let seconds): "did not finish within \(seconds) s (an endless loop, or waiting for something that never comes?)"
        case .cpu(let seconds): "used more than \(seconds) s of CPU time (an endless loop?)"
        case .memory(let bytes): "used more than \(bytes >> 20) MiB of memory"
        case .output(let bytes): "printed more than \(bytes >> 10) KiB (a print in an endless loop?)"
        case .fileSize(let bytes): "wrote a file larger than \(bytes >> 10) KiB"
        case .processes(let count): "tried to start more than \(count) processes or threads"
        }
    }
}
