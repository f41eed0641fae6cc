import Foundation
import GRDB

/// A value bound to a statement, or read from a row, in either store: what the one set of
/// store algorithms (``ProgressTables``) hands a ``StoreConnection`` and gets back.
///
/// Each store binds and reads these in its own types: SQLite keeps booleans as integers and
/// times as text (``StoredTime``), PostgreSQL has `boolean` and `timestamptz`. The accessors
/// read a value whichever way its store kept it.
enum StoreValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case bool(Bool)
    case date(Date)
    case double(Double)
    case null

    static func int(_ value: Int) -> StoreValue { .integer(Int64(value)) }
    static func optional(_ value: String?) -> StoreValue { value.map(StoreValue.text) ?? .null }
    static func optional(_ value: Int?) -> StoreValue { value.map(StoreValue.int) ?? .null }

    var int64: Int64 {
        switch self {
        case .integer(let value): value
        case .bool(let value): value ? 1 : 0
        case .double(let value): Int64(value)
        case .text, .date, .null: 0
        }
    }

    var int: Int { Int(int64) }
    var optionalInt: Int? { self == .null ? nil : int }
    var bool: Bool { int64 != 0 }

    var text: String {
        if case .text(let value) = self { return value }
        return ""
    }

    var optionalText: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// A time: PostgreSQL's `timestamptz`, or SQLite's text in GRDB's format.
    var date: Date? {
        switch self {
        case .date(let value): value
        case .text(let value): Date.fromDatabaseValue(value.databaseValue)
        default: nil
        }
    }

    /// Orders learner keys (a uid or a user name) so that every tutord takes a batch's
    /// learners in the same order.
    func precedes(_ other: StoreValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): a < b
        case (.text(let a), .text(let b)): a < b
        default: false
        }
    }
}

/// One row as read, its columns in the order the statement names them.
typealias StoreRow = [StoreValue]
