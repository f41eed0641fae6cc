import Dialogue
import Foundation
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// A retry question in both stores: a learner who leaves while it is open resumes at it (its
/// place is the node's beat one past the last, in the columns a detour already has), and the
/// class's figures count it as a question of its own without changing those of the question
/// it replaced.
@Suite(.blockingThreads) struct RetryStoreTests {
    /// The course, from Tests/Fixtures (RetryEndToEndTests serves it too).
    static let course: Course = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/retry-course.dialogue").path
        return DialogueParser().parse((try? String(contentsOfFile: path, encoding: .utf8)) ?? "", file: path).course!
    }()

    let alice = LearnerID(uid: 1000)

    @Test(arguments: StoreKind.allCases) func aLearnerResumesAtTheOpenRetryQuestion(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        var conversation = Conversation(course: Self.course)
        let now = Int64(Date().timeIntervalSince1970)
        func record(_ response: Response, opens: Bool = false) throws {
            try store.record([ProgressWrite(learner: alice, course: "rt", events: response.events, date: Date(), opensCourse: opens)])
        }
        try record(conversation.open(at: now), opens: true)
        // Wrong at q1, the node's beat, then a wrong try at r1: r1 stays open.
        for input in ["", "", "1", "", "1"] { try record(conversation.respond(to: input, at: now)) }
        #expect(conversation.openQuiz?.question == "r1")

        var stored = try #require(try store.progress(for: alice, course: "rt"))
        #expect(stored.position == CoursePosition(lessonID: "one", step: 2, nodeID: "why", nodeBeat: 1))
        var expected = conversation.progress
        stored.startedAt = nil
        expected.startedAt = nil
        #expect(stored == expected)

        // A reconnect (or a restarted daemon) reads it back: r1 again, with its try counted.
        var resumed = Conversation(course: Self.course, progress: stored)
        let welcome = resumed.open(at: now)
        #expect(welcome.turns.contains(.quiz(id: "r1", prompt: "Pick e.", isFreeText: false)))
        #expect(!welcome.turns.contains(.quiz(id: "q1", prompt: "Pick b.", isFreeText: false)))
        let right = resumed.respond(to: "2", at: now)
        #expect(right.events.contains(.xpAwarded(questionID: "r1", points: 5)))
        try record(right)
        try record(resumed.respond(to: "", at: now))

        let after = try #require(try store.progress(for: alice, course: "rt"))
        #expect(after.position == CoursePosition(lessonID: "one", step: 3))
        #expect(after.questions["q1"]?.attempts == 1 && after.questions["q1"]?.isRevealed == true)
        #expect(after.questions["r1"]?.isCorrect == true && after.questions["r1"]?.attempts == 2)
        #expect(after.cards["q1"] != nil && after.cards["r1"] != nil)

        // The class's figures: q1 missed by its one learner, as before; r1 a question of its
        // own (tried, not right at the first try).
        let missed = try store.missedQuestions(course: "rt", limit: 5)
        #expect(Set(missed.map(\.question)) == ["q1", "r1"])
        #expect(missed.first { $0.question == "q1" } == MissedQuestion(course: "rt", question: "q1", missed: 1, answered: 1))
        let totals = try #require(try store.learnerTotals(course: "rt", since: nil, uid: nil, today: Date(timeIntervalSinceNow: 60)).first)
        #expect(totals.firstTry == 0 && totals.questionsTried == 2)
    }
}
