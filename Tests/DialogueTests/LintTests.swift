import Foundation
import Testing
@testable import Dialogue

/// `tutord check`'s teaching warnings: each fires where an author can act on it, and a
/// course that teaches well gets none.
@Suite struct LintTests {
    private func warnings(_ text: String) -> [String] {
        let result = DialogueParser().parse(text, file: "t.dialogue", lint: true)
        #expect(result.errors.isEmpty, "\(result.errors)")
        return result.warnings.map { "\($0.line):\($0.column): \($0.message)" }
    }

    /// `lessons` lessons, each: one beat, the quiz, then the takeaway; the right option is
    /// `right` and the wrong ones `wrong`.
    private func course(lessons: Int = 3, beats: Int = 1, right: String = "a plausible answer", wrong: String = "another plausible one",
                        takeaway: String = "Something to remember.", takeawayFirst: Bool = false, message: String = "Hello.") -> String {
        var text = "course c\ntitle: C\nlevel: beginner\nsummary: S.\n"
        for index in 1...lessons {
            text += "\nlesson l\(index)\ntitle: L\n"
            for _ in 0..<beats { text += "> \(message)\n\n" }
            if takeawayFirst { text += "takeaway: \(takeaway)\n\n" }
            text += "question q\(index)\nask: Which?\n+ \(right)\n- \(wrong)\nexplain: E.\nhint: H.\n\n"
            if !takeawayFirst { text += "takeaway: \(takeaway)\n" }
        }
        return text
    }

    @Test func aCourseThatTeachesWellHasNoWarnings() {
        #expect(warnings(course()) == [])
        #expect(warnings(validCourse).isEmpty)
    }

    @Test func theRightOptionBeingTheLongestInMostQuestions() {
        let found = warnings(course(right: "the long and detailed right answer", wrong: "short"))
        #expect(found == ["1:8: the right option is the longest in 3 of 3 multiple-choice questions (`q1`, `q2`, `q3`); "
                          + "learners can pass by picking the longest, so make wrong options as long and as plausible"])
        // Two questions are too few to call it a pattern.
        #expect(warnings(course(lessons: 2, right: "the long and detailed right answer", wrong: "short")).isEmpty)
    }

    @Test func aTakeawayThatGivesTheAnswerAway() {
        let found = warnings(course(lessons: 1, right: "reference counting races", takeaway: "The GIL keeps reference counting safe from races.",
                                    takeawayFirst: true))
        #expect(found == ["10:11: the takeaway shares most of the words of question `q1`'s answer (counting, race, reference), which comes after it; "
                          + "put the takeaway after the quiz, or ask for an application it does not state"])
        // After the quiz it is a summary, not a giveaway.
        #expect(warnings(course(lessons: 1, right: "reference counting races", takeaway: "The GIL keeps reference counting safe from races.")).isEmpty)
    }

    @Test func aLongChatMessage() {
        let long = String(repeating: "word ", count: 41).trimmingCharacters(in: .whitespaces)
        #expect(warnings(course(lessons: 1, message: long)) == ["8:3: this message is 204 characters; chat reads best under 200, so split it in two"])
    }

    @Test func tooManyTutorStepsWithoutAnAction() {
        let found = warnings(course(lessons: 1, beats: 5))
        #expect(found == ["16:3: 5 tutor steps in a row without a question, an exercise or an offer; give the learner something to do every few beats (a check, an offer)"])
        #expect(warnings(course(lessons: 1, beats: 4)).isEmpty)
    }

    /// One lesson per entry of `rightAt`: a question with three options, the right one at that
    /// position (1-based); options begin with different words, and are as long as each other.
    private func course(rightAt positions: [Int]) -> String {
        var text = "course c\ntitle: C\nlevel: beginner\nsummary: S.\n"
        for (index, position) in positions.enumerated() {
            text += "\nlesson l\(index)\ntitle: L\n> Hello.\n\nquestion q\(index)\nask: Which?\n"
            for (slot, word) in ["alpha", "bravo", "gamma"].enumerated() {
                text += (slot + 1 == position ? "+ " : "- ") + "\(word) option\n"
            }
            text += "explain: E.\nhint: H.\n\ntakeaway: Something to remember.\n"
        }
        return text
    }

    @Test func oneOptionPositionHoldingMostRightAnswers() {
        let found = warnings(course(rightAt: [2, 2, 1, 2, 3, 2]))
        #expect(found == ["1:8: the right answer is option 2 in 4 of 6 multiple-choice questions; "
                          + "learners can pass by always picking 2, so spread the right answers over the positions"])
        // Half is not most; and five questions are too few to call it a pattern.
        #expect(warnings(course(rightAt: [2, 2, 1, 2, 3, 1])).isEmpty)
        #expect(warnings(course(rightAt: [2, 2, 2, 2, 2])).isEmpty)
        #expect(warnings(course(rightAt: [1, 2, 3, 1, 2, 3, 2])).isEmpty)
    }

    private func question(_ options: String) -> String {
        "course c\ntitle: C\nlevel: beginner\nsummary: S.\n\nlesson l\ntitle: L\n> Hello.\n\n"
            + "question q\nask: Is it?\n\(options)explain: E.\nhint: H.\n\ntakeaway: Something to remember.\n"
    }

    @Test func theRightOptionBeingTheOddOneOut() {
        let found = warnings(question("- Yes: the lock is held.\n+ No: a switch may fall in between.\n- Yes, because ints are immutable.\n"))
        #expect(found == ["13:3: the right option of `q` is the odd one out: it begins with \"no\" and every wrong option with \"yes\"; "
                          + "learners can pick it without knowing the answer, so begin a wrong option as the right one begins"])
        // Articles do not count: two "the dictionary value" against "whatever" is the same giveaway.
        #expect(warnings(question("- The dictionary value, always.\n+ Whatever the getter returns.\n- A dictionary value, sometimes.\n")).count == 1)
        // A wrong option that begins as the right one does, or wrong options that differ, give nothing away.
        #expect(warnings(question("- Yes: the lock is held.\n- No: half the updates are lost.\n+ No: a switch may fall in between.\n")).isEmpty)
        #expect(warnings(question("- Before the body runs.\n+ After the body runs.\n- During the body.\n")).isEmpty)
        // Two options are a plain choice, not an odd one out.
        #expect(warnings(question("+ Yes.\n- No.\n")).isEmpty)
    }

    @Test func theDaemonDoesNotLint() {
        let result = DialogueParser().parse(course(lessons: 1, beats: 9), file: "t.dialogue")
        #expect(result.diagnostics.isEmpty)
    }
}
