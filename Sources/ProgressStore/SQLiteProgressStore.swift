import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import SystemSupport
import GRDBSQLite
import SpacedReview
import NIOConcurrencyHelpers
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
    /// Learner row ids and the last study day recorded, so the hot write path does not write
    /// or ask for them again. Learner rows are never deleted; only committed values go in.
    private let known = NIOLockedValueBox([LearnerID: KnownLearner]())
    /// The write path's statements, kept prepared on the writer's connection.
    private let statements = WriteStatements()

    struct KnownLearner {
        var row: Int64
        var day: String
    }

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
            statements.release()
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

    // MARK: - Writing

    /// Drops what the write path remembers of a learner (their row id and study day), for a
    /// learner who has left the daemon's memory: without it the cache would keep every
    /// learner ever seen. Only call when none of their writes is in flight; what is dropped is
    /// read back from the database on their next write.
    public func forget(_ learner: LearnerID) {
        known.withLockedValue { _ = $0.removeValue(forKey: learner) }
    }

    /// Learners the write path remembers (for tests).
    public var rememberedLearners: Int { known.withLockedValue { $0.count } }

    /// Applies a batch of writes in one transaction (one fsync for all of them).
    @discardableResult
    public func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int> {
        do {
            var learned: [LearnerID: KnownLearner] = [:]
            var refused: Set<Int> = []
            try pool.write { db in
                learned = [:]  // a retried transaction starts over
                refused = []
                let db = statements.on(db)
                for (index, write) in writes.enumerated() where try !apply(write, in: db, learned: &learned) {
                    refused.insert(index)
                }
            }
            // Remembered only now that the transaction is committed.
            known.withLockedValue { $0.merge(learned) { $1 } }
            return refused
        } catch {
            throw StoreError(.io, "cannot save progress: \(error)")
        }
    }

    /// Applies one write; `false` when its precondition does not hold (and nothing was applied).
    private func apply(_ write: ProgressWrite, in db: WriteConnection, learned: inout [LearnerID: KnownLearner]) throws -> Bool {
        let cached = learned[write.learner] ?? known.withLockedValue { $0[write.learner] }
        if write.resetsCourse {
            guard let id = try cached?.row ?? Self.learnerID(write.learner, in: db.db) else { return true }
            for statement in SQL.resetCourse {
                try db.change(statement, [.integer(id), .text(write.course)])
            }
            return true
        }
        let id = try cached?.row ?? learnerRowID(write.learner, at: write.date, in: db)
        let learner = SQLiteArgument.integer(id), course = SQLiteArgument.text(write.course)
        if let hidden = write.hidesFromLeaderboard {
            try db.change(SQL.hideLearner, [.bool(hidden), learner])
            learned[write.learner] = KnownLearner(row: id, day: cached?.day ?? "")
            return true
        }
        let stamp = StoredTime.text(write.date)  // formatted once per write, not per row
        let rows = ProgressRows(write.events)
        guard try enrol(write, rows, learner, course, at: stamp, in: db) else { return false }
        if write.opensCourse {
            try db.change(SQL.openCourse, [course, learner])
        }
        for answer in rows.answers {
            try db.change(SQL.insertAnswer, [learner, course, .text(answer.lesson), .text(answer.question), .text(answer.given), .bool(answer.isCorrect),
                      .int(answer.attempt), .bool(answer.usedHint), .int(answer.xp), .text(stamp)])
        }
        for question in rows.questions {
            // The same fold the conversation uses (QuestionProgress), applied to the stored row.
            var state = try db.firstRow(SQL.readQuestion, [learner, course, .text(question.id)], Self.questionProgress) ?? QuestionProgress()
            for change in question.changes { change.apply(to: &state) }
            try db.change(SQL.writeQuestion, [learner, course, .text(question.id), .int(state.attempts), .bool(state.isCorrect), .bool(state.isCorrectOnFirstTry),
                      .bool(state.isRevealed), .int(state.xp)])
        }
        for review in rows.reviews {
            try db.change(SQL.insertReview, [learner, course, .text(review.lessonID), .text(review.questionID), .int(review.rating.rawValue), .integer(review.at),
                      .bool(review.isReview), .optional(review.given), .int(review.xp)])
        }
        for lesson in rows.completedLessons {
            try db.change(SQL.completeLesson, [learner, course, .text(lesson), .text(stamp)])
        }
        let day = StoredTime.day(write.date)
        if cached?.day != day {
            try db.change(SQL.studyDay, [learner, .text(day)])
        }
        learned[write.learner] = KnownLearner(row: id, day: day)
        return true
    }

    /// Checks the write's precondition and applies its changes to the enrolment, in one
    /// statement; `false` when the precondition does not hold.
    private func enrol(_ write: ProgressWrite, _ rows: ProgressRows, _ learner: SQLiteArgument, _ course: SQLiteArgument,
                       at stamp: String, in db: WriteConnection) throws -> Bool {
        let finished: SQLiteArgument = rows.finishesCourse ? .text(stamp) : .null
        var position: [SQLiteArgument] = []
        if let moved = rows.position {
            position = [.text(moved.lessonID), .int(moved.lessonIndex), .int(moved.step), .optional(moved.nodeID), .int(moved.nodeBeat),
                        .bool(moved.isFinished)]
        }
        let sql = EnrolmentSQL.sqlite(write.precondition, movesPosition: rows.position != nil)
        switch write.precondition {
        case .unconditional, .notEnrolled:
            let inserted = try db.change(sql, [learner, course, .text(stamp), .integer(write.revision), .int(rows.xp), finished] + position)
            return write.precondition == .unconditional || inserted > 0
        case .revision(let expected):
            return try db.change(sql, [.integer(write.revision), .int(rows.xp), finished] + position + [learner, course, .integer(expected)]) > 0
        }
    }
    private static func questionProgress(_ row: Row) -> QuestionProgress {
        var state = QuestionProgress()
        state.attempts = row["attempts"]
        state.isCorrect = row["correct"]
        state.isCorrectOnFirstTry = row["first_try"]
        state.isRevealed = row["revealed"]
        state.xp = row["xp"]
        return state
    }

    /// A question's row as the write path reads it: attempts, correct, first_try, revealed, xp.
    private static func questionProgress(_ columns: SQLiteColumns) -> QuestionProgress {
        var state = QuestionProgress()
        state.attempts = columns.int(0)
        state.isCorrect = columns.bool(1)
        state.isCorrectOnFirstTry = columns.bool(2)
        state.isRevealed = columns.bool(3)
        state.xp = columns.int(4)
        return state
    }

    private func learnerRowID(_ learner: LearnerID, at date: Date, in db: WriteConnection) throws -> Int64 {
        if let id = try Self.learnerID(learner, in: db.db) {
            return id
        }
        try db.change(SQL.insertLearner, [.integer(Int64(learner.uid)), .text(learner.profile), .text(StoredTime.text(date))])
        return db.db.lastInsertedRowID
    }

    // MARK: - Reading

    public func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress? {
        try read { db in
            guard let id = try Self.learnerID(learner, in: db),
                  let enrolment = try Row.fetchOne(db, sql: "SELECT * FROM enrolment WHERE learner_id = ? AND course = ?",
                                                   arguments: [id, course]) else { return nil }
            var progress = LearnerProgress()
            // The cards, by the same fold the conversation uses. First: the fold adds review
            // XP, which the enrolment's total below already counts.
            for review in try Self.reviews(id, course, in: db) { progress.apply(.cardReviewed(review)) }
            progress.xp = enrolment["xp"]
            let finished = enrolment["finished_at"] as Date?
            progress.isCourseCompleted = finished != nil
            progress.startedAt = (enrolment["started_at"] as Date?).map { Int64($0.timeIntervalSince1970) }
            progress.finishedAt = finished.map { Int64($0.timeIntervalSince1970) }
            if let lesson: String = enrolment["lesson"] {
                progress.position = CoursePosition(
                    lessonID: lesson, lessonIndex: enrolment["lesson_index"] ?? 0, step: enrolment["step"] ?? 0, nodeID: enrolment["node"],
                    nodeBeat: enrolment["node_beat"] ?? 0, isFinished: enrolment["finished"])
            }
            progress.completedLessons = Set(try String.fetchAll(
                db, sql: "SELECT lesson FROM lesson_completion WHERE learner_id = ? AND course = ?", arguments: [id, course]))
            for row in try Row.fetchAll(db, sql: "SELECT * FROM question_state WHERE learner_id = ? AND course = ?",
                                        arguments: [id, course]) {
                progress.questions[row["question"]] = Self.questionProgress(row)
            }
            return StoredProgress(progress: progress, revision: enrolment["revision"])
        }
    }

    /// The review log of a learner's course, oldest first.
    static func reviews(_ learner: Int64, _ course: String, in db: Database) throws -> [CardReview] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT lesson, question, rating, reviewed_at, in_review, given, xp FROM review_log
            WHERE learner_id = ? AND course = ? ORDER BY id
            """), arguments: [learner, course]).map { row in
            CardReview(lessonID: row["lesson"], questionID: row["question"], rating: Rating(rawValue: row["rating"]) ?? .again,
                       at: row["reviewed_at"], isReview: row["in_review"], given: row["given"], xp: row["xp"])
        }
    }

    public func learners() throws(StoreError) -> [LearnerID] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT uid, profile FROM learner ORDER BY uid, profile").map { row in
                LearnerID(uid: UInt32(row["uid"] as Int64), profile: row["profile"])
            }
        }
    }

    public func lastCourse(for learner: LearnerID) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT last_course FROM learner WHERE uid = ? AND profile = ?",
                                arguments: [learner.uid, learner.profile])
        }
    }

    public func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String> {
        try read { db in
            guard let id = try Self.learnerID(learner, in: db) else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT day FROM study_day WHERE learner_id = ?", arguments: [id]))
        }
    }

    public func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer] {
        try read { db in
            guard let id = try Self.learnerID(learner, in: db) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE learner_id = ? AND course = ? ORDER BY id",
                                    arguments: [id, course]).map(StoredAnswer.init(row:))
        }
    }

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

    static func learnerID(_ learner: LearnerID, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM learner WHERE uid = ? AND profile = ?", arguments: [learner.uid, learner.profile])
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
}

extension StoredAnswer {
    init(row: Row) {
        lesson = row["lesson"]
        question = row["question"]
        given = row["given"]
        isCorrect = row["correct"]
        attempt = row["attempt"]
        usedHint = row["hint_used"]
        xp = row["xp"]
        answeredAt = row["answered_at"]
    }
}
