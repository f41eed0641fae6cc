import CourseCatalog
import Foundation
import Testing
@testable import Dialogue

/// The shipped CPython course: it parses, and it carries the source course's structure.
@Suite struct CourseFileTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var coursePath: String { root.appendingPathComponent("Dialogues/cpython-internals.dialogue").path }

    static func load() throws -> Course {
        let path = coursePath
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
            ("The Object Model Underneath", "🧱"),
            ("The Descriptor Protocol", "🎭"),
            ("Metaclass Mechanics", "🏭"),
            ("The Metaprogramming Toolkit", "🧰"),
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

    /// The right answers of the source course's quizzes carry over (same ids, reworded options).
    @Test func rightAnswers() throws {
        let questions = try Self.load().lessons.flatMap(\.questions)
        let expected = [("gil-why", "reference counts"), ("descriptor-precedence", "a data descriptor comes first"),
                        ("metaclass-namespace", "__prepare__"), ("ast-transform", "ast.NodeTransformer"),
                        ("asyncio-task", "main job True"), ("gc-why", "refer to each other in a cycle"),
                        ("bytecode-locals", "index into the frame"), ("weakref-dead", "None"),
                        ("import-loader", "run its code"), ("slots-limit", "AttributeError")]
        for (id, fragment) in expected {
            let question = try #require(questions.first { $0.id == id }, "\(id)")
            #expect(question.correctAnswerText.contains(fragment), "\(id): \(question.correctAnswerText)")
        }
    }

    /// The course as a conversation: a check inside every lesson besides its final quiz,
    /// a runnable snippet in every lesson, remedial detours in at least five, takeaways after
    /// the quiz they summarise, and no teaching warning from `tutord check`.
    @Test func everyLessonMakesTheLearnerThinkAndRunsRealCode() throws {
        let path = Self.coursePath
        let result = DialogueParser().parse(try CourseFiles.read(file: path).get(), file: path, lint: true)
        #expect(result.warnings.isEmpty, "\(result.warnings.map(\.description))")
        let lessons = try #require(result.course).lessons
        for lesson in lessons {
            #expect(lesson.questions.count >= 2, "\(lesson.id) has no check besides its quiz")
            let beats = lesson.steps.compactMap { if case .beat(let beat) = $0 { beat } else { nil } }
                + lesson.nodes.values.flatMap(\.beats)
            let runnable = beats.flatMap(\.messages).contains { if case .code(let block) = $0 { block.isRunnable } else { false } }
            #expect(runnable, "\(lesson.id) has no runnable snippet")
            let takeaway = lesson.steps.firstIndex { if case .takeaway = $0 { true } else { false } } ?? 0
            let lastQuestion = lesson.steps.lastIndex { if case .question = $0 { true } else { false } } ?? 0
            #expect(takeaway > lastQuestion, "\(lesson.id): the takeaway comes before the quiz")
        }
        #expect(lessons.filter { $0.questions.contains { $0.remedialNode != nil } }.count >= 5)
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
