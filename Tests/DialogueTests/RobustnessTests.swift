import Foundation
import Testing
import Tutoring
@testable import Dialogue

/// The parser never traps: random bytes, and random damage to a valid course.
@Suite struct RobustnessTests {

    @Test func randomBytes() {
        var generator = SplitMix64(state: 1)
        for _ in 0..<3000 {
            let count = Int.random(in: 0..<400, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let result = DialogueParser().parse(bytes, file: "random")
            // Every diagnostic points inside the file.
            for diagnostic in result.diagnostics {
                #expect(diagnostic.line >= 1 && diagnostic.column >= 1)
            }
        }
    }

    /// Lines from the format's vocabulary in random order: deeper paths than raw bytes reach.
    @Test func randomLinesOfTheFormat() {
        var generator = SplitMix64(state: 2)
        let vocabulary = validCourse.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            + ["", "  continued", "lesson", "node", "offer x:", "offer", "question", "+", "-", "xp: 99999999999999999999",
               "accept: |", "icon: ", ">", "course", "title:", "  feedback: x", "\u{0}", "é\u{301}", "offer ex tra: ?", "# c"]
        for _ in 0..<3000 {
            let lines = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
            let result = DialogueParser().parse(lines.joined(separator: "\n"), file: "lines")
            #expect(result.course != nil || !result.errors.isEmpty)
        }
    }

    /// A valid course with one byte changed, deleted or duplicated.
    @Test func mutatedCourse() {
        var generator = SplitMix64(state: 3)
        let original = Array(validCourse.utf8)
        for _ in 0..<3000 {
            var bytes = original
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.remove(at: index)
            default: bytes.insert(bytes[index], at: index)
            }
            let result = DialogueParser().parse(bytes, file: "mutated")
            #expect(result.course != nil || !result.errors.isEmpty)
        }
    }
}

/// What keeps the parser's memory a small multiple of the file.
@Suite struct ParserBoundsTests {
    /// Blank lines are one separator however many there are: the course read is the same.
    @Test func runsOfBlankLinesReadAsOne() {
        let spaced = validCourse.replacingOccurrences(of: "\n\n", with: String(repeating: "\n", count: 500))
        let original = DialogueParser().parse(validCourse, file: "a")
        let result = DialogueParser().parse(spaced, file: "a")
        #expect(result.errors.isEmpty)
        #expect(result.course == original.course)
    }

    @Test func anIndentedLineAfterBlankLinesStillContinuesNothing() {
        let result = DialogueParser().parse("\n\n\n   dangling\n", file: "a")
        #expect(result.errors.map(\.description).contains("a:4:4: error: this indented line continues nothing; indent only lines that continue the line above"))
    }

    @Test func aFileOverTheLimitIsOneError() {
        let bytes = [UInt8](repeating: 0x0A, count: DialogueParser.maxFileBytes + 1)
        let result = DialogueParser().parse(bytes, file: "big")
        #expect(result.course == nil)
        #expect(result.diagnostics.map(\.description) == ["big:1:1: error: this file is 4.0 MiB; a course file may be at most 4.0 MiB — split it into several courses"])
    }

    /// The first hundred problems in file order, then a count of the rest; a dropped error
    /// still fails the course.
    @Test func diagnosticsStopAtAHundred() {
        let result = DialogueParser().parse(validCourse + "\n" + String(repeating: "what is this\n", count: 250), file: "a")
        #expect(result.course == nil)
        #expect(result.diagnostics.count == DiagnosticList.limit + 1)
        #expect(result.diagnostics.last?.message == "150 more problems after these are not shown; fix these first")
        #expect(result.diagnostics.dropLast().map(\.line) == result.diagnostics.dropLast().map(\.line).sorted())
    }

    @Test func droppedErrorsKeepTheSummaryAnError() {
        var warnings = DiagnosticList()
        for line in 1...DiagnosticList.limit { warnings.append(Diagnostic(file: "a", line: line, column: 1, severity: .warning, message: "w")) }
        warnings.append(Diagnostic(file: "a", line: 500, column: 1, message: "e"))
        #expect(warnings.hasErrors)
        #expect(DiagnosticList.report([warnings]).last?.severity == .error)
    }
}
