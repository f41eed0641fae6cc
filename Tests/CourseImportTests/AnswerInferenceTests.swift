import Dialogue
import Foundation
import Testing
@testable import CourseImport

/// The answer inference against pages built to trip it (Fixtures/traps): whatever it picks, it
/// never picks a wrong option silently. Each page's true keys are recorded here, 1-based.
@Suite struct AnswerInferenceTests {
    struct Trap: Sendable, CustomStringConvertible {
        var page: String
        /// The right option of each question, 1-based.
        var keys: [Int]
        var description: String { page }
    }

    static let traps = [
        // "…, which is why dynamic attributes … are not included"; "…, and never makes deep copies …":
        // the wrong option's words are all in the answer line, denied.
        Trap(page: "negation", keys: [1, 1]),
        // The wrong option (searching sys.meta_path) is named three times after the lead.
        Trap(page: "repetition", keys: [2]),
        // Two options share "A Task wrapping the coroutine"; the wrong one's own words
        // (worker thread, default executor) are named, in a concession.
        Trap(page: "shared-words", keys: [2]),
        // Plain pages: the answer's lead names the right option.
        Trap(page: "sure", keys: [1, 2]),
    ]

    static func page(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/traps/\(name).txt")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: traps)
    func aTrapPageNeverGetsASilentWrongKey(_ trap: Trap) throws {
        let result = try NerdSipImporter().importPage(Self.page(trap.page))
        let course = try #require(DialogueParser().parse(result.dialogue, file: "\(trap.page).dialogue").course)
        let lines = result.dialogue.split(separator: "\n").map(String.init)
        #expect(course.questions.count == trap.keys.count)
        for (question, key) in zip(course.questions, trap.keys) {
            let imported = (question.options.firstIndex(where: \.isCorrect) ?? -1) + 1
            let declared = try #require(lines.firstIndex(of: "question \(question.id)"))
            let marked = lines[declared - 1].hasPrefix("# check: ")
            #expect(imported == key || marked, "\(question.id): option \(imported) marked right without a check, the page's key is \(key)")
        }
        // What this inference makes of them today: every key right and sure.
        #expect(result.questions.map { $0.inference.best + 1 } == trap.keys)
        #expect(result.summary == "\(trap.keys.count) question\(trap.keys.count == 1 ? "" : "s"), all sure")
    }

    // MARK: - The rules, one at a time

    @Test func aVerbalNegationDeniesItsWholeClauseAndAContrastWhatFollowsIt() {
        let clauses = EvidenceClause.clauses(of: "By design, the loader runs the code rather than the finder, which isn't consulted again.", findingLead: true)
        #expect(clauses == [
            EvidenceClause(role: .lead, stated: "By design, the loader runs the code", denied: "the finder,"),
            EvidenceClause(role: .plain, stated: "", denied: "which isn't consulted again."),
        ])
    }

    @Test func theLeadIsTheFirstMainClauseAndAConcessionCountsForNothing() {
        let clauses = EvidenceClause.clauses(of: "While the finder locates the module, the loader executes it. Because it must.", findingLead: true)
        #expect(clauses.map(\.role) == [.concession, .lead, .plain])
        let inference = AnswerInference(options: ["The finder locates it.", "The loader executes it."],
                                        answer: "While the finder locates the module, the loader executes it.", takeaway: "")
        #expect(inference.scores == [0, 4])
    }

    @Test func wordsAllOptionsShareCountNothingAndATermCountsOncePerSource() {
        // "wraps the coroutine" is in both options; "thread" is named three times, later.
        let inference = AnswerInference(
            options: ["A Task that wraps the coroutine in a thread.", "A Task that wraps the coroutine on the loop."],
            answer: "The Task wraps the coroutine on the loop; a thread, a thread pool or a thread of its own is another matter.",
            takeaway: "")
        #expect(inference.scores == [1, 2])
        #expect(inference.best == 1 && inference.margin == 1 && !inference.isSure)
    }

    @Test func anOptionThatDeniesAgreesWithTheAnswersDenials() {
        let inference = AnswerInference(
            options: ["Reference counting cannot collect cycles.", "Reference counting is too slow."],
            answer: "Their counts never drop to zero, so the cycles are never collected.", takeaway: "")
        #expect(inference.best == 0)
        #expect(inference.scores == [2, 0])
    }
}
