import Foundation
import NIOConcurrencyHelpers
import Synchronization
import Tutoring

/// The store algorithms, once for both stores: applying a batch of writes (the fold of its
/// events into rows, ``ProgressRows``), and every read of ``ProgressStorage``, over a
/// ``StoreDialect`` for what differs. ``SQLiteProgressStore`` and ``PostgresProgressStore``
/// open their database, keep what only they have, and hand the rest to one of these.
final class ProgressTables<Dialect: StoreDialect>: Sendable {
    let dialect: Dialect
    /// Learner row ids and the last study day recorded, so the hot write path neither asks
    /// for nor writes them again. Learner rows are never deleted; only committed values go in.
    private let known = NIOLockedValueBox([LearnerID: KnownLearner]())
    /// Queries the reads have run (for the tests of how many a read takes).
    let queriesRead = Atomic<Int>(0)

    struct KnownLearner {
        var row: Int64
        var day: String
    }

    init(_ dialect: Dialect) {
        self.dialect = dialect
    }

    var sql: StoreStatements { dialect.sql }

    /// Drops what the write path remembers of a learner (see ``ProgressStorage/forget(_:)``).
    func forget(_ learner: LearnerID) {
        known.withLockedValue { _ = $0.removeValue(forKey: learner) }
    }

    /// Learners the write path remembers (for tests).
    var rememberedLearners: Int { known.withLockedValue { $0.count } }

    // MARK: - Writing

    /// Applies a batch of writes in one transaction and returns the indices of those refused
    /// by their precondition (see ``ProgressStorage/record(_:)``).
    ///
    /// Learner by learner, in one order every tutord shares (learner key, profile), each
    /// learner's writes in their own order: two tutords committing batches of the same
    /// learners on one PostgreSQL database then take those learners' row locks in the same
    /// order and never deadlock.
    func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int> {
        let keys = writes.map { dialect.key(ofUser: $0.learner.uid) }
        let order = writes.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a].precedes(keys[b]) }
            if writes[a].learner.profile != writes[b].learner.profile { return writes[a].learner.profile < writes[b].learner.profile }
            return a < b
        }
        var learned: [LearnerID: KnownLearner] = [:]
        let refused = try dialect.transaction { connection throws(StoreError) -> Set<Int> in
            learned = [:]  // a retried transaction starts over
            var refused: Set<Int> = []
            for index in order where try !apply(writes[index], key: keys[index], on: connection, learned: &learned) {
                refused.insert(index)
            }
            return refused
        }
        // Remembered only now that the transaction is committed.
        known.withLockedValue { $0.merge(learned) { $1 } }
        return refused
    }

    /// Applies one write; `false` when its precondition does not hold (and nothing was applied).
    private func apply(_ write: ProgressWrite, key: StoreValue, on connection: Dialect.Connection,
                       learned: inout [LearnerID: KnownLearner]) throws(StoreError) -> Bool {
        let cached = learned[write.learner] ?? known.withLockedValue { $0[write.learner] }
        let course = StoreValue.text(write.course)
        if write.resetsCourse {
            var row = cached?.row
            if row == nil { row = try learnerRow(key, write.learner.profile, on: connection) }
            guard let row else { return true }
            for statement in sql.resetCourse {
                try connection.run(statement, [.integer(row), course])
            }
            return true
        }
        let stamp = dialect.time(write.date)  // made once per write, not per row
        var row = cached?.row
        if row == nil { row = try makeLearnerRow(key, write.learner.profile, at: stamp, on: connection) }
        let learner = StoreValue.integer(row!)
        if let hidden = write.hidesFromLeaderboard {
            try connection.run(sql.hideLearner, [.bool(hidden), learner])
            learned[write.learner] = KnownLearner(row: row!, day: cached?.day ?? "")
            return true
        }
        let rows = ProgressRows(write.events)
        guard try enrol(write, rows, learner, course, at: stamp, on: connection) else { return false }
        if write.opensCourse {
            try connection.run(sql.openCourse, [course, learner])
        }
        for answer in rows.answers {
            try connection.run(sql.insertAnswer, [learner, course, .text(answer.lesson), .text(answer.question), .text(answer.given),
                                                  .bool(answer.isCorrect), .int(answer.attempt), .bool(answer.usedHint), .int(answer.xp), stamp,
                                                  .text(answer.kind.rawValue)])
        }
        // Each question's row is read once and written once per write, in an order every
        // tutord shares.
        for question in rows.questions.sorted(by: { $0.id < $1.id }) {
            // The same fold the conversation uses (QuestionProgress), applied to the stored row.
            var state = try connection.rows(sql.readQuestion, [learner, course, .text(question.id)]).first.map(Self.questionProgress)
                ?? QuestionProgress()
            for change in question.changes { change.apply(to: &state) }
            try connection.run(sql.writeQuestion, [learner, course, .text(question.id), .int(state.attempts), .bool(state.isCorrect),
                                                   .bool(state.isCorrectOnFirstTry), .bool(state.isRevealed), .int(state.xp),
                                                   .text(question.kind.rawValue), .int(state.hintsSeen)])
        }
        for review in rows.reviews {
            try connection.run(sql.insertReview, [learner, course, .text(review.lessonID), .text(review.questionID),
                                                  .int(review.rating.rawValue), .integer(review.at), .bool(review.isReview),
                                                  .optional(review.given), .int(review.xp)])
        }
        for lesson in rows.completedLessons {
            try connection.run(sql.completeLesson, [learner, course, .text(lesson), stamp])
        }
        let day = StoredTime.day(write.date)
        if cached?.day != day {
            try connection.run(sql.studyDay, [learner, .text(day)])
        }
        learned[write.learner] = KnownLearner(row: row!, day: day)
        return true
    }

    /// Checks the write's precondition and applies its changes to the enrolment, in one
    /// statement (``EnrolmentSQL``); `false` when the precondition does not hold. In
    /// PostgreSQL a concurrent write of the same enrolment on another tutord holds its row
    /// until it commits; then the condition is checked against what it left.
    private func enrol(_ write: ProgressWrite, _ rows: ProgressRows, _ learner: StoreValue, _ course: StoreValue,
                       at stamp: StoreValue, on connection: Dialect.Connection) throws(StoreError) -> Bool {
        let finished = rows.finishesCourse ? stamp : .null
        var position: [StoreValue] = []
        if let moved = rows.position {
            position = [.text(moved.lessonID), .int(moved.lessonIndex), .int(moved.step), .optional(moved.nodeID), .int(moved.nodeBeat),
                        .bool(moved.isFinished)]
        }
        let statement = EnrolmentSQL.statement(write.precondition, movesPosition: rows.position != nil)
        switch write.precondition {
        case .unconditional, .notEnrolled:
            let inserted = try connection.changes(statement, [learner, course, stamp, .integer(write.revision), .int(rows.xp), finished] + position)
            return write.precondition == .unconditional || inserted > 0
        case .revision(let expected):
            return try connection.changes(statement, [.integer(write.revision), .int(rows.xp), finished] + position
                                          + [learner, course, .integer(expected)]) > 0
        }
    }

    /// The learner's row id, made now if they have none.
    private func makeLearnerRow(_ key: StoreValue, _ profile: String, at stamp: StoreValue,
                                on connection: Dialect.Connection) throws(StoreError) -> Int64 {
        guard let row = try connection.rows(sql.learnerRow, [key, .text(profile), stamp]).first, let id = row.first else {
            throw StoreError(.io, "cannot save progress: the learner row of \(profile) is missing")
        }
        return id.int64
    }

    /// The learner's row id, or `nil` if they never wrote anything.
    func learnerRow(_ key: StoreValue, _ profile: String, on connection: Dialect.Connection) throws(StoreError) -> Int64? {
        try connection.rows(sql.learnerID, [key, .text(profile)]).first?.first?.int64
    }

    /// A question's row: attempts, correct, first_try, revealed, xp, hints_seen.
    static func questionProgress(_ row: StoreRow) -> QuestionProgress {
        var state = QuestionProgress()
        state.attempts = row[0].int
        state.isCorrect = row[1].bool
        state.isCorrectOnFirstTry = row[2].bool
        state.isRevealed = row[3].bool
        state.xp = row[4].int
        state.hintsSeen = row[5].int
        return state
    }
}
