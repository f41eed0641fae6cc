import Dialogue
import Foundation
import Testing
@testable import CourseImport

/// `tutord import nerdsip`: the shipped seed page (Fixtures/, a copy of the NerdSip page
/// the CPython course was made from) becomes a course that parses, with the right options
/// inferred exactly; variants of the page are read the same; broken pages say where.
@Suite struct NerdSipImportTests {
    static let seed: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/nerdsip-cpython-internals.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    func course(_ page: String) throws -> Course {
        let result = try NerdSipImporter().importPage(page)
        let parsed = DialogueParser().parse(result.dialogue, file: "imported.dialogue")
        let errors = parsed.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))\n\(result.dialogue)")
        return try #require(parsed.course)
    }

    @Test func theSeedPageBecomesTheCourseWithTheRightAnswers() throws {
        let course = try course(Self.seed)
        #expect(course.id == "cpython-internals-advanced-metaprogramming")
        #expect(course.title == "CPython Internals & Advanced Metaprogramming")
        #expect(course.level == "advanced")
        #expect(course.summary == "Master advanced Python architecture and deep CPython internals.")
        #expect(course.lessons.count == 10)
        #expect(course.lessons.map(\.icon) == ["🔒", "🎭", "🏭", "🌳", nil, "♻️", "💻", "👻", "🗂️", "📉"])
        #expect(course.lessons[2].title == "Metaclass Mechanics")
        let right = course.questions.map { question in (question.options.firstIndex(where: \.isCorrect) ?? -1) + 1 }
        #expect(right == [2, 3, 3, 2, 2, 1, 2, 2, 3, 1])
        let result = try NerdSipImporter().importPage(Self.seed)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.summary == "10 questions, all sure")
        #expect(!result.dialogue.contains("\n# check: inferred"))
    }

    @Test func paragraphsBecomeBeatsOfOneOrTwoSentencesWithCodeKept() throws {
        let lesson = try course(Self.seed).lessons[1]
        let beats = lesson.steps.compactMap { if case .beat(let beat) = $0 { beat.messages.compactMap(\.text) } else { nil } }
        #expect(beats.allSatisfy { (1...2).contains($0.count) })
        #expect(beats[0].first?.contains("`@property`") == true)
        #expect(NerdSipImporter.sentences("Call `f.x(). Y` now. Then stop! Why? 3 more.")
                == ["Call `f.x(). Y` now.", "Then stop!", "Why?", "3 more."])
    }

    @Test(arguments: ["crlf", "blank lines", "dash bullets", "star bullets", "no icons", "smart quotes"])
    func variantsOfThePageReadTheSame(_ variant: String) throws {
        var page = Self.seed
        switch variant {
        case "crlf": page = page.replacingOccurrences(of: "\n", with: "\r\n")
        case "blank lines": page = page.replacingOccurrences(of: "\n\n", with: "\n\n\n\n")
        case "dash bullets": page = page.replacingOccurrences(of: "  • ", with: "- ")
        case "star bullets": page = page.replacingOccurrences(of: "  • ", with: "* ")
        case "no icons": page = page.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.count != 1 || $0.first!.isLetter }.joined(separator: "\n")
        case "smart quotes": page = page.replacingOccurrences(of: "What You'll Learn", with: "What You’ll Learn")
        default: break
        }
        let course = try course(page)
        #expect(course.lessons.count == 10)
        #expect(course.summary == "Master advanced Python architecture and deep CPython internals.")
        #expect(course.questions.map { ($0.options.firstIndex(where: \.isCorrect) ?? -1) + 1 } == [2, 3, 3, 2, 2, 1, 2, 2, 3, 1])
        if variant == "no icons" { #expect(course.lessons.allSatisfy { $0.icon == nil }) }
    }

    @Test func anUnsureAnswerIsPickedButMarkedWithItsRunnerUp() throws {
        let page = Self.seed.replacingOccurrences(
            of: "Answer: The __prepare__ method is called before the class body is evaluated, allowing you to return a custom dictionary object to capture the class attributes.",
            with: "Answer: It is one of these methods.")
        let result = try NerdSipImporter().importPage(page)
        #expect(result.toCheck.map(\.id) == ["metaclass-mechanics-quiz"])
        #expect(result.summary == "10 questions, 1 to check: lesson 3 (metaclass-mechanics-quiz)")
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.hasPrefix("lesson 3 (metaclass-mechanics-quiz): not sure of the right option: inferred option 1 (score 0.0), runner-up option 2 (score 0.0), a margin of 0.0 where 2.0 is sure") == true)
        let lines = result.dialogue.split(separator: "\n").map(String.init)
        let question = try #require(lines.firstIndex(of: "question metaclass-mechanics-quiz"))
        #expect(lines[question - 1] == #"# check: inferred option 1 ("__new__"), runner-up option 2 ("__init__"); the page's answer line: "It is one of these methods.""#)
        // The marked course is still a course `tutord check` passes: no errors, the comment ignored.
        let parsed = DialogueParser().parse(result.dialogue, file: "imported.dialogue", lint: true)
        #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(parsed.course?.questions.count == 10)
    }

    @Test(arguments: [
        ("Just some notes\nabout Python.\n", 1, "this is not a NerdSip course page"),
        ("", 1, "the page is empty"),
        ("Science Advanced 2 Lessons\n\nTitle\n\nTagline\n\nLesson 1: One\n\nText.\n\nKey Takeaway\n\nT.\n\nTest Your Knowledge\n\nQ?\n\nAnswer: x\n", 19, "needs its options as bullets"),
        ("Science Advanced 1 Lessons\n\nTitle\n\nTagline\n\nLesson 2: One\n", 7, "expected lesson 1, found lesson 2"),
        ("Science Advanced 1 Lessons\n\nTitle\n\nTagline\n\nLesson 1: One\n\nText.\n\nTest Your Knowledge\n", 11, "has no `Key Takeaway`"),
    ])
    func brokenPagesSayWhere(_ page: String, _ line: Int, _ message: String) {
        #expect {
            _ = try NerdSipImporter().importPage(page)
        } throws: { error in
            guard let error = error as? NerdSipPage.ReadError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }
}
