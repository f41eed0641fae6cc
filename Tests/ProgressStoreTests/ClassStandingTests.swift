import Dialogue
import Foundation
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// What leaderboards and reports read: every learner's totals in one course or all,
/// the XP of the last week, hiding from the leaderboard (a committed write), and the questions
/// most learners missed.
@Suite(.blockingThreads) struct ClassStandingTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)
    let week = 7 * 86_400.0

    func answer(_ learner: LearnerID, _ inputs: [String], _ store: any ProgressStorage, at date: Date) throws {
        var conversation = Conversation(course: storeCourse, progress: try store.progress(for: learner, course: "tiny") ?? LearnerProgress())
        var writes = [ProgressWrite(learner: learner, course: "tiny", events: conversation.open().events, date: date, opensCourse: true)]
        for input in inputs { writes.append(ProgressWrite(learner: learner, course: "tiny", events: conversation.respond(to: input).events, date: date)) }
        try store.record(writes)
    }

    @Test(arguments: StoreKind.allCases) func totalsPerLearnerAndTheWeek(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try answer(alice, ["", "", "b"], store, at: now.addingTimeInterval(-2 * week))  // right at once, two weeks ago
        try answer(bob, ["", "", "a", "b"], store, at: now)                              // wrong, then right, today
        let all = try store.learnerTotals(course: "tiny", today: now).sorted { $0.learner.uid < $1.learner.uid }
        #expect(all.map(\.xp) == [10, 5])
        #expect(all.map(\.firstTry) == [1, 0] && all.map(\.questionsTried) == [1, 1])
        #expect(all.map(\.streak) == [0, 1])
        #expect(all[1].lastActive == now)
        let lastWeek = try store.learnerTotals(course: "tiny", since: now.addingTimeInterval(-week), uid: nil, today: now).sorted { $0.learner.uid < $1.learner.uid }
        #expect(lastWeek.map(\.xp) == [0, 5])
        #expect(try store.learnerTotals(course: "tiny", since: nil, uid: 1001, today: now).map(\.learner) == [bob])
        #expect(try store.learnerTotals(course: "other", today: now).isEmpty)
        #expect(try store.missedQuestions(course: "tiny") == [MissedQuestion(course: "tiny", question: "q1", missed: 1, answered: 2)])
    }

    /// A clock set forward (`TUTORD_NOW`) stamps answers and reviews in the future; back at
    /// the real time, the week's XP counts none of them, though the all-time total does.
    @Test(arguments: StoreKind.allCases) func xpStampedInTheFutureIsNotInTheWeek(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let now: Int64 = 1_800_000_000
        func run(_ learner: LearnerID, _ inputs: [String], at time: Int64) throws {
            var conversation = Conversation(course: storeCourse, progress: try store.progress(for: learner, course: "tiny") ?? LearnerProgress())
            let date = Date(timeIntervalSince1970: TimeInterval(time))
            var writes = [ProgressWrite(learner: learner, course: "tiny", events: conversation.open(at: time).events, date: date, opensCourse: true)]
            for input in inputs { writes.append(ProgressWrite(learner: learner, course: "tiny", events: conversation.respond(to: input, at: time).events, date: date)) }
            try store.record(writes)
        }
        try run(alice, ["", "", "b"], at: now + 3 * 86_400)               // 10 XP, three days ahead
        try run(bob, ["", "", "a", "b"], at: now - 86_400)                // 5 XP, yesterday
        try run(bob, ["review", "b", ""], at: now + 2 * 86_400)           // a review, two days ahead
        let today = Date(timeIntervalSince1970: TimeInterval(now))
        let all = try store.learnerTotals(course: "tiny", today: today).sorted { $0.learner.uid < $1.learner.uid }
        #expect(all.map(\.xp) == [10, 5 + Conversation.reviewXP])
        let lastWeek = try store.learnerTotals(course: "tiny", since: today.addingTimeInterval(-week), uid: nil, today: today)
            .sorted { $0.learner.uid < $1.learner.uid }
        #expect(lastWeek.map(\.xp) == [0, 5])
    }

    @Test(arguments: StoreKind.allCases) func hidingIsAStoredFlagOfTheLearner(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let now = Date()
        try answer(alice, ["", "", "b"], store, at: now)
        try store.record([.leaderboard(alice, hidden: true, date: now)])
        #expect(try store.learnerTotals(course: nil, today: now).first?.isHidden == true)
        try store.record([.leaderboard(alice, hidden: false, date: now)])
        #expect(try store.learnerTotals(course: nil, today: now).first?.isHidden == false)
    }
}

/// Shorthands for these tests.
extension ProgressStorage {
    /// Every learner's totals in one course, or in all, over all time.
    func learnerTotals(course: String?, today: Date) throws(StoreError) -> [LearnerTotals] {
        try learnerTotals(course: course, since: nil, uid: nil, today: today)
    }

    /// The five questions most learners missed.
    func missedQuestions(course: String?) throws(StoreError) -> [MissedQuestion] {
        try missedQuestions(course: course, limit: 5)
    }
}
