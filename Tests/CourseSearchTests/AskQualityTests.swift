import CourseCatalog
import Dialogue
import Foundation
import LineProtocol
import Testing
@testable import CourseSearch

/// How well `ask` answers, measured on questions a learner of the CPython course would
/// ask, worded as people ask rather than copied from the course, each with the lesson that
/// answers it; and questions the course does not answer, which must get no passage at all.
/// The figures are printed and kept in docs/benchmarks.md; the goals are top-1 ≥ 90 %,
/// top-3 ≥ 98 %, and every unanswerable question unanswered.
@Suite struct AskQualityTests {
    static let course: Course = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        return DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course!
    }()

    /// A learner who has answered every question: all explanations may be searched.
    static let finished = CourseAnswerer.Question(
        text: "", courses: ["cpython-internals"],
        answered: ["cpython-internals": Set(course.questions.map(\.id))], lessonAt: ["cpython-internals": 9])

    static let answerer: CourseAnswerer = CourseAnswerer(index: try! CourseIndex(courses: [course]))

    /// The calibration table, Fixtures/ask-questions.tsv: (question, the id of the lesson that
    /// answers it, or nil when the course does not answer it).
    static let table: [(question: String, lesson: String?)] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ask-questions.tsv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t").map(String.init)
            return (fields[0], fields.count > 1 && fields[1] != "none" ? fields[1] : nil)
        }
    }()

    static let answerable: [(String, String)] = table.compactMap { row in row.lesson.map { (row.question, $0) } }
    /// Questions the course does not answer: any passage would be an unrelated answer.
    static let unanswerable: [String] = table.filter { $0.lesson == nil }.map(\.question)

    /// Written after the thresholds and stop words were tuned on the tables above, and not
    /// tuned on: how `ask` does on questions it was not fitted to.
    static let heldOut: [(String, String)] = [
        ("why doesn't multithreading speed up my number crunching?", "gil"),
        ("what does sys._is_gil_enabled tell me?", "gil"),
        ("how do classmethods get bound?", "descriptors"),
        ("where does __getattr__ fit into attribute lookup?", "descriptors"),
        ("what is type(int)?", "metaclasses"),
        ("how does enum reject duplicate members?", "metaclasses"),
        ("can ast change code that is already running?", "ast"),
        ("what does ast.parse return?", "ast"),
        ("what does the event loop do with a coroutine?", "asyncio"),
        ("is asyncio.coroutine still available?", "asyncio"),
        ("why does a file close as soon as I drop it?", "gc"),
        ("what is PEP 442 about?", "gc"),
        ("where does LOAD_GLOBAL look?", "bytecode"),
        ("should I trust dis to tell me what is slow?", "bytecode"),
        ("what is WeakValueDictionary good for?", "weakref"),
        ("does a weak reference keep the object alive?", "weakref"),
        ("where are modules cached once imported?", "imports"),
        ("what does PathFinder do?", "imports"),
        ("do slotted instances have a __dict__?", "slots"),
        ("what does dataclass(slots=True) do?", "slots"),
    ]
    static let heldOutUnanswerable: [String] = [
        "how do I write a unit test with unittest?",
        "what is a list comprehension?",
        "how do I profile memory in java?",
        "how do I use pandas groupby?",
        "how does the linux scheduler work?",
    ]

    @Test func questionsNotTunedOn() throws {
        var top1 = 0
        var top3 = 0
        var misses: [String] = []
        for (text, lesson) in Self.heldOut {
            var question = Self.finished
            question.text = text
            let lessons = try Self.answerer.answer(question).map { Self.course.lessons[$0.passage.lessonIndex].id }
            if lessons.first == lesson { top1 += 1 } else { misses.append("\(text) → \(lessons) (want \(lesson))") }
            if lessons.contains(lesson) { top3 += 1 }
        }
        var answeredWrongly: [String] = []
        for text in Self.heldOutUnanswerable {
            var question = Self.finished
            question.text = text
            if let first = try Self.answerer.answer(question).first { answeredWrongly.append("\(text) → \(first.snippet)") }
        }
        print("ask, held out: top-1 \(top1)/\(Self.heldOut.count), top-3 \(top3)/\(Self.heldOut.count), outside the course \(Self.heldOutUnanswerable.count - answeredWrongly.count)/\(Self.heldOutUnanswerable.count) unanswered")
        for miss in misses + answeredWrongly { print("  held out: \(miss)") }
        // A floor, not the goal: these measure how far the tuning carries.
        #expect(top3 * 10 >= Self.heldOut.count * 7)
        #expect(answeredWrongly.isEmpty, "\(answeredWrongly)")
    }

    @Test func theTableIsBigEnough() throws {
        #expect(Self.answerable.count >= 60)
        let lessons = Set(Self.course.lessons.map(\.id))
        #expect(Set(Self.answerable.map(\.1)) == lessons)
        // At least 20 questions outside the course share a word with it: a cut that
        // only rejects words the course never uses must fail this table.
        let sharing = try Self.unanswerable.filter { text in
            try SearchTerms(text).terms.contains { !(try Self.answerer.index.passages(matching: $0).isEmpty) }
        }
        #expect(sharing.count >= 20, "\(sharing)")
    }

    /// Both halves of the table under one answerer: answerable questions whose first passage
    /// is from the right lesson, and questions outside the course answered "I don't know".
    static func precision(_ answerer: CourseAnswerer) throws -> (right: Int, unanswered: Int, misses: [String]) {
        var right = 0
        var unanswered = 0
        var misses: [String] = []
        for (text, lesson) in answerable {
            var question = finished
            question.text = text
            let first = try answerer.answer(question).first
            if first.map({ course.lessons[$0.passage.lessonIndex].id }) == lesson { right += 1 } else {
                misses.append("answerable: \(text) → \(first.map { "lesson \($0.passage.lessonIndex + 1)" } ?? "I don't know") (want \(lesson))")
            }
        }
        for text in unanswerable {
            var question = finished
            question.text = text
            if let first = try answerer.answer(question).first {
                misses.append("unanswerable: \(text) → lesson \(first.passage.lessonIndex + 1): \(first.snippet)")
            } else {
                unanswered += 1
            }
        }
        return (right, unanswered, misses)
    }

    /// The relevance cut: the lesson's coverage of the question's weight and the
    /// best passage's weighed bm25 score, calibrated on Fixtures/ask-questions.tsv. The shipped
    /// cut must do as well as any other on the grid around it, on both halves together, among
    /// the cuts that keep every quiz's own prompt pointed to its lesson (a learner who types
    /// the quiz back as a question must be told where it is taught; AskWithholdingTests).
    @Test func theCutIsCalibratedOnTheTable() throws {
        let chosen = try Self.precision(Self.answerer)
        #expect(try Self.unpointedPrompts(Self.answerer).isEmpty)
        var best = 0
        for coverage in [0.45, 0.5, 0.55, 0.6, 0.65] {
            for score in [0.0, 1.0, 2.0, 2.5, 3.0, 3.5, 4.0] {
                let cut = CourseAnswerer(index: Self.answerer.index, minimumCoverage: coverage, minimumScore: score,
                                         maximumRivalShare: CourseAnswerer.defaultMaximumRivalShare)
                let measured = try Self.precision(cut)
                let unpointed = try Self.unpointedPrompts(cut).count
                print("ask cut: coverage \(coverage) score \(score): answerable right \(measured.right)/\(Self.answerable.count), unanswerable unanswered \(measured.unanswered)/\(Self.unanswerable.count), quiz prompts not pointed \(unpointed)")
                if unpointed == 0 { best = max(best, measured.right + measured.unanswered) }
            }
        }
        #expect(chosen.right + chosen.unanswered >= best)
    }

    /// The quizzes whose own prompt, asked before they are settled, does not lead to their lesson.
    static func unpointedPrompts(_ answerer: CourseAnswerer) throws -> [String] {
        let all = Set(course.questions.map(\.id))
        var unpointed: [String] = []
        for (lessonIndex, lesson) in course.lessons.enumerated() {
            for quiz in lesson.questions {
                let question = CourseAnswerer.Question(text: quiz.prompt, courses: [course.id], answered: [course.id: all.subtracting([quiz.id])],
                                                       lessonAt: [course.id: course.lessons.count - 1])
                if !(try answerer.answer(question)).contains(where: { $0.passage.lessonIndex == lessonIndex && $0.withheld == .quizUnsettled }) {
                    unpointed.append(quiz.id)
                }
            }
        }
        return unpointed
    }

    /// Precision on both halves of the table, printed; the goals are what the cut reached
    /// (docs/benchmarks.md), so a change that loses any of it fails here.
    @Test func precisionOnBothHalves() throws {
        let measured = try Self.precision(Self.answerer)
        let answerable = Self.answerable.count
        let unanswerable = Self.unanswerable.count
        print("ask precision: answerable \(percent(measured.right, of: answerable)) % (\(measured.right)/\(answerable) from the right lesson), "
              + "unanswerable \(percent(measured.unanswered, of: unanswerable)) % (\(measured.unanswered)/\(unanswerable) \"I don't know\")")
        for miss in measured.misses { print("  \(miss)") }
        #expect(measured.right * 100 >= answerable * 98, "\(measured.misses)")
        #expect(measured.unanswered * 100 >= unanswerable * 87, "\(measured.misses)")
    }

    /// The rival cut: "I don't know" when another lesson of the course scores
    /// nearly as well as the best. Printed over a grid at the shipped coverage and score
    /// cuts (∞: no rival cut); the shipped share must do as well as any on the grid.
    @Test func theRivalCutIsCalibratedOnTheTable() throws {
        let chosen = try Self.precision(Self.answerer)
        var best = 0
        for share in [0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, Double.infinity] {
            let measured = try Self.precision(CourseAnswerer(index: Self.answerer.index, maximumRivalShare: share))
            print("ask rival cut: share \(share): answerable right \(measured.right)/\(Self.answerable.count), unanswerable unanswered \(measured.unanswered)/\(Self.unanswerable.count)")
            best = max(best, measured.right + measured.unanswered)
        }
        #expect(chosen.right + chosen.unanswered >= best)
    }

    /// The reviewer's example, asked as a learner who has settled every quiz.
    @Test func theIssuesExampleIsUnanswered() throws {
        var question = Self.finished
        question.text = "how do I make a class that cannot be subclassed?"
        #expect(try Self.answerer.answer(question).isEmpty)
    }

    @Test func topOneAndTopThreeAccuracy() throws {
        var top1 = 0
        var top3 = 0
        var misses: [String] = []
        for (text, lesson) in Self.answerable {
            var question = Self.finished
            question.text = text
            let lessons = try Self.answerer.answer(question).map { Self.course.lessons[$0.passage.lessonIndex].id }
            if lessons.first == lesson { top1 += 1 } else { misses.append("\(text) → \(lessons) (want \(lesson))") }
            if lessons.contains(lesson) { top3 += 1 }
        }
        let count = Double(Self.answerable.count)
        let figures = String(format: "ask: top-1 %.1f %% (%d/%d), top-3 %.1f %% (%d/%d)",
                             Double(top1) * 100 / count, top1, Self.answerable.count, Double(top3) * 100 / count, top3, Self.answerable.count)
        print(figures)
        for miss in misses { print("  missed: \(miss)") }
        #expect(Double(top1) / count >= 0.90, "\(figures)\n\(misses.joined(separator: "\n"))")
        #expect(Double(top3) / count >= 0.98, "\(figures)\n\(misses.joined(separator: "\n"))")
    }
}
