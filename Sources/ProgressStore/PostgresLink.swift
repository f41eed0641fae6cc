import Foundation
import Logging
import NIOCore
import PostgresNIO
import NIOConcurrencyHelpers
import Synchronization

/// One connection to PostgreSQL, used by one caller at a time, made on first use and made
/// again after it broke: the store's blocking calls over PostgresNIO's futures.
///
/// A call waits for the server's answer (`EventLoopFuture.wait()`), so it must not run on an
/// event loop; the store's callers never do (see ``ProgressStorage``). Every failure comes out
/// as a ``StoreError`` naming the database, never its credentials.
final class PostgresLink: Sendable {
    /// A connection lent to one call.
    ///
    /// Statements whose rows nobody reads (``run(_:)``) are sent without waiting for their
    /// answer: the connection runs them in order, and the caller's thread waits only where it
    /// needs a result (``fetch(_:)``) or at the end of the call (``finish()``), where the
    /// first failure among them is thrown. A write of several statements then costs the
    /// committing thread one wake-up instead of one per statement.
    final class Connection {
        let connection: PostgresConnection
        let logger: Logger
        let location: String
        /// Statements sent and not yet waited for, oldest first.
        private var pending: [EventLoopFuture<PostgresQueryResult>] = []
        /// How many statements were sent (for ``PostgresLink/statementsSent``).
        private(set) var sent = 0

        init(connection: PostgresConnection, logger: Logger, location: String) {
            self.connection = connection
            self.logger = logger
            self.location = location
        }

        /// Sends a statement that returns no rows; its failure is thrown by the next
        /// ``fetch(_:)`` or ``finish()``.
        func run(_ query: PostgresQuery) {
            pending.append(send(query))
        }

        /// Runs a query and collects its rows, after every statement sent before it.
        func fetch(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] {
            Array(try result(query))
        }

        /// Runs a statement, after every statement sent before it, and returns how many rows
        /// it inserted, updated or deleted.
        func changes(_ query: PostgresQuery) throws(StoreError) -> Int {
            try result(query).metadata.rows ?? 0
        }

        private func result(_ query: PostgresQuery) throws(StoreError) -> PostgresQueryResult {
            let future = send(query)
            try finish()
            do {
                return try bounded(future).wait()
            } catch {
                throw PostgresLink.storeError(error, location)
            }
        }

        /// Waits for every statement sent; throws the first one's failure.
        func finish() throws(StoreError) {
            let sent = pending
            pending = []
            var failure: StoreError?
            for future in sent {
                do {
                    _ = try bounded(future).wait()
                } catch {
                    if failure == nil { failure = PostgresLink.storeError(error, location) }
                }
            }
            if let failure { throw failure }
        }

        /// The query sent, or failed at once on a connection that is gone: PostgresNIO may
        /// never answer a query given to a connection that closed under it (a tutord stopping
        /// after its database restarted waited for such a ROLLBACK for ever).
        private func send(_ query: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
            guard !connection.isClosed else {
                return connection.eventLoop.makeFailedFuture(PostgresLink.ConnectionGone())
            }
            sent += 1
            return connection.query(query, logger: logger)
        }

        /// `future`, failed within a second of the connection closing, and failed with the
        /// connection closed if the server has not answered within
        /// ``PostgresLink/answerTimeout``: a caller never waits for ever, and the next call
        /// connects again.
        ///
        /// The close is watched as well as the clock because ``send(_:)`` checks `isClosed`
        /// before it sends, and a connection can close between that check and the query
        /// reaching PostgresNIO, which then may never answer it: the caller would wait the
        /// whole timeout for a server that restarted. (A learner's step waited more than 10 s,
        /// once, in the outage test under load.) One timer per statement, which fires only
        /// for a statement still unanswered after a second; a result that arrived first stands,
        /// as a promise keeps its first completion.
        private func bounded(_ future: EventLoopFuture<PostgresQueryResult>) -> EventLoopFuture<PostgresQueryResult> {
            let answered = future.eventLoop.makePromise(of: PostgresQueryResult.self)
            let connection = self.connection
            let giveUpAt = NIODeadline.now() + PostgresLink.answerTimeout
            let watch = future.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { task in
                if connection.isClosed {
                    answered.fail(PostgresLink.ConnectionGone())
                    task.cancel()
                } else if NIODeadline.now() >= giveUpAt {
                    answered.fail(PostgresLink.ConnectionGone())
                    let _: EventLoopFuture<Void> = connection.close()
                    task.cancel()
                }
            }
            future.whenComplete { _ in watch.cancel() }
            future.cascade(to: answered)
            return answered.futureResult
        }
    }

    /// How long a statement may go unanswered before its connection is given up (a server
    /// that is alive answers a commit in milliseconds, or waits on a lock for seconds).
    static let answerTimeout = TimeAmount.seconds(60)

    /// The connection closed (or stopped answering) before the server answered.
    struct ConnectionGone: Error, CustomStringConvertible {
        var description: String { "the connection to the server is closed" }
    }

    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop
    /// The daemon's log, for the outage and the recovery (each said once).
    private let logger: Logger
    /// PostgresNIO's own log, kept quiet: the outage is told once, here, not per request.
    private let driverLogger: Logger
    private let location: String
    /// Held for the length of a call: one caller at a time on the connection.
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)
    /// Whether the server is away, shared by the store's links: told once, retried with a wait.
    private let outage: PostgresOutage
    /// Statements sent on this link so far (for the tests of how many a batch takes).
    let statementsSent = Atomic<Int>(0)

    init(configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger, location: String,
         outage: PostgresOutage) {
        self.configuration = configuration
        self.outage = outage
        self.eventLoop = eventLoop
        self.logger = logger
        var driverLogger = Logger(label: "tutord.postgres")
        driverLogger.logLevel = .critical
        self.driverLogger = driverLogger
        self.location = location
    }

    /// Runs `body` with the connection, connecting first if there is none. A connection that
    /// broke is dropped, so a later call connects again: at once for the first try, then with
    /// a growing wait while the server stays away. A call that finds the server away fails
    /// with an ``StoreError/Kind/unavailable`` error.
    func with<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let outcome: Result<T, StoreError> = connection.withLockedValue { current in
            do throws(StoreError) {
                let open = try connected(&current)
                do throws(StoreError) {
                    let lent = Connection(connection: open, logger: driverLogger, location: location)
                    defer { statementsSent.add(lent.sent, ordering: .relaxed) }
                    do throws(StoreError) {
                        let value = try body(lent)
                        try lent.finish()
                        return .success(value)
                    } catch {
                        try? lent.finish()  // nothing sent may still run when the connection is lent again
                        throw error
                    }
                } catch {
                    if open.isClosed {
                        current = nil
                        logger.warning("the connection to PostgreSQL broke; connecting again", metadata: [
                            "database": "\(location)", "error": "\(error.description)",
                        ])
                        throw StoreError(.unavailable, "the progress database \(location) cannot be reached (\(error.description))")
                    }
                    throw error
                }
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The open connection, made now if there is none (and the store's wait after a failed try
    /// is over).
    private func connected(_ current: inout PostgresConnection?) throws(StoreError) -> PostgresConnection {
        if let open = current, !open.isClosed { return open }
        current = nil
        try outage.checkWait()
        do {
            let open = try PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: driverLogger).wait()
            // The durability contract: a commit returns once it is on the server's disk,
            // whatever the server's default.
            _ = try open.query("SET synchronous_commit TO on", logger: driverLogger).wait()
            current = open
            outage.ended()
            return open
        } catch {
            let failure = Self.storeError(error, location)
            guard failure.kind == .io else { throw failure }
            throw outage.began(StoreError(.unavailable, "the progress database \(location) cannot be reached (\(failure.description))"))
        }
    }

    /// Runs `body` in a transaction: committed (and, with `synchronous_commit = on`, on the
    /// server's disk) when it returns, rolled back when it throws.
    func transaction<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try with { connection throws(StoreError) in
            connection.run("BEGIN")
            do throws(StoreError) {
                let value = try body(connection)
                // COMMIT goes right behind the statements sent, without waiting for their
                // answers first (a round trip less per transaction). PostgreSQL answers a
                // COMMIT of a transaction in which a statement failed by rolling it back,
                // without an error; the statement's own failure, answered before it, is what
                // ``finish()`` throws, so a transaction with a failure is never reported as
                // committed.
                connection.run("COMMIT")
                try connection.finish()
                return value
            } catch {
                // On a connection that is gone the server has rolled the transaction back.
                if !connection.connection.isClosed { _ = try? connection.fetch("ROLLBACK") }
                throw error
            }
        }
    }

    func close() {
        connection.withLockedValue { current in
            try? current?.close().wait()
            current = nil
        }
    }

    /// Decodes a row's columns, as a ``StoreError`` when they are not what the schema says.
    static func decode<Column: PostgresDecodable>(_ row: PostgresRow, _ column: Column.Type) throws(StoreError) -> Column {
        do {
            return try row.decode(column)
        } catch {
            throw StoreError(.io, "cannot read progress: unexpected row: \(String(reflecting: error))")
        }
    }

    /// Decodes a row's columns, as a ``StoreError`` when they are not what the schema says.
    static func decode<each Column: PostgresDecodable>(_ row: PostgresRow, _ columns: (repeat each Column).Type) throws(StoreError) -> (repeat each Column) {
        do {
            return try row.decode(columns, context: .default)
        } catch {
            throw StoreError(.io, "cannot read progress: unexpected row: \(String(reflecting: error))")
        }
    }

    /// What went wrong, in words: PostgreSQL's own message where there is one.
    static func storeError(_ error: any Error, _ location: String) -> StoreError {
        if let error = error as? PSQLError {
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            return StoreError(.io, "PostgreSQL at \(location): \(message)")
        }
        return StoreError(.io, "PostgreSQL at \(location): \(error)")
    }
}

/// Whether a store's PostgreSQL server is away: said once in the log when it goes and once when
/// it is back, and tried again with a growing wait (a quarter second, doubling to 10 s) so a
/// stream of requests does not hammer a server that is restarting.
final class PostgresOutage: Sendable {
    private let logger: Logger
    private let location: String
    private let state = NIOLockedValueBox<(retryAt: NIODeadline, delay: TimeAmount, error: StoreError)?>(nil)

    init(logger: Logger, location: String) {
        self.logger = logger
        self.location = location
    }

    /// Throws the outage's error while its wait is not over.
    func checkWait() throws(StoreError) {
        if let error = state.withLockedValue({ outage in outage.flatMap { NIODeadline.now() < $0.retryAt ? $0.error : nil } }) {
            throw error
        }
    }

    /// A try to connect failed: the error to give the caller.
    func began(_ error: StoreError) -> StoreError {
        let first = state.withLockedValue { outage in
            let delay = outage.map { min($0.delay * 2, .seconds(10)) } ?? .milliseconds(250)
            defer { outage = (NIODeadline.now() + delay, delay, error) }
            return outage == nil
        }
        if first {
            logger.error("PostgreSQL cannot be reached; replies that save progress get ERR storage until it is back (retrying)",
                         metadata: ["database": "\(location)", "error": "\(error.description)"])
        }
        return error
    }

    /// A connection was made.
    func ended() {
        let wasAway = state.withLockedValue { outage in
            defer { outage = nil }
            return outage != nil
        }
        if wasAway {
            logger.notice("PostgreSQL is reachable again; progress is saved again", metadata: ["database": "\(location)"])
        }
    }
}
