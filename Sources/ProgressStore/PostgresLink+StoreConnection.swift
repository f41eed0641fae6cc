import Foundation
import PostgresNIO

/// A PostgreSQL connection as the store algorithms use it: the shared statements with
/// numbered placeholders (``StoreSQL/numbered``), their values bound in PostgreSQL's types,
/// rows read back by the types the server names.
extension PostgresLink.Connection: StoreConnection {
    func run(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) {
        run(Self.query(sql, values))
    }

    func changes(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> Int {
        try changes(Self.query(sql, values))
    }

    func rows(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> [StoreRow] {
        try fetch(Self.query(sql, values)).map { row throws(StoreError) in
            var values: StoreRow = []
            for cell in row { values.append(try Self.value(cell)) }
            return values
        }
    }

    /// The statement once, over every row: each column bound as one array.
    func run(_ sql: BatchSQL, rows: [StoreRow]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        run(Self.query(sql, rows))
    }

    func rows(_ sql: BatchSQL, rows: [StoreRow]) throws(StoreError) -> [StoreRow] {
        guard !rows.isEmpty else { return [] }
        return try fetch(Self.query(sql, rows)).map { row throws(StoreError) in
            var values: StoreRow = []
            for cell in row { values.append(try Self.value(cell)) }
            return values
        }
    }

    private static func query(_ sql: BatchSQL, _ rows: [StoreRow]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: sql.columns.count)
        for (index, column) in sql.columns.enumerated() {
            bindings.append(PostgresArrayBind(column: column, values: rows.map { $0[index] }))
        }
        return PostgresQuery(unsafeSQL: sql.allRows, binds: bindings)
    }

    private static func query(_ sql: StoreSQL, _ values: [StoreValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .integer(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .bool(let value): bindings.append(value)
            case .date(let value): bindings.append(value)
            case .double(let value): bindings.append(value)
            case .null: bindings.appendNull()  // of a type the server infers from the statement
            }
        }
        return PostgresQuery(unsafeSQL: sql.numbered, binds: bindings)
    }

    /// A column's value, by the type the server gives it (sums are cast to `bigint` in the
    /// statements, so no `numeric` comes back).
    private static func value(_ cell: PostgresCell) throws(StoreError) -> StoreValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .bool: return .bool(try cell.decode(Bool.self))
            case .timestamptz, .timestamp: return .date(try cell.decode(Date.self))
            case .float4, .float8: return .double(try cell.decode(Double.self))
            default: return .text(try cell.decode(String.self))
            }
        } catch {
            throw StoreError(.io, "cannot read progress: unexpected value in column \(cell.columnName): \(String(reflecting: error))")
        }
    }
}
