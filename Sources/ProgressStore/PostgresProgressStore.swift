import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Tutoring

/// Learners' progress in PostgreSQL, through PostgresNIO: the ``ProgressStorage`` for sites
/// where learners move between machines, which share one database.
///
/// The layout is SQLite's (``PostgresSchema``), except that a learner is known by user name,
/// not uid: uids differ between machines, names are what a site keeps the same. Every change
/// is committed with `synchronous_commit = on` before ``record(_:)`` returns. Calls block on
/// the answer of the server: make them where blocking is allowed (see ``ProgressStorage``).
public final class PostgresProgressStore: ProgressStorage {
    public let location: String
    public var isReadOnly: Bool { false }
    public var readOnlyCause: String? { nil }

    /// The first of the writers' connections (migrations and ``StoreCopy`` write through it).
    var writer: PostgresLink { tables.dialect.writers.links[0] }
    private let group: MultiThreadedEventLoopGroup
    /// The store algorithms, shared with SQLite, over PostgreSQL's dialect.
    let tables: ProgressTables<PostgresDialect>

    /// How many connections reads may use at once (each connects on first use).
    static let readConnections = 4
    /// How many transactions may run at once, each on a connection of its own: while one
    /// batch waits for its commit to reach the server's disk, the group committer sends the
    /// next (``GroupCommitter``). The second connects on first use.
    static let writeConnections = 2
    public var transactionsAtOnce: Int { Self.writeConnections }

    /// Connects to the database at `address` (see ``DatabaseAddress``) and brings its schema
    /// up to date.
    public static func open(_ address: DatabaseAddress.Postgres, logger: Logger = Logger(label: "tutord.postgres")) throws(StoreError) -> PostgresProgressStore {
        let configuration: PostgresConnection.Configuration
        switch address.endpoint {
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: address.user, password: address.password, database: address.database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch address.tls {
                case .disable: tls = .disable
                case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw StoreError(.address, "cannot set up TLS for \(DatabaseAddress.postgres(address)): \(error)")
            }
            configuration = .init(host: host, port: port, username: address.user, password: address.password,
                                  database: address.database, tls: tls)
        }
        return try open(configuration: configuration, location: "\(DatabaseAddress.postgres(address))", logger: logger)
    }

    /// Connects to the database and brings its schema up to date (refusing a database of
    /// another program or of a newer tutord, which it leaves untouched).
    ///
    /// `location` names the database in messages, without credentials.
    public static func open(configuration: PostgresConnection.Configuration, location: String,
                            logger: Logger = Logger(label: "tutord.postgres")) throws(StoreError) -> PostgresProgressStore {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let store = PostgresProgressStore(configuration: configuration, location: location, group: group, logger: logger)
        // On a refusal the store goes out of scope here: its deinit closes the connection
        // first and then the event loop (closing on a loop already shut down never returns).
        try store.writer.transaction { connection throws(StoreError) in try PostgresSchema.migrate(connection, location: location) }
        return store
    }

    private init(configuration: PostgresConnection.Configuration, location: String, group: MultiThreadedEventLoopGroup, logger: Logger) {
        self.location = location
        self.group = group
        let outage = PostgresOutage(logger: logger, location: location)
        func link() -> PostgresLink {
            PostgresLink(configuration: configuration, eventLoop: group.next(), logger: logger, location: location, outage: outage)
        }
        tables = ProgressTables(PostgresDialect(writers: PostgresLinkPool((0..<Self.writeConnections).map { _ in link() }),
                                                readers: PostgresLinkPool((0..<Self.readConnections).map { _ in link() })))
    }

    deinit {
        tables.dialect.writers.close()
        tables.dialect.readers.close()
        try? group.syncShutdownGracefully()
    }

    // MARK: - The contract, through the shared algorithms

    /// Drops the learner's cached row id and study day (see ``ProgressStorage/forget(_:)``).
    public func forget(_ learner: LearnerID) { tables.forget(learner) }

    @discardableResult
    public func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int> { try tables.record(writes).refused }

    /// Skips learners whose learner row another session holds locked (see ``ProgressTables/record(_:skippingHeld:)``).
    public func recordUnlessHeld(_ writes: [ProgressWrite]) throws(StoreError) -> BatchOutcome {
        try tables.record(writes, skippingHeld: true)
    }

    public func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress? {
        try tables.storedProgress(for: learner, course: course)
    }

    public func learners() throws(StoreError) -> [LearnerID] { try tables.learners() }
    public func lastCourse(for learner: LearnerID) throws(StoreError) -> String? { try tables.lastCourse(for: learner) }
    public func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String> { try tables.studyDays(for: learner) }

    public func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer] {
        try tables.answers(for: learner, course: course)
    }

    public func growingRows(for learner: LearnerID) throws(StoreError) -> [String: Int] { try tables.growingRows(for: learner) }

    public func progressExport(_ learner: LearnerID) throws(StoreError) -> ProgressExport { try tables.progressExport(learner) }
    public func exportStream(_ learner: LearnerID, pageBytes: Int) throws(StoreError) -> ExportStream {
        try ExportStream(learner, reader: tables, pageBytes: pageBytes)
    }

    public func learnerTotals(course: String?, since: Date?, uid: UInt32?, today: Date) throws(StoreError) -> [LearnerTotals] {
        try tables.learnerTotals(course: course, since: since, uid: uid, today: today)
    }

    public func missedQuestions(course: String?, limit: Int) throws(StoreError) -> [MissedQuestion] {
        try tables.missedQuestions(course: course, limit: limit)
    }
}
