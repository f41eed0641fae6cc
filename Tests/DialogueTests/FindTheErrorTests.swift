import CourseCatalog
import Foundation
import Testing
@testable import Dialogue

/// The "find the error" questions of the courses show a piece of a course file
/// (a ```` ```dialogue ```` block after `ask:`) and ask which line `tutord check` objects to.
/// Their answers are only true while the checker says what the course claims, so this runs
/// the checker on each block, completed into a course the way an author would (a course
/// header and a lesson line before it; a missing `explain:`, `hint:`, takeaway or question
/// after it), and compares what it reports within the block with the table below.
///
/// A new block question must be added to the table; a change to the checker that moves a
/// report fails here, so the question is re-read before the course teaches something false.
struct FindTheErrorTests {
    struct Expectation {
        /// What the checker reports inside the block: (line within the block, severity).
        var reports: Set<Report>
        /// For a free-text question answered with a line number: whether that line is among
        /// the reported ones (false where the question asks for the cause behind the reports).
        var answerIsReported = true
    }

    struct Report: Hashable, CustomStringConvertible {
        var line: Int
        var severity: Diagnostic.Severity
        var description: String { "\(line) \(severity.rawValue)" }
    }

    static let expected: [String: Expectation] = [
        "beats-find-error": Expectation(reports: [Report(line: 6, severity: .error)]),
        "questions-find-error": Expectation(reports: [Report(line: 7, severity: .error)]),
        // The block stops at its `question` line (line 10), which is incomplete on purpose;
        // the question asks for the misplaced node (line 7) behind the reports at 1 and 5.
        "detours-find-error": Expectation(
            reports: [Report(line: 1, severity: .error), Report(line: 5, severity: .error), Report(line: 10, severity: .error)],
            answerIsReported: false),
        "warnings-odd-one-out": Expectation(reports: [Report(line: 5, severity: .warning)]),
        "warnings-takeaway": Expectation(reports: [Report(line: 1, severity: .warning)]),
        "warnings-steps": Expectation(reports: [Report(line: 9, severity: .warning)]),
    ]

    struct Block: CustomTestStringConvertible, Sendable {
        var course: String
        var question: Question
        var testDescription: String { "\(course)/\(question.id)" }
    }

    static let blocks: [Block] = {
        let dialogues = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Dialogues")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dialogues.path)) ?? []
        var blocks: [Block] = []
        for file in files.sorted() where file.hasSuffix(".dialogue") {
            let path = dialogues.appendingPathComponent(file).path
            guard let course = DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course else { continue }
            for question in course.allQuestions where question.code?.language == "dialogue" {
                blocks.append(Block(course: course.id, question: question))
            }
        }
        return blocks
    }()

    @Test func theCoursesHaveBlockQuestions() {
        #expect(Self.blocks.count >= Self.expected.count)
    }

    @Test(arguments: blocks) func theCheckerReportsWhatTheQuestionSays(_ block: Block) throws {
        let expectation = try #require(Self.expected[block.question.id], "a new block question: add what the checker reports to the table")
        let lines = block.question.code?.lines ?? []
        let (text, offset) = Self.completed(lines)
        let result = DialogueParser().parse(text, file: "block.dialogue", lint: true)
        let reports = Set(result.diagnostics.compactMap { diagnostic -> Report? in
            let line = diagnostic.line - offset
            return (1...lines.count).contains(line) ? Report(line: line, severity: diagnostic.severity) : nil
        })
        #expect(reports == expectation.reports, "checker said:\n\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        if expectation.answerIsReported, case .freeText(let accepted) = block.question.answers, let line = accepted.first.flatMap({ Int($0) }) {
            #expect(reports.contains { $0.line == line }, "the answer, line \(line), is not where the checker reports")
        }
    }

    /// The block made into a course file, and how many lines stand before the block.
    static func completed(_ block: [String]) -> (String, Int) {
        let header = ["course find-the-error", "title: T", "level: beginner", "summary: S.", ""]
        let before: [String]
        if block.first?.hasPrefix("course ") == true {
            before = []
        } else if block.first?.hasPrefix("lesson ") == true {
            before = header
        } else {
            before = header + ["lesson wrap", "title: Wrap"]
        }
        var after: [String] = []
        if let last = block.lastIndex(where: { $0.hasPrefix("question ") }),
           !block[last...].contains(where: { $0.hasPrefix("node ") }) {
            let question = block[last...]
            if !question.contains(where: { $0.hasPrefix("explain:") }) { after.append("explain: E.") }
            if !question.contains(where: { $0.hasPrefix("hint:") }) { after.append("hint: H.") }
        }
        after.append("")
        if !block.contains(where: { $0.hasPrefix("takeaway:") }) { after.append("takeaway: Z.") }
        if !block.contains(where: { $0.hasPrefix("question ") }) {
            after += ["question tail", "ask: Q?", "- a", "+ b", "explain: E.", "hint: H."]
        }
        return ((before + block + after).joined(separator: "\n") + "\n", before.count)
    }
}
