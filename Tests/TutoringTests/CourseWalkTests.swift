import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// A learner who takes every detour and answers every question right walks the whole CPython
/// course, and never presses Enter through more than four tutor steps in a row (beats,
/// takeaways, lesson starts, across lesson boundaries) without being asked to act.
@Suite struct CourseWalkTests {
    @Test func neverMoreThanFourTutorStepsInARowWithoutAnAction() {
        let course = Fixtures.cpythonCourse
        var conversation = Conversation(course: course)
        var reply = conversation.open()
        var inARow = 1  // the opening is one
        var longest = (count: 1, where: "")
        for _ in 0..<2000 {
            let input: String
            switch reply.expectation {
            case .continue: input = ""
            case .choice: input = "yes"
            case .exercise: input = "skip"
            case .answer:
                guard let question = conversation.currentQuestion else { Issue.record("a quiz without a question"); return }
                input = question.options.firstIndex(where: \.isCorrect).map { String($0 + 1) } ?? question.correctAnswerText
            case .end:
                #expect(longest.count <= 4, "\(longest.count) tutor steps in a row, up to: \(longest.where)")
                #expect(conversation.progress.summary(for: course).correct == course.questions.count)
                return
            }
            reply = conversation.respond(to: input)
            if input.isEmpty, reply.expectation == .continue, !reply.turns.contains(where: { if case .verdict = $0 { true } else { false } }) {
                inARow += 1
                if inARow > longest.count {
                    longest = (inARow, reply.turns.compactMap { if case .tutor(let text) = $0 { text } else { nil } }.last ?? "")
                }
            } else {
                inARow = 0  // the learner acted; the tutor's answer to it is not a step on its own
            }
        }
        Issue.record("the walk never reached the end of the course")
    }
}
