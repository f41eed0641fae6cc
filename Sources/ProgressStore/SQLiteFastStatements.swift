import GRDB
import GRDBSQLite
import Synchronization

/// The columns of the row a statement is on.
struct SQLiteColumns {
    let handle: SQLiteStatement

    /// Every column, as the values SQLite holds (it has no booleans or times of its own).
    var values: StoreRow {
        (0..<sqlite3_column_count(handle)).map { index -> StoreValue in
            switch sqlite3_column_type(handle, index) {
            case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, index))
            case SQLITE_FLOAT: .double(sqlite3_column_double(handle, index))
            case SQLITE_NULL: .null
            default: .text(String(decoding: UnsafeRawBufferPointer(start: UnsafeRawPointer(sqlite3_column_text(handle, index)),
                                                                   count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self))
            }
        }
    }
}

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
    /// Where a run's texts are bound (see ``WriteConnection``); it only grows.
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

    fileprivate func statement(_ sql: StoreSQL, in db: Database) throws -> Statement {
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

/// An SQLite connection for one access, as the store algorithms use it (``StoreConnection``):
/// the writer's with its prepared statements (``WriteStatements``), or a reader's with
/// GRDB's statement cache.
///
/// Statements run through SQLite's C interface: the write path runs a few statements per
/// learner thousands of times a second, and GRDB's general path (an array of existential
/// arguments per execution, rows decoded by column name) cost about as much CPU as SQLite's
/// own work (`tutord-bench store`). GRDB still prepares and finalizes the statements and runs
/// the transaction.
struct SQLiteConnection: StoreConnection {
    let db: Database
    /// The writer's statements; `nil` on a reader, whose statements GRDB caches by text.
    fileprivate let statements: WriteStatements?

    /// A reader's connection.
    init(reading db: Database) {
        self.db = db
        statements = nil
    }

    fileprivate init(db: Database, statements: WriteStatements) {
        self.db = db
        self.statements = statements
    }

    func run(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) {
        _ = try changes(sql, values)
    }

    func changes(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> Int {
        do {
            return try change(sql, values)
        } catch {
            throw StoreError(.io, "\(error)")
        }
    }

    func rows(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> [StoreRow] {
        do {
            var rows: [StoreRow] = []
            try run(sql, values, all: true) { rows.append($0.values) }
            return rows
        } catch {
            throw StoreError(.io, "\(error)")
        }
    }

    /// Runs `sql` with `arguments` bound in order; returns how many rows it changed.
    @discardableResult
    func change(_ sql: StoreSQL, _ arguments: [StoreValue]) throws -> Int {
        try run(sql, arguments, all: false) { _ in }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    /// Runs `sql`, handing `row` its first row, or every row when `all`.
    private func run(_ sql: StoreSQL, _ arguments: [StoreValue], all: Bool, row: (SQLiteColumns) -> Void) throws {
        let handle = try statements?.statement(sql, in: db).sqliteStatement ?? db.cachedStatement(sql: sql.text).sqliteStatement
        // The reset makes the statement ready again, after a failure too (statements from
        // sqlite3_prepare_v3 are); the texts are bound where they lie in the scratch memory, so
        // the bindings go with the run.
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments, to: handle, sql)
        // The write path reads by key, so it reads the first row only; the reset ends it.
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW {
            row(SQLiteColumns(handle: handle))
            if !all { return }
            code = sqlite3_step(handle)
        }
        if code != SQLITE_DONE {
            throw failure(code, sql)
        }
    }

    /// Binds `arguments` in order. Texts are copied into the statements' scratch memory and
    /// bound there without a destructor (`SQLITE_STATIC`): SQLite's own copy
    /// (`SQLITE_TRANSIENT`) allocated for each text, 4 % of an answer's instructions.
    /// A reader's texts (readers run on several threads at once, and have no scratch memory)
    /// and times are copied by SQLite. Times are kept as text in GRDB's format (``StoredTime``).
    private func bind(_ arguments: [StoreValue], to handle: SQLiteStatement, _ sql: StoreSQL) throws {
        var room = 0
        if let statements {
            for case .text(let value) in arguments { room += value.utf8.count }
        }
        var scratch = statements?.scratch(room) ?? UnsafeMutableRawBufferPointer(start: nil, count: 0)
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch argument {
            case .integer(let value): code = sqlite3_bind_int64(handle, position, value)
            case .bool(let value): code = sqlite3_bind_int64(handle, position, value ? 1 : 0)
            case .double(let value): code = sqlite3_bind_double(handle, position, value)
            case .null: code = sqlite3_bind_null(handle, position)
            case .date(let date): code = Self.bindCopy(StoredTime.text(date), to: handle, position)
            case .text(let value) where statements == nil: code = Self.bindCopy(value, to: handle, position)
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

    /// Binds a copy of `text` that SQLite makes and frees (`SQLITE_TRANSIENT`).
    private static func bindCopy(_ text: String, to handle: SQLiteStatement, _ position: Int32) -> Int32 {
        // withCString's pointer is never null, so the empty text is bound as text, not NULL.
        text.withCString { pointer in
            sqlite3_bind_text(handle, position, pointer, Int32(text.utf8.count),
                              unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self))
        }
    }

    private func failure(_ code: Int32, _ sql: StoreSQL) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql.text)
    }
}
