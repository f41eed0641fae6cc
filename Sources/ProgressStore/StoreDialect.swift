import Foundation
import Tutoring

/// What really differs between the stores, under the one set of store algorithms
/// (``ProgressTables``): how a connection is had for a transaction or a read, how a learner
/// is keyed, and how a time is stored. The SQL itself is shared (``StoreStatements``).
protocol StoreDialect: Sendable {
    associatedtype Connection: StoreConnection

    /// The statements, with this store's learner key column.
    var sql: StoreStatements { get }

    /// The value of the learner table's key column for a user: SQLite keys learners by uid,
    /// PostgreSQL by user name (uids differ between the machines that share it).
    func key(ofUser uid: UInt32) -> StoreValue
    /// The learner a stored key and profile name, or `nil` for a user unknown here.
    func learner(key: StoreValue, profile: String) -> LearnerID?
    /// A write's time as its rows store it (made once per write).
    func time(_ date: Date) -> StoreValue
    /// Whether a transaction locks its learners' rows (``StoreStatements/lockLearners``) and so
    /// reads every learner's row in it, known or not: PostgreSQL, where several tutords write
    /// at once. SQLite has one writer, and reads only the rows of learners it does not know.
    var locksLearners: Bool { get }

    /// Runs `body` in one transaction, committed (and synced) when it returns, rolled back
    /// when it throws. `body` may be run again from the start if the store retries.
    func transaction<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T
    /// Runs `body` on a connection that sees every committed write, in one snapshot if the
    /// store has them.
    func read<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T
}
