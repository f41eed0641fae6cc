/// Where the daemon runs a request of a command, as far as a client can tell: whether it waits
/// for the learner's earlier requests, and whether it may wait for the store. The daemon's own
/// `Execution` says more (which conversation it needs); each command's agrees with this.
public enum RequestPlacement: Sendable, Equatable {
    /// At once, on the connection: it touches neither the learner nor the store, so it never
    /// waits (`ping`, `format`, `learner`, `idle`).
    case connection
    /// After the learner's earlier requests, on a conversation: it waits for the store only to
    /// load a conversation that is not in memory (`start`, `hint`, `answer`).
    case learner
    /// After the learner's earlier requests, reading the store or searching: it may block
    /// (`courses`, `progress`, `export`).
    case blocking
    /// ``learner`` or ``blocking``, by its arguments (`review` alone or `review all`).
    case learnerOrBlocking

    /// Whether a request declared as `self` may run as `actual`.
    public func admits(_ actual: RequestPlacement) -> Bool {
        switch self {
        case .learnerOrBlocking: actual == .learner || actual == .blocking
        case .connection, .learner, .blocking: actual == self
        }
    }
}
