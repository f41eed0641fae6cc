import GRDB
import GRDBSQLite

/// The writer's statements, prepared once on its connection and found by slot.
///
/// GRDB's statement cache finds a statement by hashing its SQL text, which cost 3 % of an
/// answer's instructions (callgrind, docs/benchmarks.md); an array index costs nothing.
///
/// Precondition: used only inside the writer's accesses (`write`, `writeWithoutTransaction`),
/// which GRDB runs one at a time.
final class WriteStatements: @unchecked Sendable {
    private var connection: ObjectIdentifier?
    private var statements: [Statement?] = []
    /// Where a run's texts are bound (see ``SQLiteConnection``); it only grows.
    private var scratchMemory = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)

    deinit {
        scratchMemory.deallocate()
    }

    /// The statements, on the connection `db`: call inside a writer's access.
    func on(_ db: Database) -> SQLiteConnection {
        let identity = ObjectIdentifier(db)
        if connection != identity {
            statements = []
            connection = identity
        }
        return SQLiteConnection(db: db, statements: self)
    }

    /// Lets every statement go (before the connection closes).
    func release() {
        statements = []
        connection = nil
    }

    func statement(_ sql: StoreSQL, in db: Database) throws -> Statement {
        if sql.slot < statements.count, let statement = statements[sql.slot] { return statement }
        // GRDB prepares it (persistent) and owns it too; closing the connection finalizes it.
        let statement = try db.cachedStatement(sql: sql.text)
        if statements.count <= sql.slot { statements += Array(repeating: nil, count: sql.slot + 1 - statements.count) }
        statements[sql.slot] = statement
        return statement
    }

    /// At least `count` bytes (and never a null address), valid until the next call.
    func scratch(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if count > scratchMemory.count {
            scratchMemory.deallocate()
            scratchMemory = .allocate(byteCount: max(count, 2 * scratchMemory.count), alignment: 1)
        }
        return scratchMemory
    }
}
