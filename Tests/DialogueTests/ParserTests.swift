import Foundation
import Testing
@testable import Dialogue

/// A small valid course that tests break in one place at a time.
let validCourse = """
    course demo
    title: Demo
    level: beginner
    summary: A tiny course.

    lesson one
    title: One
    icon: 🧪
    > Hello.
    > Still the first beat.

    > Second beat.
    offer extra: Want more?
    takeaway: Something to remember.

    question q1
    ask: Pick b.
    - a
      feedback: Not a.
    + b
    explain: Because b.
    hint: It is b.
    xp: 20
    on-wrong: why-b

    node extra
    > More detail.

    node why-b
    > Why b is right.
    """

func parse(_ text: String) -> ParseResult {
    DialogueParser().parse(text, file: "t.dialogue")
}

/// Diagnostics as `line:column: message` for compact assertions.
func problems(_ text: String) -> [String] {
    parse(text).diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
}

@Suite struct ParserTests {
    @Test func parsesAValidCourse() throws {
        let result = parse(validCourse)
        #expect(result.diagnostics.isEmpty)
        let course = try #require(result.course)
        #expect(course.id == "demo")
        #expect(course.title == "Demo")
        #expect(course.level == "beginner")
        #expect(course.summary == "A tiny course.")
        let lesson = try #require(course.lessons.first)
        #expect(lesson.id == "one")
        #expect(lesson.icon == "🧪")
        #expect(lesson.takeaway == "Something to remember.")
        #expect(lesson.steps.count == 5)
        #expect(lesson.steps[0] == .beat(Beat(messages: ["Hello.", "Still the first beat."])))
        #expect(lesson.steps[1] == .beat(Beat(messages: ["Second beat."])))
        #expect(lesson.steps[2] == .offer(Offer(node: "extra", prompt: "Want more?")))
        let question = try #require(lesson.questions.first)
        #expect(question.options == [
            AnswerOption(text: "a", isCorrect: false, feedback: "Not a."),
            AnswerOption(text: "b", isCorrect: true),
        ])
        #expect(question.xp == 20)
        #expect(question.hints == ["It is b."])
        #expect(question.remedialNode == "why-b")
        #expect(lesson.nodes["extra"]?.beats == [Beat(messages: ["More detail."])])
    }

    @Test func continuationLinesJoinTheLineAbove() throws {
        let text = validCourse.replacingOccurrences(of: "> Second beat.", with: "> Second\n  beat,\n\tcontinued.")
        let course = try #require(parse(text).course)
        #expect(course.lessons[0].steps[1] == .beat(Beat(messages: ["Second beat, continued."])))
    }

    @Test func commentsAndCRLFAndBOMAreIgnored() throws {
        let text = "\u{FEFF}# a comment\r\n" + validCourse.replacingOccurrences(of: "\n", with: "\r\n# between\r\n")
        let result = parse(text)
        #expect(result.errors.isEmpty)
        #expect(result.course?.lessons[0].steps[0] == .beat(Beat(messages: ["Hello.", "Still the first beat."])))
    }

    @Test func freeTextQuestion() throws {
        let text = validCourse
            .replacingOccurrences(of: "- a\n  feedback: Not a.\n+ b\n", with: "accept: dis | the dis module\naccept: `dis`\n")
        let question = try #require(parse(text).course?.lessons[0].questions.first)
        #expect(question.answers == .freeText(accepted: ["dis", "the dis module", "`dis`"]))
    }

    @Test func defaultXPIsTen() throws {
        let course = try #require(parse(validCourse.replacingOccurrences(of: "xp: 20\n", with: "")).course)
        #expect(course.lessons[0].questions[0].xp == 10)
    }

    @Test func diagnosticRendersLikeACompiler() {
        let diagnostic = Diagnostic(file: "a.dialogue", line: 3, column: 7, message: "oops")
        #expect(diagnostic.description == "a.dialogue:3:7: error: oops")
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let text = validCourse
            .replacingOccurrences(of: "+ b", with: "+ b\n+ c")
            .replacingOccurrences(of: "xp: 20", with: "xp: lots")
            .replacingOccurrences(of: "title: One", with: "title: One\ncolour: red")
        #expect(problems(text).count == 3)
        #expect(parse(text).course == nil)
    }

    @Test func diagnosticsComeInFileOrder() {
        let text = validCourse
            .replacingOccurrences(of: "course demo", with: "course demo\nbogus line")
            .replacingOccurrences(of: "hint: It is b.\n", with: "")
        let lines = parse(text).diagnostics.map(\.line)
        #expect(lines == lines.sorted())
        #expect(lines.count == 2)
    }
}
