import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import ProgressStore

/// SQLite's statements (``SQLiteConnection``): texts bound where they lie, statements kept
/// prepared by slot, a failed one ready again.
@Suite struct WriteStatementsTests {
    static let insert = StoreSQL("INSERT INTO note (id, body, extra) VALUES (?, ?, ?)")
    static let read = StoreSQL("SELECT length(body), body IS NULL FROM note WHERE id = ?")
    static let unique = StoreSQL("INSERT INTO once (key) VALUES (?)")
    static let echo = StoreSQL("SELECT ?, typeof(?)")

    func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL, extra TEXT)")
            try db.execute(sql: "CREATE TABLE once (key TEXT PRIMARY KEY)")
        }
        return queue
    }

    @Test func eachStatementHasASlotOfItsOwn() {
        let slots = [Self.insert, Self.read, Self.unique, StoreSQL("SELECT 1")].map(\.slot)
        #expect(Set(slots).count == slots.count)
    }

    /// Empty (a null pointer would bind NULL and break NOT NULL), small (held inside the
    /// `String` value itself), long (more than the scratch memory's first 4 KiB), and
    /// non-ASCII texts all arrive as they were.
    @Test func textsArriveAsTheyWere() throws {
        let texts = ["", "x", "fifteen bytes!!", "sixteen bytes!!!", String(repeating: "long ", count: 2000), "naïve 🐍 über"]
        let queue = try database()
        let statements = WriteStatements()
        try queue.write { db in
            let writer = statements.on(db)
            for (id, text) in texts.enumerated() {
                let changed = try writer.change(Self.insert, [.int(id), .text(text), .null])
                #expect(changed == 1)
            }
        }
        let stored = try queue.read { db in try String.fetchAll(db, sql: "SELECT body FROM note ORDER BY id") }
        #expect(stored == texts)
        let lengths = try queue.write { db in try statements.on(db).rows(Self.read, [.int(0)]) }
        #expect(lengths == [[.integer(0), .integer(0)]])  // the empty text, not NULL
        // A reader's texts, which SQLite copies, arrive as they were too.
        let echoed = try queue.read { db in try texts.map { text in try SQLiteConnection(reading: db).rows(Self.echo, [.text(text), .text(text)]) } }
        #expect(echoed == texts.map { [[.text($0), .text("text")]] })
    }

    @Test func aRowThatIsNotThereReadsAsNil() throws {
        let queue = try database()
        let rows = try queue.write { db in try WriteStatements().on(db).rows(Self.read, [.int(42)]) }
        #expect(rows.isEmpty)
    }

    /// A statement that fails names its SQL, and runs again afterwards (prepared anew).
    @Test func aFailedStatementReportsItsSQLAndRunsAgain() throws {
        let queue = try database()
        let statements = WriteStatements()
        try queue.write { db in
            let writer = statements.on(db)
            try writer.change(Self.unique, [.text("a")])
            do {
                try writer.change(Self.unique, [.text("a")])
                Issue.record("a second insert of the same key succeeded")
            } catch let error as DatabaseError {
                #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY)
                #expect(error.sql == Self.unique.text)
            }
            let changed = try writer.change(Self.unique, [.text("b")])
            #expect(changed == 1)
        }
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT key FROM once ORDER BY key") } == ["a", "b"])
    }

    /// Bindings are cleared after each run: a text bound where it lay is never read again.
    @Test func bindingsDoNotOutliveTheRun() throws {
        let queue = try database()
        let statements = WriteStatements()
        try queue.write { db in
            let writer = statements.on(db)
            try writer.change(Self.insert, [.int(1), .text("body"), .text("extra")])
            let statement = try db.cachedStatement(sql: Self.insert.text).sqliteStatement
            let expanded = sqlite3_expanded_sql(statement)!
            defer { sqlite3_free(expanded) }
            #expect(String(cString: expanded) == "INSERT INTO note (id, body, extra) VALUES (NULL, NULL, NULL)")
        }
    }
}
