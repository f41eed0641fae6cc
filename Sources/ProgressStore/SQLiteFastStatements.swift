import GRDB
import GRDBSQLite

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

extension Database {
    /// Runs a statement prepared once per connection, with `arguments` bound in order through
    /// SQLite's C interface; returns how many rows it changed.
    ///
    /// The write path runs a few statements per learner thousands of times a second. GRDB's
    /// general path (an array of existential arguments per execution, rows decoded by column
    /// name) cost about as much CPU as SQLite's own work (`tutord-bench store`); GRDB still
    /// prepares, caches and finalizes the statements and runs the transaction.
    @discardableResult
    func change(_ sql: String, _ arguments: [SQLiteArgument]) throws -> Int {
        let statement = try cachedStatement(sql: sql)
        try step(statement, sql, arguments) { _ in }
        return Int(sqlite3_changes(sqliteConnection))
    }

    /// The first row a statement (prepared once per connection) returns, read by `read`; `nil`
    /// when it returns none.
    func firstRow<Value>(_ sql: String, _ arguments: [SQLiteArgument], _ read: (SQLiteColumns) -> Value) throws -> Value? {
        let statement = try cachedStatement(sql: sql)
        var value: Value?
        try step(statement, sql, arguments) { value = read($0) }
        return value
    }

    private func step(_ statement: Statement, _ sql: String, _ arguments: [SQLiteArgument], row: (SQLiteColumns) -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument {
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .text(let value): code = sqlite3_bind_text(handle, index, value, -1, SQLITE_TRANSIENT)
            case .null: code = sqlite3_bind_null(handle, index)
            }
            if code != SQLITE_OK { throw failure(code, sql) }
        }
        // Only the first row is read (the write path reads by key); the reset ends the statement.
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW {
            row(SQLiteColumns(handle: handle))
        } else if code != SQLITE_DONE {
            throw failure(code, sql)
        }
    }

    private func failure(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
    }
}

/// SQLite copies a bound string before the call returns.
private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
