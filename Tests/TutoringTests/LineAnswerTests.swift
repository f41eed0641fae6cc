import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// "Which line?" questions: a line named in any spelling is judged by its number, right and
/// wrong alike, so the right idea never costs a try for its wording.
@Suite struct LineAnswerTests {
    static let course: Course = {
        let text = """
            course la
            title: LA
            level: beginner
            summary: S.

            lesson one
            title: One
            > Hello.
            takeaway: T.

            question which-line
            ask: Which line is wrong?
            accept: 6
            wrong: 1
              feedback: Line 1 is fine.
            explain: Line 6.
            hint: Count.

            question not-a-line
            ask: How many cores?
            accept: two cores
            explain: E.
            hint: H.
            """
        let result = DialogueParser().parse(text, file: "la")
        precondition(result.errors.isEmpty, "\(result.errors)")
        return result.course!
    }()

    private func answer(_ input: String, skipping: Int = 0) -> Response {
        var conversation = Conversation(course: Self.course)
        for line in ["", "", ""] { _ = conversation.respond(to: line) }
        for _ in 0..<skipping { _ = conversation.respond(to: "skip"); _ = conversation.respond(to: "") }
        precondition(conversation.expectation == .answer)
        return conversation.respond(to: input)
    }

    @Test(arguments: ["6", "line 6", "Line 6.", "line6", "l6", "ln 6", "ln6", "row 6", "#6", "line #6", "line number 6",
                      "on line 6", "the 6th line", "6th", "sixth", "the sixth line", "six", "06", "(6)", "it's line 6"])
    func anySpellingOfTheLineIsRight(_ input: String) {
        #expect(answer(input).turns.contains(.verdict(.correct)))
    }

    @Test(arguments: ["line 1", "l1", "first", "the first line"])
    func aWrongLineInAnySpellingGetsItsFeedback(_ input: String) {
        let reply = answer(input)
        #expect(reply.turns.contains(.verdict(.incorrect)))
        #expect(reply.turns.contains(.feedback("Line 1 is fine.")))
    }

    @Test(arguments: ["line 16", "lines", "sixty", "6 and 7", "line six hundred"])
    func otherTextIsNotLineSix(_ input: String) {
        #expect(!answer(input).turns.contains(.verdict(.correct)))
    }

    /// A quoted line or a word is not judged: the learner is asked for the number, and no try
    /// is spent (the next answer is still a first try).
    @Test(arguments: ["lesson Slicing", "the title line", "sixty"])
    func anAnswerThatIsNoLineIsNudgedNotJudged(_ input: String) {
        var conversation = Conversation(course: Self.course)
        for line in ["", "", ""] { _ = conversation.respond(to: line) }
        let nudged = conversation.respond(to: input)
        #expect(!nudged.turns.contains { if case .verdict = $0 { true } else { false } })
        #expect(nudged.turns.contains { if case .nudge(let text) = $0 { text.hasPrefix("Give the line's number") } else { false } })
        #expect(conversation.expectation == .answer)
        #expect(conversation.respond(to: "6").turns.contains { if case .xp(10, _) = $0 { true } else { false } })
    }

    /// Only questions answered with a number fold lines: elsewhere "2" is not "two cores".
    @Test func questionsNotAnsweredWithANumberAreUnchanged() {
        #expect(!Self.course.lessons[0].questions[1].acceptsALineNumber)
        #expect(answer("two cores", skipping: 1).turns.contains(.verdict(.correct)))
        #expect(!answer("2", skipping: 1).turns.contains(.verdict(.correct)))
    }

    @Test func theFoldItself() {
        #expect(lineNumber(inAnswerKey: "line 12") == "12")
        #expect(lineNumber(inAnswerKey: "twelfth") == "12")
        #expect(lineNumber(inAnswerKey: "lesson slicing") == nil)
        #expect(lineNumber(inAnswerKey: "") == nil)
    }
}
