import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import SystemSupport
import GRDBSQLite
import Tutoring

/// Learners' progress in an SQLite file (WAL, synchronous=FULL), through GRDB: the embedded
/// ``ProgressStorage``, for one person or one classroom machine.
///
/// Writes apply the conversation's events in one transaction per batch; reads rebuild a
/// ``LearnerProgress``. A file that is not a tutord database, or comes from a newer tutord, is
/// refused at open and never modified.
public final class SQLiteProgressStore: ProgressStorage {
    let pool: any DatabaseWriter
    public let path: String
    public var location: String { path }
    /// The file could not be opened for writing: reads work, every write fails.
    public let isReadOnly: Bool
    /// Why the store was opened read-only when it was asked for writing (for the log).
    public let readOnlyCause: String?
    /// Checkpoints the log off the commit path (writable stores).
    let checkpointer: WALCheckpointer?
    /// The store algorithms, shared with PostgreSQL, over SQLite's dialect.
    let tables: ProgressTables<SQLiteDialect>

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public static func open(path: String, readOnly: Bool = false) throws(StoreError) -> SQLiteProgressStore {
        try open(path: path, readOnly: readOnly, checkpointPages: nil)
    }

    /// The log sizes, in bytes, that wake the checkpointer and that make the writer checkpoint
    /// inline (see ``WALCheckpointer``). A bigger log is checkpointed less often, and the pages
    /// every batch rewrites (indexes, question states) are copied once per checkpoint rather
    /// than once per few commits: at 100 answering learners, 16 MiB kept the slowest commits
    /// at 5 ms where 4 MiB let them reach 12-22 ms (docs/benchmarks.md).
    static let checkpointBytes = (threshold: 16 << 20, backstop: 64 << 20)

    /// The page size of new databases. Each answer changes a row or two in indexes spread by
    /// learner, so a commit writes about one page per learner to the log: 1 KiB pages write
    /// a quarter of what SQLite's default 4 KiB pages do, and took an answer's write from
    /// 38 to 27 µs of CPU (`tutord-bench store`). Existing files keep the size they have.
    static let pageSize = 1024

    /// `checkpointPages`: the log sizes that wake the checkpointer and that make the writer
    /// checkpoint inline, in pages (`nil`: ``checkpointBytes`` in the file's page size).
    /// `busySeconds`: how long a write waits for another process holding the file's write
    /// lock before it fails (tests that hold the lock on purpose, on a loaded machine, wait longer).
    static func open(path: String, readOnly: Bool, checkpointPages: (threshold: Int32, backstop: Int32)?,
                     busySeconds: TimeInterval = 10) throws(StoreError) -> SQLiteProgressStore {
        do {
            try LogWritesVFS.register()
            // Before SQLite touches them: no symlink followed, no other user's file written.
            if let problem = StateFiles.problem(database: path, writing: !readOnly) {
                throw StoreError(.foreignFile, problem)
            }
            try inspect(path)
            if !readOnly {
                createPrivately(path)
                if !FileManager.default.fileExists(atPath: path) {
                    let directory = (path as NSString).deletingLastPathComponent
                    if let problem = FileAccess.writeProblem(directory, what: "the state directory") {
                        throw StoreError(.io, "cannot create \(path): \(problem)")
                    }
                }
            }
            var configuration = Configuration()
            configuration.readonly = readOnly
            configuration.busyMode = .timeout(busySeconds)
            configuration.prepareDatabase { db in
                try LogWritesVFS.requireIt(db)
                // Takes effect only in a file that has no tables yet: before the first migration.
                try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            }
            do {
                // Every connection of the pool (the writer, each reader) opens the file through
                // the log-writes VFS (LogWritesVFS); GRDB's check that a `-wal` exists looks at
                // the URI as a path, finds none, and so always makes sure one does.
                let pool = try DatabasePool(path: LogWritesVFS.uri(path), configuration: configuration)
                if !readOnly {
                    // FULL: a commit is on disk when it returns (the log is synced at every
                    // commit), so an acknowledged reply survives a crash of the machine, not just
                    // of the process. Set here, not in prepareDatabase: GRDB's WAL set-up runs
                    // after that and leaves the writer at NORMAL, which syncs only at checkpoints.
                    try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
                }
                // SQLite opens a file it may not write read-only without a word; ask it.
                let openedReadOnly = pool.writeWithoutTransaction { db in sqlite3_db_readonly(db.sqliteConnection, "main") == 1 }
                if !readOnly && openedReadOnly {
                    return SQLiteProgressStore(pool: pool, path: path, isReadOnly: true,
                                         readOnlyCause: writeProblem(path) ?? "SQLite opened the file read-only")
                }
                if readOnly {
                    return SQLiteProgressStore(pool: pool, path: path, isReadOnly: true)
                }
                try Schema.migrator.migrate(pool)
                let filePageSize = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } ?? pageSize
                let pages = checkpointPages ?? (Int32(checkpointBytes.threshold / filePageSize), Int32(checkpointBytes.backstop / filePageSize))
                let checkpointer = try WALCheckpointer(path: path, thresholdPages: pages.threshold, backstopPages: pages.backstop)
                pool.writeWithoutTransaction { checkpointer.install(on: $0) }
                return SQLiteProgressStore(pool: pool, path: path, isReadOnly: false, checkpointer: checkpointer)
            } catch where FileManager.default.fileExists(atPath: path) {
                // Cannot write here (a read-only file or directory): serve what is stored, all
                // of it: a -wal this user cannot read holds the newest progress.
                if let wal = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int, wal > 0,
                   let problem = FileAccess.readProblem(path + "-wal", what: "the write-ahead log") {
                    throw StoreError(.io, "cannot read all progress in \(path): \(problem)")
                }
                return SQLiteProgressStore(pool: try readOnlyQueue(path), path: path, isReadOnly: true,
                                     readOnlyCause: writeProblem(path) ?? "\(error)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot open \(path): \(error)")
        }
    }

    /// Why this process cannot write the database at `path`: the file, its directory (where
    /// SQLite makes its -wal and -shm files), or those files; `nil` when nothing is in the way.
    private static func writeProblem(_ path: String) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        return FileAccess.writeProblem(path, what: "the database")
            ?? FileAccess.writeProblem(directory, what: "the state directory")
            ?? ["-wal", "-shm"].lazy.filter { FileManager.default.fileExists(atPath: path + $0) }
                .compactMap { FileAccess.writeProblem(path + $0, what: "the database file") }.first
    }

    private init(pool: any DatabaseWriter, path: String, isReadOnly: Bool, readOnlyCause: String? = nil,
                 checkpointer: WALCheckpointer? = nil) {
        self.pool = pool
        tables = ProgressTables(SQLiteDialect(pool: pool, statements: WriteStatements()))
        self.path = path
        self.isReadOnly = isReadOnly
        self.readOnlyCause = readOnlyCause
        self.checkpointer = checkpointer
    }

    deinit {
        // The writer's WAL hook points at the checkpointer, which goes with the store; the
        // statements the store keeps prepared go before the connection closes.
        pool.writeWithoutTransaction { db in
            checkpointer?.uninstall(from: db)
            tables.dialect.statements.release()
        }
    }

    /// Creates a missing database file with mode 0600 before SQLite opens it, whatever the
    /// umask: SQLite gives the -wal and -shm files the database file's mode, so all three stay
    /// the learner's alone.
    private static func createPrivately(_ path: String) {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// A read-only connection that needs no write access anywhere: in WAL mode SQLite wants to
    /// create `-shm` beside the file, so when that fails the file is opened as immutable.
    private static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { try LogWritesVFS.requireIt($0) }
        do {
            let queue = try DatabaseQueue(path: LogWritesVFS.uri(path), configuration: configuration)
            try queue.read { db in _ = try Int.fetchOne(db, sql: "PRAGMA schema_version") }
            return queue
        } catch {
            let queue = try DatabaseQueue(path: LogWritesVFS.uri(path, immutable: true), configuration: configuration)
            try queue.read { db in _ = try Int.fetchOne(db, sql: "PRAGMA schema_version") }
            return queue
        }
    }

    /// Looks at an existing file read-only before anything may write to it.
    private static func inspect(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw StoreError(.io, "cannot read \(path)")
            }
            return
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }  // an empty file is an empty database
        guard header == Data("SQLite format 3\0".utf8) else {
            throw StoreError(.foreignFile, "\(path) is not an SQLite database; refusing to use or replace it (move it away, or choose another --state-dir)")
        }
        let queue: DatabaseQueue
        do {
            queue = try readOnlyQueue(path)
        } catch {
            throw StoreError(.io, "cannot read \(path): \(error)")
        }
        try queue.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            if applicationID != Schema.applicationID && tables > 0 {
                throw StoreError(.foreignFile, "\(path) is an SQLite database of another program; refusing to use or replace it")
            }
            if applicationID == Schema.applicationID, try Schema.migrator.hasBeenSuperseded(db) {
                throw StoreError(.newerSchema, "\(path) was written by a newer tutord; refusing to use it (upgrade tutord)")
            }
        }
        try queue.close()
    }

    // MARK: - The contract, through the shared algorithms

    /// Drops what the write path remembers of a learner (their row id and study day), for a
    /// learner who has left the daemon's memory: without it the cache would keep every
    /// learner ever seen. Only call when none of their writes is in flight; what is dropped is
    /// read back from the database on their next write.
    public func forget(_ learner: LearnerID) { tables.forget(learner) }

    /// Learners the write path remembers (for tests).
    public var rememberedLearners: Int { tables.rememberedLearners }

    /// Applies a batch of writes in one transaction (one fsync for all of them).
    @discardableResult
    public func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int> { try tables.record(writes).refused }

    public func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress? {
        try tables.storedProgress(for: learner, course: course)
    }

    public func learners() throws(StoreError) -> [LearnerID] { try tables.learners() }
    public func lastCourse(for learner: LearnerID) throws(StoreError) -> String? { try tables.lastCourse(for: learner) }
    public func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String> { try tables.studyDays(for: learner) }

    public func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer] {
        try tables.answers(for: learner, course: course)
    }

    public func growingRows(for learner: LearnerID) throws(StoreError) -> [String: Int] { try tables.growingRows(for: learner) }

    public func progressExport(_ learner: LearnerID) throws(StoreError) -> ProgressExport { try tables.progressExport(learner) }
    public func exportStream(_ learner: LearnerID, pageBytes: Int) throws(StoreError) -> ExportStream {
        try ExportStream(learner, reader: tables, pageBytes: pageBytes)
    }

    /// Every learner's totals, in one course or in all; `since` counts only the XP earned from
    /// then on (a weekly leaderboard). `uid` limits it to one user's profiles.
    public func learnerTotals(course: String?, since: Date? = nil, uid: UInt32? = nil, today: Date) throws(StoreError) -> [LearnerTotals] {
        try tables.learnerTotals(course: course, since: since, uid: uid, today: today)
    }

    /// The questions most learners missed (not right on the first try), worst first.
    public func missedQuestions(course: String?, limit: Int = 5) throws(StoreError) -> [MissedQuestion] {
        try tables.missedQuestions(course: course, limit: limit)
    }

    // MARK: - SQLite's own

    /// How many answers are stored, for all learners.
    public func answerCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM answer") ?? 0 }
    }

    /// Runs SQLite's integrity check; "ok" when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot read progress: \(error)")
        }
    }
}

/// One stored answer.
public struct StoredAnswer: Sendable, Equatable {
    public var lesson: String
    public var question: String
    public var given: String
    public var isCorrect: Bool
    public var attempt: Int
    public var usedHint: Bool
    public var xp: Int
    public var answeredAt: Date
    /// `exercise` for a learner's own run of an exercise's checks: self-reported.
    public var kind: AnswerKind = .quiz
}
