import Dialogue
import Foundation
import GRDB
import SpacedReview
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// Review cards in the store: the log is kept in full, the cards are its FSRS fold,
/// review XP is counted once, resets forget the log, exports carry it, and answers stored
/// before review existed become cards when the database is migrated.
@Suite(.blockingThreads) struct ReviewStoreTests {
    let alice = LearnerID(uid: 1000)

    /// Lesson 1's quiz answered wrong then right at `t`, then a review of it a day later.
    func storeWithAReview(_ store: any ProgressStorage, at t: Int64 = 1_767_600_000) throws -> Conversation {
        var conversation = Conversation(course: storeCourse)
        func run(_ input: String?, at time: Int64) throws {
            let response = input.map { conversation.respond(to: $0, at: time) } ?? conversation.open(at: time)
            try store.record([ProgressWrite(learner: alice, course: "tiny", events: response.events,
                                            date: Date(timeIntervalSince1970: TimeInterval(time)), opensCourse: input == nil)])
        }
        try run(nil, at: t)
        for input in ["", "", "a", "b"] { try run(input, at: t) }
        for input in ["review", "b", ""] { try run(input, at: t + 86_400) }
        return conversation
    }

    @Test(arguments: StoreKind.allCases) func theLogRebuildsTheSameCardsAndCountsReviewXPOnce(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let conversation = try storeWithAReview(store)
        let stored = try #require(try store.progress(for: alice, course: "tiny"))
        #expect(stored.cards == conversation.progress.cards)
        #expect(stored.cards["q1"]?.phase == .learning || stored.cards["q1"]?.phase == .review)
        #expect(stored.reviewed == 1 && stored.reviewedRight == 1)
        #expect(stored.xp == conversation.progress.xp)
        #expect(stored.xp == 5 + Conversation.reviewXP)
    }

    @Test(arguments: StoreKind.allCases) func resetForgetsTheLog(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try storeWithAReview(store)
        try store.reset(alice, course: "tiny")
        #expect(try store.progressExport(alice).courses.isEmpty)
        // Back in the course, nothing of the old log comes back.
        var again = Conversation(course: storeCourse)
        try store.record([ProgressWrite(learner: alice, course: "tiny", events: again.open().events, date: Date(), opensCourse: true)])
        let stored = try #require(try store.progress(for: alice, course: "tiny"))
        #expect(stored.cards.isEmpty && stored.reviewed == 0 && stored.xp == 0)
    }

    @Test(arguments: StoreKind.allCases) func exportCarriesTheLogAndTheCards(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try storeWithAReview(store)
        let object = try #require(try JSONSerialization.jsonObject(with: try store.export(alice)) as? [String: Any])
        let course = try #require((object["courses"] as? [[String: Any]])?.first)
        let reviews = try #require(course["reviews"] as? [[String: Any]])
        #expect(reviews.map { $0["rating"] as? String } == ["again", "good"])
        #expect(reviews.map { $0["in_review"] as? Bool } == [false, true])
        #expect(reviews.first?["reviewed_at"] as? String == "2026-01-05T08:00:00Z")
        let cards = try #require(course["cards"] as? [[String: Any]])
        #expect(cards.map { $0["question"] as? String } == ["q1"])
    }

    @Test func answersFromBeforeReviewBecomeCardsOnMigration() throws {
        let directory = try TemporaryDirectory()
        // A database as tutord wrote it before spaced review: schema v1 only.
        let queue = try DatabaseQueue(path: directory.database)
        try Schema.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO learner (id, uid, profile, created_at) VALUES (1, 1000, '', '2026-01-05 08:00:00.000')")
            try db.execute(sql: "INSERT INTO enrolment (learner_id, course, started_at) VALUES (1, 'tiny', '2026-01-05 08:00:00.000')")
            for (question, correct, attempt, hint, at) in [("q1", false, 1, false, "08:00:00"), ("q1", true, 2, false, "08:01:00"),
                                                            ("q2", true, 1, true, "08:05:00")] {
                try db.execute(sql: """
                    INSERT INTO answer (learner_id, course, lesson, question, given, correct, attempt, hint_used, answered_at)
                    VALUES (1, 'tiny', 'one', ?, 'x', ?, ?, ?, ?)
                    """, arguments: [question, correct, attempt, hint, "2026-01-05 \(at).000"])
            }
        }
        try queue.close()
        let store = try SQLiteProgressStore.open(path: directory.database)
        let progress = try #require(try store.progress(for: alice, course: "tiny"))
        let t: Int64 = 1_767_600_000  // 2026-01-05 08:00:00 UTC
        let scheduler = LearnerProgress.scheduler
        #expect(progress.cards["q1"] == scheduler.review(CardState(due: t), rating: .again, at: t))
        #expect(progress.cards["q2"] == scheduler.review(CardState(due: t + 300), rating: .hard, at: t + 300))
        #expect(progress.reviewed == 0)
    }
}
