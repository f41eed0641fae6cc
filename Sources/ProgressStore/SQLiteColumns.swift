import GRDB
import GRDBSQLite

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
