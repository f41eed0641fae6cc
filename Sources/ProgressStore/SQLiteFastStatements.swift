import GRDB
import GRDBSQLite
import Synchronization

/// A value bound to a statement of the write path.
enum SQLiteArgument {
    case integer(Int64)
    case text(String)
    case null

    static func int(_ value: Int) -> SQLiteArgument { .integer(Int64(value)) }
    static func bool(_ value: Bool) -> SQLiteArgument { .integer(value ? 1 : 0) }
    static func optional(_ value: String?) -> SQLiteArgument { value.map(SQLiteArgument.text) ?? .null }
}

/// The columns of a row read on the write path, by index.
struct SQLiteColumns {
    let handle: SQLiteStatement

    func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }
    func bool(_ index: Int32) -> Bool { sqlite3_column_int64(handle, index) != 0 }
}

/// A statement of the write path: its SQL and its slot among the statements a
/// ``WriteStatements`` keeps prepared.
///
/// Declare each one once, as a `static let`: every value made takes a new slot.
struct WriteSQL: Sendable {
    let text: String
    let slot: Int

    private static let slots = Atomic<Int>(0)

    init(_ text: String) {
        self.text = text
        slot = Self.slots.add(1, ordering: .relaxed).oldValue
    }
}

/// The write path's statements, prepared once on the writer's connection and found by slot.
///
/// GRDB's statement cache finds a statement by hashing its SQL text, which cost 3 % of an
/// answer's instructions (callgrind, docs/benchmarks.md); an array index costs nothing.
///
/// Precondition: used only inside the writer's accesses (`write`, `writeWithoutTransaction`),
/// which GRDB runs one at a time.
final class WriteStatements: @unchecked Sendable {
    private var connection: ObjectIdentifier?
    private var statements: [Statement?] = []
    /// Where a run's texts are bound (see ``WriteConnection``); it only grows.
    private var scratchMemory = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)

    deinit {
        scratchMemory.deallocate()
    }

    /// The statements, on the connection `db`: call inside a writer's access.
    func on(_ db: Database) -> WriteConnection {
        let identity = ObjectIdentifier(db)
        if connection != identity {
            statements = []
            connection = identity
        }
        return WriteConnection(db: db, statements: self)
    }

    /// Lets every statement go (before the connection closes).
    func release() {
        statements = []
        connection = nil
    }

    fileprivate func statement(_ sql: WriteSQL, in db: Database) throws -> Statement {
        if sql.slot < statements.count, let statement = statements[sql.slot] { return statement }
        // GRDB prepares it (persistent) and owns it too; closing the connection finalizes it.
        let statement = try db.cachedStatement(sql: sql.text)
        if statements.count <= sql.slot { statements += Array(repeating: nil, count: sql.slot + 1 - statements.count) }
        statements[sql.slot] = statement
        return statement
    }

    /// At least `count` bytes (and never a null address), valid until the next call.
    fileprivate func scratch(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if count > scratchMemory.count {
            scratchMemory.deallocate()
            scratchMemory = .allocate(byteCount: max(count, 2 * scratchMemory.count), alignment: 1)
        }
        return scratchMemory
    }
}

/// The writer's connection with its prepared statements, for one access.
///
/// Statements run through SQLite's C interface: the write path runs a few statements per
/// learner thousands of times a second, and GRDB's general path (an array of existential
/// arguments per execution, rows decoded by column name) cost about as much CPU as SQLite's
/// own work (`tutord-bench store`). GRDB still prepares and finalizes the statements and runs
/// the transaction.
struct WriteConnection {
    let db: Database
    fileprivate let statements: WriteStatements

    /// Runs `sql` with `arguments` bound in order; returns how many rows it changed.
    @discardableResult
    func change(_ sql: WriteSQL, _ arguments: [SQLiteArgument]) throws -> Int {
        try run(sql, arguments) { _ in }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    /// The first row `sql` returns, read by `read`; `nil` when it returns none.
    func firstRow<Value>(_ sql: WriteSQL, _ arguments: [SQLiteArgument], _ read: (SQLiteColumns) -> Value) throws -> Value? {
        var value: Value?
        try run(sql, arguments) { value = read($0) }
        return value
    }

    private func run(_ sql: WriteSQL, _ arguments: [SQLiteArgument], row: (SQLiteColumns) -> Void) throws {
        let handle = try statements.statement(sql, in: db).sqliteStatement
        // The reset makes the statement ready again, after a failure too (statements from
        // sqlite3_prepare_v3 are); the texts are bound where they lie in the scratch memory, so
        // the bindings go with the run.
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments, to: handle, sql)
        // Only the first row is read (the write path reads by key); the reset ends it.
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW {
            row(SQLiteColumns(handle: handle))
        } else if code != SQLITE_DONE {
            throw failure(code, sql)
        }
    }

    /// Binds `arguments` in order. Texts are copied into the statements' scratch memory and
    /// bound there without a destructor (`SQLITE_STATIC`): SQLite's own copy
    /// (`SQLITE_TRANSIENT`) allocated for each text, 4 % of an answer's instructions.
    private func bind(_ arguments: [SQLiteArgument], to handle: SQLiteStatement, _ sql: WriteSQL) throws {
        var room = 0
        for case .text(let value) in arguments { room += value.utf8.count }
        var scratch = statements.scratch(room)
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch argument {
            case .integer(let value): code = sqlite3_bind_int64(handle, position, value)
            case .null: code = sqlite3_bind_null(handle, position)
            case .text(var value):
                let count = value.withUTF8 { bytes in
                    scratch.copyMemory(from: UnsafeRawBufferPointer(bytes))
                    return bytes.count
                }
                // Never a null pointer, which would bind NULL rather than the empty text.
                code = sqlite3_bind_text(handle, position, scratch.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(count), nil)
                scratch = UnsafeMutableRawBufferPointer(rebasing: scratch[count...])
            }
            if code != SQLITE_OK { throw failure(code, sql) }
        }
    }

    private func failure(_ code: Int32, _ sql: WriteSQL) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql.text)
    }
}
