import Foundation
import GRDB
import GRDBSQLite
@testable import ProgressStore
import Testing

/// The VFS that gathers the write-ahead log's appends (CSQLiteLogWrites): every reader, in this
/// process or another, sees exactly what was committed, whatever the connection's synchronous
/// level and however big the transaction; and only the progress store's connections use it. (That the log gets one write per commit is counted
/// under strace in Tests/Shell/durable-sync.test.sh: this process's other tests write too.)
@Suite struct LogWritesTests {
    init() throws {
        try LogWritesVFS.register()
    }

    /// The VFS stack a connection's main file reports when it goes through the shim.
    static let throughTheShim = "tutord-log-writes/unix"

    /// A WAL database with its own writer, through the shim, at `synchronous` (OFF: no sync at
    /// all, so only the commit-frame rule puts the frames in the file before other connections
    /// look).
    func database(_ directory: TemporaryDirectory, synchronous: String = "OFF", cachePages: Int = 2000) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA page_size = 1024")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA cache_size = \(cachePages)")
        }
        let queue = try DatabaseQueue(path: LogWritesVFS.uri(directory.database), configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try #require(LogWritesVFS.stack(of: db) == Self.throughTheShim)
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        }
        return queue
    }

    /// Another connection of the same file, as another process would open it (SQLite's own VFS:
    /// it sees only what is in the file, never what the writer's shim holds).
    func reader(_ directory: TemporaryDirectory) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: directory.database, configuration: configuration)
    }

    func insert(_ count: Int, from start: Int = 0, size: Int = 300, in db: Database) throws {
        for id in start..<(start + count) {
            try db.execute(sql: "INSERT INTO note (id, body) VALUES (?, ?)", arguments: [id, String(repeating: "\(id % 10)", count: size)])
        }
    }

    /// Each commit is seen by another connection at once, with no sync to flush it out.
    @Test func aCommitIsSeenByOtherConnectionsWithoutASync() throws {
        let directory = try TemporaryDirectory()
        let writer = try database(directory)
        let other = try reader(directory)
        for round in 0..<20 {
            try writer.write { try insert(5, from: round * 5, in: $0) }
            let seen = try other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM note") }
            #expect(seen == (round + 1) * 5)
        }
        #expect(try other.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// A commit bigger than what one gathered write holds (120 KiB) goes out in pieces, and all
    /// of it arrives.
    @Test func aBigCommitArrivesWhole() throws {
        let directory = try TemporaryDirectory()
        let writer = try database(directory)
        try writer.write { try insert(2000, size: 500, in: $0) }
        let other = try reader(directory)
        let (count, bytes) = try other.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), sum(length(body)) FROM note")!
            return (row[0] as Int, row[1] as Int)
        }
        #expect(count == 2000 && bytes == 2000 * 500)
        #expect(try other.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// A transaction bigger than the page cache spills pages to the log before it commits and
    /// reads them back from there: the gathered bytes go out before any read.
    @Test func pagesSpilledToTheLogAreReadBackWithinTheTransaction() throws {
        let directory = try TemporaryDirectory()
        let writer = try database(directory, cachePages: 10)
        try writer.write { db in
            try insert(3000, size: 200, in: db)
            let row = try Row.fetchOne(db, sql: "SELECT count(*), sum(length(body)), sum(id) FROM note")!
            #expect(row[0] as Int == 3000 && row[1] as Int == 3000 * 200 && row[2] as Int == 2999 * 3000 / 2)
        }
        // And one rolled back after spilling leaves nothing behind.
        do {
            try writer.write { db in
                try insert(3000, from: 10_000, size: 200, in: db)
                throw DatabaseError(message: "roll back")
            }
        } catch {}
        let other = try reader(directory)
        #expect(try other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM note") } == 3000)
        #expect(try other.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// The store opens every connection through the shim by name, and the process's default
    /// VFS stays SQLite's own: a connection that does not ask for the shim does not get it.
    @Test func onlyTheStoresConnectionsUseTheShim() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteProgressStore.open(path: directory.database)
        #expect(String(cString: sqlite3_vfs_find(nil).pointee.zName) == "unix")
        #expect(store.pool.writeWithoutTransaction { LogWritesVFS.stack(of: $0) } == Self.throughTheShim)
        #expect(try store.pool.read { LogWritesVFS.stack(of: $0) } == Self.throughTheShim)
        let checkpointer = try #require(store.checkpointer)
        #expect(checkpointer.connection.inDatabase { LogWritesVFS.stack(of: $0) } == Self.throughTheShim)

        let readOnly = try SQLiteProgressStore.open(path: directory.database, readOnly: true)
        #expect(try readOnly.pool.read { LogWritesVFS.stack(of: $0) } == Self.throughTheShim)
        let immutable = try DatabaseQueue(path: LogWritesVFS.uri(directory.database, immutable: true))
        #expect(immutable.inDatabase { LogWritesVFS.stack(of: $0) } == Self.throughTheShim)

        let plain = try DatabaseQueue(path: directory.database)
        #expect(plain.inDatabase { LogWritesVFS.stack(of: $0) } == "unix")
        // The check every connection of the store makes refuses one that is not on the shim.
        var checked = Configuration()
        checked.prepareDatabase { try LogWritesVFS.requireIt($0) }
        #expect(throws: DatabaseError.self) { try DatabaseQueue(path: directory.database, configuration: checked) }
    }

    /// A path with what a URI would read as an escape, a query or a fragment, or as a host
    /// name, is the file opened (through the shim), and nothing is created anywhere else.
    @Test func theStoresFileIsTheOneItsPathNames() throws {
        let directory = try TemporaryDirectory()
        let odd = directory.path + "/a b?vfs=unix#x%20y"
        try FileManager.default.createDirectory(atPath: odd, withIntermediateDirectories: true)
        for path in [odd + "/one.sqlite", "/" + odd + "/two.sqlite"] {
            let store = try SQLiteProgressStore.open(path: path)
            #expect(store.pool.writeWithoutTransaction { LogWritesVFS.stack(of: $0) } == Self.throughTheShim)
        }
        let made = try FileManager.default.contentsOfDirectory(atPath: odd)
        #expect(made.contains("one.sqlite") && made.contains("two.sqlite"))
        #expect(made.allSatisfy { $0.hasPrefix("one.sqlite") || $0.hasPrefix("two.sqlite") }, "\(made)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a b?vfs=unix#x%20y"])
    }
}
