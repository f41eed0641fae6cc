import Dispatch
import Logging
import ProgressStore
import NIOConcurrencyHelpers
import NIOPosix

/// What every connection shares: courses, learners, limits and counters.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let library: CourseLibrary
    let learners: LearnerRegistry
    let logger: Logger
    /// Durable progress; `nil` runs the daemon with progress in memory only.
    let store: (any ProgressStorage)?
    /// Commits progress; `nil` without a store, or with a read-only one (replies then say
    /// `unsaved:`, see ``unsavedReason``).
    let committer: GroupCommitter?
    /// Tells connections in `idle` what other connections changed.
    let changes = ChangeHub()
    /// Failures to save progress, logged as a change of state rather than per request.
    let saveFailures: SaveFailureLog
    /// The limits on what one learner's answers add to the store.
    let writeGate: WriteGate
    /// Where learners' workers run what may block (store reads, `ask`'s search), so no event
    /// loop waits on them. Store reads wait on a disk or a server, not a core: twice the event
    /// loops, at least 4. Started and stopped by ``TutorServer``.
    let learnerPool: NIOThreadPool
    /// Where a new connection's user is looked up (`getpwuid_r`, which may ask LDAP): a pool of
    /// its own, so learners' store reads, however slow, never hold up a connection's greeting.
    let identificationPool: NIOThreadPool
    /// A classroom's boards, read from the store at most once per window however many ask.
    let standings = StandingsCache(window: ServerContext.standingsWindow)
    /// Class-wide reads per Unix user (`nil`: no limit).
    let classReads: RateLimiter<UInt32>?
    /// How long a classroom's board, once read, serves everyone who asks: long enough that a
    /// class asking at once costs one read, short enough that a board is never behind a
    /// person's pace (the asker's own row is always read afresh).
    static let standingsWindow: Double = 5
    private let openConnections = NIOLockedValueBox(0)
    /// Entered by each admitted connection and left when it closes: shutdown waits on it.
    private let connectionsOpen = DispatchGroup()
    /// The last connection number handed out (the debug log tells connections apart by it).
    private let connectionNumbers = NIOLockedValueBox<UInt64>(0)
    /// Open connections per Unix user, counted in classroom mode.
    private let connectionsByUser = NIOLockedValueBox<[UInt32: Int]>([:])

    init(configuration: ServerConfiguration, library: CourseLibrary, learners: LearnerRegistry,
         store: (any ProgressStorage)?, logger: Logger) {
        self.configuration = configuration
        self.library = library
        self.learners = learners
        self.store = store
        self.committer = store.flatMap { $0.isReadOnly ? nil : GroupCommitter(store: $0) }
        self.learnerPool = NIOThreadPool(numberOfThreads: max(4, 2 * configuration.threads))
        self.identificationPool = NIOThreadPool(numberOfThreads: 2)
        self.logger = logger
        self.saveFailures = SaveFailureLog(logger: logger)
        self.writeGate = WriteGate(configuration.writeLimits)
        self.classReads = configuration.classReadsPerMinute > 0
            ? RateLimiter(burst: ServerConfiguration.classReadBurst, interval: 60 / Double(configuration.classReadsPerMinute))
            : nil
    }

    /// Counts a new connection; `false` when the limit is reached (and nothing was counted).
    func admitConnection() -> Bool {
        openConnections.withLockedValue { count in
            guard count < configuration.maxConnections else { return false }
            count += 1
            connectionsOpen.enter()
            return true
        }
    }

    /// A number for a new connection, unique for the daemon's life.
    func nextConnectionNumber() -> UInt64 {
        connectionNumbers.withLockedValue { $0 += 1; return $0 }
    }

    /// Precondition: once per connection ``admitConnection()`` admitted.
    func connectionClosed() {
        openConnections.withLockedValue { $0 -= 1 }
        connectionsOpen.leave()
    }

    /// Blocks until every admitted connection has closed, or `seconds` passed; whether they
    /// all closed. Call off the event loops (shutdown does).
    func waitUntilConnectionsClose(seconds: Double) -> Bool {
        connectionsOpen.wait(timeout: .now() + seconds) == .success
    }

    var connectionCount: Int { openConnections.withLockedValue { $0 } }

    /// Counts an identified connection of `uid` in classroom mode; `false` when that user
    /// already holds `maxConnectionsPerUser` (and nothing was counted).
    func admitUser(_ uid: UInt32) -> Bool {
        guard let limit = configuration.classroom?.maxConnectionsPerUser else { return true }
        return connectionsByUser.withLockedValue { counts in
            guard counts[uid, default: 0] < limit else { return false }
            counts[uid, default: 0] += 1
            return true
        }
    }

    func userConnectionClosed(_ uid: UInt32) {
        guard configuration.classroom != nil else { return }
        connectionsByUser.withLockedValue { counts in
            counts[uid, default: 1] -= 1
            if counts[uid]! <= 0 { counts[uid] = nil }
        }
    }

    /// Why progress is not kept, when the store is read-only: said with every change.
    var unsavedReason: String? {
        guard let store, store.isReadOnly else { return nil }
        return "progress cannot be saved: the database \(store.location) is read-only for tutord; you can go on, but nothing you do now is kept"
    }
}
