import GRDB
import GRDBSQLite

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
    let statements: WriteStatements?

    /// A reader's connection.
    init(reading db: Database) {
        self.db = db
        statements = nil
    }

    init(db: Database, statements: WriteStatements) {
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

    /// The statement once per row, on the writer's prepared statements.
    func run(_ sql: BatchSQL, rows: [StoreRow]) throws(StoreError) {
        for row in rows { try run(sql.perRow, row) }
    }

    func rows(_ sql: BatchSQL, rows: [StoreRow]) throws(StoreError) -> [StoreRow] {
        var read: [StoreRow] = []
        for row in rows { read += try self.rows(sql.perRow, row) }
        return read
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
        var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        if let statements {
            var room = 0
            for case .text(let value) in arguments { room += value.utf8.count }
            scratch = statements.scratch(room)
        }
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
