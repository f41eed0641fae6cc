import Foundation

/// The type of a column of a batch's rows: PostgreSQL binds each column as one array, of
/// one element type.
enum BatchColumn: Sendable {
    case integer
    case text
    case bool
    /// A time as the dialect stores it (``StoreDialect/time(_:)``).
    case time

    /// PostgreSQL's array type of the column.
    var postgresArray: String {
        switch self {
        case .integer: "bigint[]"
        case .text: "text[]"
        case .bool: "boolean[]"
        case .time: "timestamptz[]"
        }
    }
}

/// A statement over a batch's rows, written once for both stores: `BATCH` in the text stands
/// for the rows, as a relation named `batch` whose columns are `columns`.
///
/// The store decides how the rows reach it (``StoreConnection/run(_:rows:)``). SQLite runs
/// the statement once per row, that row's values bound to `?`s (`(SELECT ? AS a, ? AS b) AS
/// batch`), on its writer's prepared statements: a statement costs microseconds there.
/// PostgreSQL runs it once for all the rows, each column bound as one array (`unnest($1::bigint[],
/// $2::text[]) AS batch(a, b)`): a statement costs a round of the server's parsing, planning and
/// protocol, whatever its rows.
///
/// Declare each one once (in ``StoreStatements``): its SQLite statement takes a slot of
/// its own among the writer's (``StoreSQL``).
struct BatchSQL: Sendable {
    let columns: [BatchColumn]
    /// SQLite's, run once per row.
    let perRow: StoreSQL
    /// PostgreSQL's, run once for every row.
    let allRows: String

    /// `postgresTail` is appended to PostgreSQL's text only (a row lock: SQLite has one
    /// writer and no `FOR UPDATE`). `perRow`, when given, is SQLite's statement for one row,
    /// its values as `?1`, `?2`, … in the columns' order: SQLite runs an `UPDATE … FROM` or a
    /// join with a one-row subquery through a temporary result, which halved its answers/s
    /// (`tutord-bench load --workload answer`: 9,800 against 18,000), so the hot statements
    /// say it directly.
    init(_ template: String, _ columns: [(name: String, type: BatchColumn)], postgresTail: String = "", perRow: String? = nil) {
        self.columns = columns.map(\.type)
        let names = columns.map(\.name)
        let row = "(SELECT \(names.map { "? AS \($0)" }.joined(separator: ", "))) AS batch"
        self.perRow = StoreSQL(perRow ?? template.replacingOccurrences(of: "BATCH", with: row))
        let arrays = columns.enumerated().map { "$\($0.offset + 1)::\($0.element.type.postgresArray)" }
        let unnest = "unnest(\(arrays.joined(separator: ", "))) AS batch(\(names.joined(separator: ", ")))"
        allRows = template.replacingOccurrences(of: "BATCH", with: unnest) + postgresTail
    }

    /// `INSERT INTO table (columns) SELECT columns FROM BATCH`, then `tail` (an `ON CONFLICT`
    /// clause; `WHERE true` lets SQLite read it as the upsert's, not the join's).
    static func insert(into table: String, _ columns: [(name: String, type: BatchColumn)], _ tail: String = "") -> BatchSQL {
        let names = columns.map(\.name).joined(separator: ", ")
        let values = columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        return BatchSQL("INSERT INTO \(table) (\(names)) SELECT \(names) FROM BATCH WHERE true \(tail)", columns,
                        perRow: "INSERT INTO \(table) (\(names)) VALUES (\(values)) \(tail)")
    }
}
