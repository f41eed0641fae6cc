import Foundation
import Logging
import NIOCore
import PostgresNIO
import NIOConcurrencyHelpers

/// One connection to PostgreSQL, used by one caller at a time, made on first use and made
/// again after it broke: the store's blocking calls over PostgresNIO's futures.
///
/// A call waits for the server's answer (`EventLoopFuture.wait()`), so it must not run on an
/// event loop; the store's callers never do (see ``ProgressStorage``). Every failure comes out
/// as a ``StoreError`` naming the database, never its credentials.
final class PostgresLink: Sendable {
    /// A connection lent to one call.
    struct Connection {
        let connection: PostgresConnection
        let logger: Logger
        let location: String

        /// Runs a statement that returns no rows.
        func run(_ query: PostgresQuery) throws(StoreError) {
            _ = try fetch(query)
        }

        /// Runs a query and collects its rows.
        func fetch(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] {
            do {
                return Array(try connection.query(query, logger: logger).wait())
            } catch {
                throw PostgresLink.storeError(error, location)
            }
        }
    }

    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let location: String
    /// Held for the length of a call: one caller at a time on the connection.
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)

    init(configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger, location: String) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.location = location
    }

    /// Runs `body` with the connection, connecting first if there is none. A connection that
    /// failed is dropped, so the next call connects again.
    func with<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let outcome: Result<T, StoreError> = connection.withLockedValue { current in
            do throws(StoreError) {
                let open: PostgresConnection
                if let current, !current.isClosed {
                    open = current
                } else {
                    do {
                        open = try PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: logger).wait()
                        // The durability contract: a commit returns once it is on the server's disk,
                        // whatever the server's default.
                        _ = try open.query("SET synchronous_commit TO on", logger: logger).wait()
                    } catch {
                        throw Self.storeError(error, location)
                    }
                    current = open
                }
                do throws(StoreError) {
                    return .success(try body(Connection(connection: open, logger: logger, location: location)))
                } catch {
                    if open.isClosed { current = nil }
                    throw error
                }
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Runs `body` in a transaction: committed (and, with `synchronous_commit = on`, on the
    /// server's disk) when it returns, rolled back when it throws.
    func transaction<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try with { connection throws(StoreError) in
            try connection.run("BEGIN")
            do throws(StoreError) {
                let value = try body(connection)
                try connection.run("COMMIT")
                return value
            } catch {
                try? connection.run("ROLLBACK")
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
