import NIOCore

/// Everything the server needs to know at start-up.
public struct ServerConfiguration: Sendable {
    /// Where to bind, when the daemon binds its own socket.
    public var socketPath: String
    /// Connections beyond this get `ERR busy` and are closed.
    public var maxConnections: Int
    /// Longest request line in bytes (without its line end).
    public var maxLineBytes: Int
    /// Event loop threads; defaults to the number of cores.
    public var threads: Int
    /// A connection that has not sent a whole request line this long after connecting gets
    /// `ERR timeout` and is closed, so connections that never speak cannot hold the
    /// connection limit; `nil` waits for ever. Every client of ours speaks at once.
    public var firstLineTimeout: TimeAmount?
    /// Where every request reads the time.
    public var clock: TutorClock
    /// Classroom mode: many Unix users, no profiles, teachers' reports (`nil`: one user's daemon).
    public var classroom: Classroom?
    /// What one learner's answers may add to the store (``WriteLimits/classroom`` is a class's default).
    public var writeLimits = WriteLimits.none
    /// systemd started the daemon (socket activation or a notify service), so
    /// `systemctl reload` reaches it; otherwise a command did (a terminal, `tutor`).
    public var startedBySystemd = false
    /// How many class-wide reads (`leaderboard`, `report`) one Unix user may make a minute,
    /// after a first ``classReadBurst`` at once (`ERR rate-limited` beyond); 0: no limit.
    public var classReadsPerMinute = 30
    /// The class-wide reads one Unix user may make at once before ``classReadsPerMinute``
    /// applies: more than a person asks for in a row.
    public static let classReadBurst = 10

    public init(socketPath: String, maxConnections: Int = 1024,
                maxLineBytes: Int = 4096, threads: Int = System.coreCount,
                firstLineTimeout: TimeAmount? = .seconds(60), clock: TutorClock = .system, classroom: Classroom? = nil) {
        self.clock = clock
        self.classroom = classroom
        self.socketPath = socketPath
        self.maxConnections = maxConnections
        self.maxLineBytes = maxLineBytes
        self.threads = threads
        self.firstLineTimeout = firstLineTimeout
    }
}
