import Foundation
import Testing
import Tutoring
@testable import ProgressStore

/// The one mapping from a write's events to rows (``ProgressRows``), as values; the stores'
/// execution of it is held to the conversation's own fold by the conformance suite.
@Suite struct ProgressRowsTests {
    func answer(_ question: String, _ given: String, correct: Bool, attempt: Int) -> TutoringEvent {
        .answerRecorded(AnswerRecord(lessonID: "one", questionID: question, given: given, isCorrect: correct, attempt: attempt, usedHint: false))
    }

    @Test func anAnswerGoesInWithTheXPThatFollowsItAndTheEnrolmentGainsAllOfIt() {
        let rows = ProgressRows([
            answer("q1", "a", correct: false, attempt: 1),
            answer("q1", "b", correct: true, attempt: 2),
            .xpAwarded(questionID: "q1", points: 5),
            .cardReviewed(CardReview(lessonID: "one", questionID: "q0", rating: .good, at: 100, isReview: true, given: "x", xp: 3)),
        ])
        #expect(rows.answers.map(\.given) == ["a", "b"])
        #expect(rows.answers.map(\.xp) == [0, 5])
        #expect(rows.xp == 8)
        #expect(rows.reviews.count == 1)
    }

    @Test func eachQuestionIsTouchedOnceWithItsChangesInOrder() {
        let rows = ProgressRows([
            answer("q2", "x", correct: false, attempt: 1),
            answer("q1", "a", correct: false, attempt: 1),
            .questionRevealed(questionID: "q2"),
            .xpAwarded(questionID: "q1", points: 2),
        ])
        #expect(rows.questions.map(\.id) == ["q2", "q1"])
        #expect(rows.questions[0].changes == [.answered(isCorrect: false, attempt: 1, kind: .quiz), .revealed])
        #expect(rows.questions[1].changes == [.answered(isCorrect: false, attempt: 1, kind: .quiz), .xp(2)])
    }

    @Test func theQuestionChangesFoldAsTheConversationFoldsTheEvents() {
        let events: [TutoringEvent] = [
            answer("q1", "a", correct: false, attempt: 1), .questionRevealed(questionID: "q1"),
            answer("q1", "b", correct: true, attempt: 2), answer("q2", "y", correct: true, attempt: 1), .xpAwarded(questionID: "q2", points: 10),
        ]
        var expected = LearnerProgress()
        for event in events { expected.apply(event) }
        for question in ProgressRows(events).questions {
            var state = QuestionProgress()
            for change in question.changes { change.apply(to: &state) }
            #expect(state == expected.questions[question.id])
        }
    }

    @Test func theLastPositionAndTheFinishAreKept() {
        let first = CoursePosition(lessonID: "one", lessonIndex: 0, step: 1, nodeID: nil, nodeBeat: 0, isFinished: false)
        let last = CoursePosition(lessonID: "two", lessonIndex: 1, step: 0, nodeID: nil, nodeBeat: 0, isFinished: true)
        let rows = ProgressRows([.positionMoved(first), .lessonCompleted(lessonID: "one"), .courseCompleted, .positionMoved(last)])
        #expect(rows.position == last)
        #expect(rows.finishesCourse)
        #expect(rows.completedLessons == ["one"])
        #expect(ProgressRows([]) == ProgressRows([]))
        #expect(ProgressRows([]).position == nil && !ProgressRows([]).finishesCourse)
    }

    @Test func revisionsAreNeverZeroAndNeverRepeatInAProcess() {
        let revisions = (0..<200_000).map { _ in ProgressWrite.freshRevision() }
        #expect(revisions.allSatisfy { $0 > 0 })
        #expect(Set(revisions).count == revisions.count)
    }
}
