import Foundation
import GRDB
import Testing
import Tutoring
@testable import ProgressStore

/// The write-ahead log is copied back by the store's checkpointer, not by the commits:
/// a commit never pays for a checkpoint below the backstop, the checkpointer starts the log
/// over, and the backstop keeps the log bounded when the checkpointer cannot run.
@Suite struct CheckpointTests {
    /// Commits answers of many learners (each a few pages of the log) until the log, as the
    /// WAL hook saw it after a commit, holds `pages`, or `limit` commits were made.
    func write(untilLogHolds pages: Int, store: SQLiteProgressStore, limit: Int = 2000, from start: Int = 0) throws -> [Int] {
        var seen: [Int] = []
        var learner = start
        while seen.count < limit {
            var writes: [ProgressWrite] = []
            for _ in 0..<10 {
                learner += 1
                let answer = AnswerRecord(lessonID: "one", questionID: "q1", given: String(repeating: "x", count: 200),
                                          isCorrect: false, attempt: 1, usedHint: false)
                writes.append(ProgressWrite(learner: LearnerID(uid: UInt32(learner)), course: "tiny", events: [.answerRecorded(answer)], date: Date()))
            }
            try store.record(writes)
            seen.append(try #require(store.checkpointer).lastLogPages)
            if seen.last! >= pages { break }
        }
        return seen
    }

    /// New files get small pages; a file made with SQLite's default 4 KiB pages keeps them and
    /// goes on working, and the checkpointer's thresholds are the same number of bytes in both.
    @Test func newFilesHaveSmallPagesAndOlderFilesKeepTheirs() throws {
        let fresh = try TemporaryDirectory()
        let small = try SQLiteProgressStore.open(path: fresh.database)
        #expect(try small.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 1024)
        #expect(try #require(small.checkpointer).thresholdPages == 16_384)
        #expect(try #require(small.checkpointer).backstopPages == 65_536)

        let older = try TemporaryDirectory()
        do {
            let queue = try DatabaseQueue(path: older.database)
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL") }
            try Schema.migrator.migrate(queue)
        }
        let store = try SQLiteProgressStore.open(path: older.database)
        #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
        #expect(try #require(store.checkpointer).thresholdPages == 4096)
        _ = try write(untilLogHolds: 50, store: store)
        #expect(try store.answerCount() > 0)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func commitsLeaveTheLogToTheCheckpointer() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteProgressStore.open(path: directory.database, readOnly: false, checkpointPages: (threshold: 200, backstop: 100_000))
        let checkpointer = try #require(store.checkpointer)
        checkpointer.hold()
        // SQLite's automatic checkpoint would have started the log over at 1,000 pages.
        let held = try write(untilLogHolds: 1500, store: store)
        #expect(held.last! >= 1500)
        #expect(zip(held, held.dropFirst()).allSatisfy { $0 < $1 }, "the log only grew while the checkpointer was held")
        #expect(checkpointer.completedCheckpoints == 0)

        // Woken while held, it runs now; the next commit then starts the log over.
        checkpointer.release()
        #expect(checkpointer.completedCheckpoints == 1)
        let after = try write(untilLogHolds: 0, store: store, from: 100_000)
        #expect(after.last! < 100, "the log was started over after the checkpoint")
        #expect(try store.answerCount() == held.count * 10 + 10)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func theBackstopBoundsTheLogWhenTheCheckpointerCannotRun() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteProgressStore.open(path: directory.database, readOnly: false, checkpointPages: (threshold: 100, backstop: 400))
        let checkpointer = try #require(store.checkpointer)
        checkpointer.hold()
        let seen = try write(untilLogHolds: .max, store: store, limit: 300)
        // Each commit here adds well under 100 pages; the writer checkpoints at 400.
        #expect(seen.max()! < 500)
        #expect(seen.contains { $0 < 100 } && seen.filter { $0 >= 400 }.count >= 2, "the log reached the backstop and started over")
        #expect(checkpointer.completedCheckpoints == 0)
        #expect(try store.answerCount() == 3000)
        checkpointer.release()
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func progressWrittenBeforeACheckpointReadsTheSameAfterIt() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try SQLiteProgressStore.open(path: directory.database, readOnly: false, checkpointPages: (threshold: 50, backstop: 100_000))
            _ = try write(untilLogHolds: 300, store: store)
            store.checkpointer?.release()
            #expect((store.checkpointer?.completedCheckpoints ?? 0) >= 1)
        }
        let reopened = try SQLiteProgressStore.open(path: directory.database)
        #expect(try reopened.answers(for: LearnerID(uid: 1), course: "tiny").map(\.given) == [String(repeating: "x", count: 200)])
        #expect(try reopened.integrityCheck() == "ok")
    }
}
