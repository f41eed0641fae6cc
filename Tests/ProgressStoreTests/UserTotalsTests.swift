import Foundation
import GRDB
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// One user's totals (the asker's own row on a classroom's board, a user's own daemon) are read
/// by the indexes on `learner_id`, not by scanning the class, and are the class's rows of that
/// user.
@Suite(.blockingThreads) struct UserTotalsTests {
    let classroom = ClassTotalsTests()

    /// SQLite's plan of every statement of the user's read searches an index, in every table it
    /// touches. The statements that left the user open (`? IS NULL OR learner_id IN (…)`) were
    /// planned as scans of whole tables, whatever the value.
    @Test func aUsersTotalsSearchTheIndexes() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteProgressStore.open(path: directory.database)
        for index in 0..<10 { try classroom.study(index, store) }
        let queue = try DatabaseQueue(path: directory.database)
        for (name, statement) in SQLiteDialect.catalogue.userTotals.all {
            // The values do not change SQLite's plan; each placeholder gets one.
            let values = Array(repeating: 3002, count: statement.text.filter { $0 == "?" }.count)
            let plan = try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.text, arguments: StatementArguments(values)).map { $0["detail"] as String }
            }
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(name): \(plan)")
            #expect(plan.contains { $0.hasPrefix("SEARCH learner USING") && $0.contains("INDEX") }, "\(name): \(plan)")
            if name != "learners" {
                #expect(plan.contains { $0.hasPrefix("SEARCH") && !$0.hasPrefix("SEARCH learner") && $0.contains("INDEX") }, "\(name): \(plan)")
            }
        }
    }

    /// PostgreSQL reads the user's rows by the same indexes, once it knows the class is large
    /// (1,000 learners with a row in every table, analysed; on a few rows it rightly prefers to
    /// scan): every table of the user's read is searched by `learner_id` (the learners by user
    /// name), none scanned. The statements that left the user open were scans whatever values
    /// were bound: PostgreSQL keeps an `IN` under an `OR` as a filter on every row.
    @Test func aUsersTotalsSearchTheIndexesInPostgres() throws {
        let directory = try TemporaryDirectory()
        guard let store = try StoreKind.postgres.open(directory) as? PostgresProgressStore else { throw StoreError(.io, "not PostgreSQL") }
        let answer = AnswerRecord(lessonID: "one", questionID: "q1", given: "b", isCorrect: true, attempt: 1, usedHint: false)
        let review = CardReview(lessonID: "one", questionID: "q1", rating: .good, at: Int64(classroom.now.timeIntervalSince1970), isReview: false, given: "b")
        let events: [TutoringEvent] = [.answerRecorded(answer), .xpAwarded(questionID: "q1", points: 5), .cardReviewed(review), .lessonCompleted(lessonID: "one")]
        for first in stride(from: 0, to: 1_000, by: 500) {
            try store.record((first..<first + 500).map { index in
                ProgressWrite(learner: LearnerID(uid: 100_000 + UInt32(index)), course: "tiny", events: events, date: classroom.now, opensCourse: true)
            })
        }
        let key = store.tables.dialect.key(ofUser: 100_002)
        // Waited for (`rows`, not `run`): the plans below are made on another link of the pool.
        _ = try store.tables.dialect.read { connection throws(StoreError) in try connection.rows(StoreSQL("ANALYZE"), []) }
        for (name, statement) in PostgresDialect.catalogue.userTotals.all {
            // Null for the times of a week's board, then the course (twice) and the user.
            let count = statement.text.filter { $0 == "?" }.count
            let values: [StoreValue] = count == 1 ? [key] : Array(repeating: .null, count: count - 3) + [.text("tiny"), .text("tiny"), key]
            let plan = try store.tables.dialect.read { connection throws(StoreError) in
                try connection.rows(StoreSQL("EXPLAIN " + statement.text), values).map { $0[0].text }
            }
            #expect(!plan.contains { $0.contains("Seq Scan") }, "\(name): \(plan)")
            #expect(plan.contains { $0.contains("Index Cond: (user_name = ") }, "\(name): \(plan)")
            if name != "learners" {
                #expect(plan.contains { $0.contains("Index Cond: ((learner_id = ") || $0.contains("Index Cond: (learner_id = ") }, "\(name): \(plan)")
            }
        }
    }

    /// For every user, course and week: the user's read gives the class read's rows of that user.
    @Test(arguments: StoreKind.allCases) func aUsersTotalsAreTheClasssRowsOfThatUser(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        for index in 0..<30 { try classroom.study(index, store) }
        let now = classroom.now
        for since in [nil, now.addingTimeInterval(-2 * classroom.day)] {
            for course in [nil, "tiny", "other"] {
                let everyone = try store.learnerTotals(course: course, since: since, uid: nil, today: now)
                for uid: UInt32 in 3000...3007 {
                    let mine = try store.learnerTotals(course: course, since: since, uid: uid, today: now)
                    #expect(mine == everyone.filter { $0.learner.uid == uid }, "uid \(uid), course \(course ?? "all"), since \(String(describing: since))")
                }
                #expect(Set(everyone.map(\.learner.uid)).count == 7)
            }
        }
    }
}
