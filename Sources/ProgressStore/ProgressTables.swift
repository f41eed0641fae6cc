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
    /// by their precondition (see ``ProgressStorage/record(_:)``) and, when `skippingHeld`,
    /// of those left out because another session holds their learner's row
    /// (``ProgressStorage/recordUnlessHeld(_:)``).
    ///
    /// Table by table, one statement each over the batch's rows (``BatchSQL``), in a fixed
    /// number of statements whatever the batch's size: the learners' row ids, the stored
    /// revisions of the enrolments written, the stored states of the questions touched, then
    /// the writes (``ProgressBatch`` resolves the preconditions and folds the rows between).
    ///
    /// Two tutords on one PostgreSQL database never deadlock: the first statement that reads
    /// the learners' ids also locks their rows, in id order (``StoreStatements/lockLearners``),
    /// and every row of a learner (enrolments, questions, answers, the learner row itself) is
    /// written only under that lock. So the only lock two transactions can wait for each other
    /// on is a learner's, and those are taken in one order. What a learner's row lock guards
    /// also makes the enrolments read here the ones the writes find: no other transaction may
    /// store or change one until this one ends. Learners new to the database are inserted
    /// before that, in key order (a new row is not locked by the statement, but two
    /// transactions inserting the same learner wait for each other, so they must insert in
    /// one order too). SQLite has one writer and none of this to do.
    ///
    /// `skippingHeld` takes the learners' locks with `SKIP LOCKED` (``StoreStatements/lockFreeLearners``):
    /// a learner whose row another session holds is not waited for, and none of their writes
    /// is read, checked or written here; the others' are, as if the held learner's writes were
    /// not in the batch (a learner's writes depend on no other learner's). The one wait left is
    /// an insert of a new learner that another transaction is inserting too, which lasts until
    /// that transaction ends.
    func record(_ writes: [ProgressWrite], skippingHeld: Bool = false) throws(StoreError) -> BatchOutcome {
        var learners: [LearnerID] = []
        var seen: Set<LearnerID> = []
        for write in writes where seen.insert(write.learner).inserted { learners.append(write.learner) }
        let cached = known.withLockedValue { known in learners.reduce(into: [LearnerID: KnownLearner]()) { $0[$1] = known[$1] } }
        var learned: [LearnerID: KnownLearner] = [:]
        let outcome = try dialect.transaction { connection throws(StoreError) -> BatchOutcome in
            let (ids, held) = try learnerRows(writes, learners, cached: cached, skippingHeld: skippingHeld, on: connection)
            // The writes this transaction applies (by index in `writes`), in order.
            let taken = writes.indices.filter { !held.contains(writes[$0].learner) }
            var batch = ProgressBatch(taken.map { writes[$0] }, ids: ids)
            var stored: [ProgressBatch.Pair: Int64] = [:]
            for row in try connection.rows(sql.readEnrolments, rows: batch.pairs.map { [.integer($0.learner), .text($0.course)] }) {
                stored[ProgressBatch.Pair(learner: row[0].int64, course: row[1].text)] = row[2].int64
            }
            batch.resolve(stored: stored)
            let asked = batch.questionsToRead
            var questions: [ProgressBatch.QuestionKey: QuestionProgress] = [:]
            for row in try connection.rows(sql.readQuestions, rows: asked.map { [.integer($0.pair.learner), .text($0.pair.course), .text($0.question)] }) {
                let key = ProgressBatch.QuestionKey(pair: ProgressBatch.Pair(learner: row[0].int64, course: row[1].text), question: row[2].text)
                questions[key] = Self.questionProgress(Array(row[3...]))
            }
            let rows = batch.rows(questions: questions, knownDays: cached.mapValues(\.day), time: dialect.time)
            for statement in sql.resetCourses { try connection.run(statement, rows: rows.resets) }
            try connection.run(sql.insertEnrolments, rows: rows.newEnrolments)
            try connection.run(sql.updateEnrolments, rows: rows.movedEnrolments)
            try connection.run(sql.writeQuestions, rows: rows.questions)
            try connection.run(sql.insertAnswers, rows: rows.answers)
            try connection.run(sql.insertReviews, rows: rows.reviews)
            try connection.run(sql.completeLessons, rows: rows.lessons)
            try connection.run(sql.insertStudyDays, rows: rows.studyDays)
            try connection.run(sql.updateLearners, rows: rows.learners)
            // A retried transaction starts over.
            learned = [:]
            for (learner, id) in ids { learned[learner] = KnownLearner(row: id, day: rows.days[learner] ?? cached[learner]?.day ?? "") }
            return BatchOutcome(refused: Set(batch.refused.map { taken[$0] }),
                                held: Set(writes.indices.filter { held.contains(writes[$0].learner) }))
        }
        // Remembered only now that the transaction is committed.
        known.withLockedValue { $0.merge(learned) { $1 } }
        return outcome
    }

    /// Every learner's row id, making the rows of learners new to the database (unless all
    /// they do is reset a course); in PostgreSQL, every learner's row locked (see ``record(_:skippingHeld:)``).
    /// With `skippingHeld`, the learners whose rows another session holds are returned apart,
    /// with no id.
    private func learnerRows(_ writes: [ProgressWrite], _ learners: [LearnerID], cached: [LearnerID: KnownLearner], skippingHeld: Bool,
                             on connection: Dialect.Connection) throws(StoreError) -> (ids: [LearnerID: Int64], held: Set<LearnerID>) {
        var ids = cached.mapValues(\.row)
        var created: [LearnerID: Date] = [:]
        for write in writes where cached[write.learner] == nil && !write.resetsCourse && created[write.learner] == nil {
            created[write.learner] = write.date
        }
        let keys = Dictionary(uniqueKeysWithValues: learners.map { ($0, dialect.key(ofUser: $0.uid)) })
        let new = created.keys.sorted { a, b in
            if keys[a] != keys[b] { return keys[a]!.precedes(keys[b]!) }
            return a.profile < b.profile
        }
        // ON CONFLICT DO NOTHING: a learner another tutord stored first (or is storing: the
        // insert waits for that transaction to end) keeps its row; the lock below reads its id.
        try connection.run(sql.insertLearners, rows: new.map { [keys[$0]!, .text($0.profile), dialect.time(created[$0]!)] })
        let skipping = skippingHeld && dialect.locksLearners
        let asked = dialect.locksLearners ? learners : learners.filter { cached[$0] == nil }
        var byKey: [LearnerKey: LearnerID] = [:]
        for learner in asked { byKey[LearnerKey(key: keys[learner]!, profile: learner.profile)] = learner }
        var locked: Set<LearnerID> = []
        for row in try connection.rows(skipping ? sql.lockFreeLearners : sql.lockLearners, rows: asked.map { [keys[$0]!, .text($0.profile)] }) {
            if let learner = byKey[LearnerKey(key: row[1], profile: row[2].text)] {
                ids[learner] = row[0].int64
                locked.insert(learner)
            }
        }
        var held: Set<LearnerID> = []
        if skipping {
            let newLearners = Set(new)
            for learner in asked where !locked.contains(learner) {
                // A known learner's row exists (learner rows are never deleted), and so does a
                // new one's after the insert: skipped, it is held by another session. A learner
                // who only resets and is not known here may have no row at all (nothing to
                // reset), which only a read without a lock tells apart.
                var stored = cached[learner] != nil || newLearners.contains(learner)
                if !stored { stored = try learnerRow(keys[learner]!, learner.profile, on: connection) != nil }
                if stored {
                    held.insert(learner)
                    ids[learner] = nil
                }
            }
        }
        for learner in new where ids[learner] == nil && !held.contains(learner) {
            throw StoreError(.io, "cannot save progress: the learner row of \(learner.profile) is missing")
        }
        return (ids, held)
    }

    /// A learner as the learner table keys them.
    private struct LearnerKey: Hashable {
        var key: StoreValue
        var profile: String
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
