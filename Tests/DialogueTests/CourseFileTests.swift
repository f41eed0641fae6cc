import CourseCatalog
import Foundation
import Testing
@testable import Dialogue

/// The shipped CPython course: it parses, and it carries the source course's structure.
@Suite struct CourseFileTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load() throws -> Course {
        let path = root.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        let bytes = try CourseFiles.read(file: path).get()
        let result = DialogueParser().parse(bytes, file: path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        return try #require(result.course)
    }

    @Test func parsesWithoutDiagnostics() throws {
        let course = try Self.load()
        #expect(course.id == "cpython-internals")
        #expect(course.title == "CPython Internals & Advanced Metaprogramming")
        #expect(course.level == "advanced")
    }

    @Test func tenLessonsInOrderWithTheirIcons() throws {
        let lessons = try Self.load().lessons
        let expected: [(String, String?)] = [
            ("The GIL & Free-Threading", "🔒"),
            ("The Descriptor Protocol", "🎭"),
            ("Metaclass Mechanics", "🏭"),
            ("Abstract Syntax Trees", "🌳"),
            ("Asyncio Under the Hood", nil),
            ("Generational Garbage Collection", "♻️"),
            ("Deconstructing Bytecode", "💻"),
            ("Mastering Weak References", "👻"),
            ("Hacking the Import System", "🗂️"),
            ("Memory Optimization via __slots__", "📉"),
        ]
        #expect(lessons.map(\.title) == expected.map(\.0))
        #expect(lessons.map(\.icon) == expected.map(\.1))
    }

    @Test func everyLessonEndsInAThreeOptionQuizWithOneRightAnswer() throws {
        for lesson in try Self.load().lessons {
            let quiz = try #require(lesson.questions.first { !$0.options.isEmpty }, "\(lesson.id)")
            #expect(quiz.options.count == 3, "\(lesson.id)")
            #expect(quiz.options.filter(\.isCorrect).count == 1, "\(lesson.id)")
            #expect(!quiz.hints.isEmpty && !quiz.explanation.isEmpty, "\(lesson.id)")
            #expect(!lesson.takeaway.isEmpty, "\(lesson.id)")
        }
    }

    /// The right answers carry over from the source course.
    @Test func rightAnswers() throws {
        let answers = try Self.load().lessons.map { $0.questions[0].correctAnswerText }
        let fragments = ["reference-counting", "takes precedence", "__prepare__", "ast.NodeTransformer",
                         "subclass of Future", "cannot reclaim", "LOAD_FAST", "None", "execute the module", "undeclared attributes"]
        for (answer, fragment) in zip(answers, fragments) {
            #expect(answer.contains(fragment), "\(answer)")
        }
    }

    @Test func usesBranchingAndFreeText() throws {
        let lessons = try Self.load().lessons
        let offers = lessons.flatMap(\.steps).filter { if case .offer = $0 { true } else { false } }
        #expect(offers.count >= 1)
        #expect(lessons.flatMap(\.questions).contains { $0.remedialNode != nil })
        #expect(lessons.flatMap(\.questions).contains { $0.options.isEmpty })
    }

    /// The source simplifies in places; the course corrects it for current CPython.
    @Test func correctsDatedFacts() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Dialogues/cpython-internals.dialogue"), encoding: .utf8)
        #expect(text.contains("BINARY_OP"))
        #expect(text.contains("ReferenceError"))
        #expect(text.contains("PEP 703"))
    }
}

/// The example in docs/dialogue-format.md is a valid course, so newcomers can copy it.
@Suite struct FormatDocumentationTests {
    @Test func exampleCourseParses() throws {
        let url = CourseFileTests.root.appendingPathComponent("docs/dialogue-format.md")
        let markdown = try String(contentsOf: url, encoding: .utf8)
        let blocks = markdown.components(separatedBy: "```")
        let example = try #require(blocks.dropFirst().first { $0.hasPrefix("\n# A comment") })
        let result = DialogueParser().parse(example, file: "docs/dialogue-format.md")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.course?.lessons.first?.nodes.count == 2)
    }
}
