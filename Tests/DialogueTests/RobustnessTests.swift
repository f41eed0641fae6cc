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
