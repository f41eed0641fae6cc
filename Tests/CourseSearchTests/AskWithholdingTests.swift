import CourseCatalog
import Dialogue
import Foundation
import Testing
@testable import CourseSearch

/// `ask` never gives a quiz away, checked over every quiz of the shipped courses:
/// asked its prompt, or its right answer put as a question, at a learner who has settled every
/// other quiz, no quoted passage holds that answer's text or most of its key words, and the
/// quiz's lesson is pointed to instead of quoted (`goto N`).
@Suite struct AskWithholdingTests {
    static let courses: [Course] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["cpython-internals", "writing-courses"].map { id in
            let path = root.appendingPathComponent("Dialogues/\(id).dialogue").path
            return DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course!
        }
    }()

    static let answerer = CourseAnswerer(index: try! CourseIndex(courses: courses))

    /// The words of a right answer that say what it is: three letters or more, not a frame word.
    static func keyWords(_ answer: String) -> Set<String> {
        Set(SearchTerms.words(answer).flatMap(SearchTerms.parts).filter { $0.count >= 3 && !SearchTerms.stopwords.contains($0) })
    }

    /// Whether `text` gives `answer` away: it holds the answer's text, or at least half of its
    /// key words (each found by its first five letters, so `counts` finds `counting`).
    static func givesAway(_ text: String, _ answer: String) -> Bool {
        let plain = text.lowercased().filter { $0 != "`" }
        let wanted = answer.lowercased().filter { $0 != "`" }.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        if plain.contains(wanted) { return true }
        let words = keyWords(answer)
        guard !words.isEmpty else { return false }
        let found = words.filter { plain.contains($0.prefix(5)) }
        return found.count * 2 >= words.count
    }

    @Test func noQuizOfEitherCourseIsGivenAway() throws {
        var leaks: [String] = []
        var unpointed: [String] = []
        var unpointedPrompts: [String] = []
        var quizzes = 0
        for course in Self.courses {
            let all = Set(course.questions.map(\.id))
            for (lessonIndex, lesson) in course.lessons.enumerated() {
                for quiz in lesson.questions {
                    quizzes += 1
                    let answer = quiz.correctAnswerText
                    for text in [quiz.prompt, "is it that \(answer)?"] {
                        let question = CourseAnswerer.Question(
                            text: text, courses: [course.id], answered: [course.id: all.subtracting([quiz.id])],
                            lessonAt: [course.id: course.lessons.count - 1])
                        let found = try Self.answerer.answer(question)
                        for match in found where match.withheld == nil {
                            #expect(match.passage.lessonIndex != lessonIndex)
                            if Self.givesAway(match.snippet, answer) {
                                leaks.append("\(course.id) \(quiz.id) asked \"\(text)\" → lesson \(match.passage.lessonIndex + 1): \(match.snippet)")
                            }
                        }
                        if !found.contains(where: { $0.passage.lessonIndex == lessonIndex && $0.withheld == .quizUnsettled }) {
                            if text == quiz.prompt { unpointedPrompts.append("\(course.id) \(quiz.id)") }
                            unpointed.append("\(course.id) \(quiz.id) asked \"\(text)\" → \(found.map { "\($0.passage.lessonIndex + 1)\($0.withheld == nil ? "q" : "w")" })")
                        }
                    }
                }
            }
        }
        // Retry questions: their answers are not given away either (their prompts are not
        // indexed, so they are not asked to point to their lesson).
        for course in Self.courses {
            let all = Set(course.allQuestions.map(\.id))
            for quiz in course.lessons.flatMap(\.retryQuestions) {
                quizzes += 1
                let answer = quiz.correctAnswerText
                let question = CourseAnswerer.Question(text: "is it that \(answer)?", courses: [course.id], answered: [course.id: all.subtracting([quiz.id])],
                                                       lessonAt: [course.id: course.lessons.count - 1])
                for match in try Self.answerer.answer(question) where match.withheld == nil && Self.givesAway(match.snippet, answer) {
                    leaks.append("\(course.id) \(quiz.id) (retry) → lesson \(match.passage.lessonIndex + 1): \(match.snippet)")
                }
            }
        }
        print("ask withholding: \(quizzes) quizzes, \(leaks.count) leaks, \(unpointed.count) asks not pointed to the quiz's lesson")
        for line in leaks + unpointed { print("  \(line)") }
        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        // Its prompt always finds the quiz's lesson (prompts are indexed, never quoted); its
        // answer, worded as a question, may fall under the relevance cut: "I don't know" then.
        #expect(unpointedPrompts.isEmpty, "\(unpointedPrompts)")
    }

    /// A retry question's answer, said in another lesson, is not quoted until the retry
    /// question is settled, though the question it replaces is, and the learner never met it.
    @Test func aRetryQuestionsAnswerIsWithheldUntilItIsSettled() throws {
        let course = try #require(DialogueParser().parse("""
            course rq
            title: Rq
            level: beginner
            summary: A retry question's answer elsewhere.

            lesson one
            title: Frames
            > A frame holds one call's state.
            takeaway: One frame per call.
            question q1
            ask: What does a frame hold?
            - A thread
            + One call's state
            explain: One call.
            hint: A call.
            on-wrong: again

            node again
            > Each call has its own.
            question r1
            ask: How many frames does a recursion three deep have?
            - one
            + three frames stacked
            explain: One per call.
            hint: Count the calls.

            lesson two
            title: Recursion
            > A recursion three deep has three frames stacked on the interpreter stack.
            takeaway: Depth is frames.
            question q2
            ask: Pick b.
            - a
            + b
            explain: B.
            hint: B.
            """, file: "rq").course)
        let answerer = CourseAnswerer(index: try CourseIndex(courses: [course], copies: 1))
        func ask(settled: Set<String>) throws -> [CourseAnswerer.Match] {
            try answerer.answer(CourseAnswerer.Question(text: "how many frames does a recursion three deep have stacked?", courses: ["rq"],
                                                        answered: ["rq": settled], lessonAt: ["rq": 1]))
        }
        let unsettled = try ask(settled: ["q1", "q2"])
        #expect(unsettled.contains { $0.passage.lessonIndex == 1 && $0.withheld == .quizUnsettled }, "\(unsettled)")
        #expect(!unsettled.contains { $0.withheld == nil && $0.passage.lessonIndex == 1 })
        let settled = try ask(settled: ["q1", "q2", "r1"])
        #expect(settled.contains { $0.passage.lessonIndex == 1 && $0.withheld == nil }, "\(settled)")
    }
}
