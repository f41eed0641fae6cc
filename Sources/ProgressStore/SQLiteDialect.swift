import Foundation
import GRDB
import Tutoring

/// SQLite under the store algorithms: transactions on GRDB's writer with the write path's
/// statements kept prepared (``WriteStatements``), reads on the pool's readers, learners keyed
/// by uid, times as text in GRDB's format (``StoredTime``).
struct SQLiteDialect: StoreDialect {
    let pool: any DatabaseWriter
    let statements: WriteStatements

    static let catalogue = StoreStatements(learnerKey: "uid", keyType: .integer)
    var sql: StoreStatements { Self.catalogue }

    func key(ofUser uid: UInt32) -> StoreValue { .integer(Int64(uid)) }

    func learner(key: StoreValue, profile: String) -> LearnerID? {
        UInt32(exactly: key.int64).map { LearnerID(uid: $0, profile: profile) }
    }

    func time(_ date: Date) -> StoreValue { .text(StoredTime.text(date)) }

    var locksLearners: Bool { false }

    func transaction<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try pool.write { db in try body(statements.on(db)) }
        } catch {
            throw StoreError(.io, "cannot save progress: \(error)")
        }
    }

    func read<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try pool.read { db in try body(SQLiteConnection(reading: db)) }
        } catch {
            throw StoreError(.io, "cannot read progress: \(error)")
        }
    }
}
