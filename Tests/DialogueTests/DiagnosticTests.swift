import Foundation
import Testing
@testable import Dialogue

/// One test per diagnostic: the exact line and column, and words an author understands.
@Suite struct DiagnosticTests {
    /// Replaces `old` in the valid course and expects exactly one diagnostic.
    func expectOne(replacing old: String, with new: String, at line: Int, _ column: Int, _ fragment: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(validCourse.contains(old), "fixture lacks \(old)", sourceLocation: sourceLocation)
        let found = problems(validCourse.replacingOccurrences(of: old, with: new))
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        guard let first = found.first else { return }
        #expect(first.hasPrefix("\(line):\(column): "), "\(first)", sourceLocation: sourceLocation)
        #expect(first.contains(fragment), "\(first)", sourceLocation: sourceLocation)
    }

    @Test func twoCorrectOptions() {
        expectOne(replacing: "+ b\n", with: "+ b\n+ c\n", at: 21, 3, "question `q1` marks 2 options correct; mark exactly one with `+`")
    }

    @Test func noCorrectOption() {
        expectOne(replacing: "+ b", with: "- b", at: 16, 10, "question `q1` marks no option correct")
    }

    @Test func singleOption() {
        expectOne(replacing: "- a\n  feedback: Not a.\n", with: "", at: 16, 10, "has only one option")
    }

    @Test func tooManyOptions() {
        let extra = (1...9).map { "- extra \($0)\n" }.joined()
        expectOne(replacing: "+ b\n", with: "+ b\n" + extra, at: 28, 3, "at most 9")
    }

    @Test func duplicateOption() {
        expectOne(replacing: "+ b\n", with: "+ b\n- B.\n", at: 21, 3, "has this option twice (first on line 20)")
    }

    @Test func noAnswers() {
        expectOne(replacing: "- a\n  feedback: Not a.\n+ b\n", with: "", at: 16, 10, "has no answers")
    }

    @Test func optionsMixedWithAccept() {
        expectOne(replacing: "+ b\n", with: "+ b\naccept: b\n", at: 21, 9, "mixes options and `accept:`")
    }

    @Test func emptyAcceptedAlternative() {
        expectOne(replacing: "- a\n  feedback: Not a.\n+ b\n", with: "accept: b | \n", at: 18, 12, "an accepted answer between `|` is empty")
    }

    @Test func missingAsk() {
        expectOne(replacing: "ask: Pick b.\n", with: "", at: 16, 10, "question `q1` has no `ask:`")
    }

    @Test func missingExplanation() {
        expectOne(replacing: "explain: Because b.\n", with: "", at: 16, 10, "has no `explain:`")
    }

    @Test func missingHint() {
        expectOne(replacing: "hint: It is b.\n", with: "", at: 16, 10, "has no `hint:`")
    }

    @Test func badXP() {
        expectOne(replacing: "xp: 20", with: "xp: 0", at: 23, 5, "`xp:` must be a whole number from 1 to 1000, not `0`")
    }

    @Test func duplicateField() {
        expectOne(replacing: "ask: Pick b.\n", with: "ask: Pick b.\nask: Again?\n", at: 18, 6, "`ask:` is given twice; the first is on line 17")
    }

    @Test func emptyFieldValue() {
        expectOne(replacing: "explain: Because b.", with: "explain:", at: 21, 1, "`explain:` needs a value")
    }

    @Test func unknownField() {
        expectOne(replacing: "icon: 🧪", with: "icon: 🧪\ncolour: red", at: 9, 1, "unknown field `colour:`")
    }

    @Test func unknownLine() {
        expectOne(replacing: "> Hello.", with: "Hello there", at: 9, 1, "I do not understand this line")
    }

    @Test func remedialNodeMissing() {
        // The node `why-b` then becomes unreachable too; both are reported.
        let found = problems(validCourse.replacingOccurrences(of: "on-wrong: why-b", with: "on-wrong: why-c"))
        #expect(found == [
            "24:11: there is no node `why-c` in lesson `one`; define it with `node why-c` after the lesson's main flow",
            "29:6: node `why-b` is never offered or used by `on-wrong:`, so no learner can reach it",
        ])
    }

    @Test func offerToMissingNode() {
        // The node `extra` then becomes unreachable too; both are reported.
        let found = problems(validCourse.replacingOccurrences(of: "offer extra:", with: "offer more:"))
        #expect(found == [
            "13:7: there is no node `more` in lesson `one`; define it with `node more` after the lesson's main flow",
            "26:6: node `extra` is never offered or used by `on-wrong:`, so no learner can reach it",
        ])
    }

    @Test func unreachableNode() {
        expectOne(replacing: "> Why b is right.", with: "> Why b is right.\n\nnode orphan\n> Nobody sees me.", at: 32, 6, "node `orphan` is never offered")
    }

    @Test func emptyNode() {
        expectOne(replacing: "node extra\n> More detail.\n", with: "node extra\n", at: 26, 6, "node `extra` has no messages")
    }

    @Test func duplicateIDs() {
        let twice = validCourse + "\n\nlesson one\ntitle: Again\n> Hi.\ntakeaway: T.\nquestion q1\nask: A?\n- x\n+ y\nexplain: E.\nhint: H.\n"
        let found = problems(twice)
        #expect(found == [
            "32:8: lesson id `one` is used twice; the first is on line 6",
            "36:10: question id `q1` is used twice; the first is on line 16",
        ])
    }

    @Test func lessonWithoutQuestion() {
        let text = validCourse + "\n\nlesson two\ntitle: Two\n> Hi.\ntakeaway: T.\n"
        #expect(problems(text) == ["32:8: lesson `two` has no question; every lesson needs at least one"])
    }

    @Test func lessonWithoutTakeaway() {
        expectOne(replacing: "takeaway: Something to remember.\n", with: "", at: 6, 8, "lesson `one` has no `takeaway:`")
    }

    @Test func secondTakeaway() {
        expectOne(replacing: "takeaway: Something to remember.\n", with: "takeaway: One.\ntakeaway: Two.\n", at: 15, 11, "already has a takeaway")
    }

    @Test func takeawayInNode() {
        expectOne(replacing: "> More detail.", with: "> More detail.\ntakeaway: Nope.", at: 28, 1, "a takeaway belongs to the lesson's main flow")
    }

    /// A question in a node is its retry question, which only `on-wrong:` may lead to.
    @Test func questionInAnOfferedNode() {
        expectOne(replacing: "> More detail.", with: "> More detail.\nquestion inner\nask: Pick d.\n- c\n+ d\nexplain: D.\nhint: D.",
                  at: 13, 7, "node `extra` ends with question `inner`, which is asked instead of a question the learner missed; such a node is entered only by `on-wrong:`")
    }

    @Test func lessonWithoutTitle() {
        expectOne(replacing: "title: One\n", with: "", at: 6, 8, "lesson `one` has no `title:`")
    }

    @Test func lessonTitleAfterMessages() {
        expectOne(replacing: "> Second beat.", with: "> Second beat.\nicon: 🎯", at: 13, 1, "goes right after the `lesson` line")
    }

    @Test func iconMustBeOneSymbol() {
        expectOne(replacing: "icon: 🧪", with: "icon: 🧪🧪", at: 8, 7, "`icon:` is one emoji or symbol")
        expectOne(replacing: "icon: 🧪", with: "icon: A", at: 8, 7, "`icon:` is one emoji or symbol")
        expectOne(replacing: "icon: 🧪", with: "icon: 7", at: 8, 7, "`icon:` is one emoji or symbol")
    }

    @Test func courseFieldInLesson() {
        expectOne(replacing: "icon: 🧪", with: "icon: 🧪\nlevel: expert", at: 9, 1, "`level:` belongs to the course header")
    }

    @Test func missingCourseHeader() {
        let found = problems("# nothing here\n")
        #expect(found == ["1:1: the file has no `course <id>` line; start the file with one, such as `course cpython-internals`"])
    }

    @Test func courseWithoutLessons() {
        let found = problems("course empty\ntitle: T\nlevel: l\nsummary: s\n")
        #expect(found == ["1:8: course `empty` has no lessons; add one with `lesson <id>`"])
    }

    @Test func courseMissingMetadata() {
        let found = problems(validCourse.replacingOccurrences(of: "level: beginner\nsummary: A tiny course.\n", with: ""))
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.hasPrefix("1:8: course `demo` has no") })
    }

    @Test func secondCourseLine() {
        expectOne(replacing: "lesson one", with: "course other\nlesson one", at: 6, 1, "a file holds one course")
    }

    @Test func invalidID() {
        expectOne(replacing: "question q1", with: "question Q 1", at: 16, 10, "`Q 1` is not a valid question id")
    }

    @Test func missingID() {
        expectOne(replacing: "> Why b is right.", with: "> Why b is right.\n\nlesson", at: 32, 1, "`lesson` needs an id, such as `lesson gil`")
    }

    @Test func messageOutsideLesson() {
        expectOne(replacing: "summary: A tiny course.", with: "summary: A tiny course.\n> Hi", at: 5, 1, "a tutor message must be inside a lesson")
    }

    @Test func emptyMessage() {
        expectOne(replacing: "> Hello.", with: ">  \n> Hello.", at: 9, 1, "this message is empty")
    }

    @Test func optionOutsideQuestion() {
        expectOne(replacing: "> Second beat.", with: "> Second beat.\n+ stray", at: 13, 1, "must follow a `question <id>` line")
    }

    @Test func feedbackWithoutOption() {
        expectOne(replacing: "ask: Pick b.", with: "ask: Pick b.\nfeedback: early", at: 18, 1, "`feedback:` must follow the option")
    }

    @Test func questionFieldOutsideQuestion() {
        expectOne(replacing: "> Second beat.", with: "> Second beat.\nhint: stray", at: 13, 1, "`hint:` belongs to a question")
    }

    @Test func offerWithoutColon() {
        expectOne(replacing: "offer extra: Want more?", with: "offer extra", at: 13, 1, "write an offer as `offer <node-id>:")
    }

    @Test func offerInNode() {
        expectOne(replacing: "> More detail.", with: "> More detail.\noffer why-b: Again?", at: 28, 1, "nodes do not nest")
    }

    @Test func danglingIndentedLine() {
        expectOne(replacing: "> Second beat.", with: "\n   orphan continuation\n> Second beat.", at: 13, 4, "this indented line continues nothing")
    }

    @Test func invalidUTF8() {
        var bytes = Array(validCourse.utf8)
        let position = bytes.firstIndex(of: UInt8(ascii: "H"))!  // "> Hello." on line 9
        bytes.insert(0xFF, at: position + 2)
        let result = DialogueParser().parse(bytes, file: "t.dialogue")
        #expect(result.diagnostics.map { "\($0.line):\($0.column)" } == ["9:5"])
        #expect(result.diagnostics.first?.message.contains("not valid UTF-8") == true)
    }

    @Test func c1ControlCharacter() {
        expectOne(replacing: "> Hello.", with: "> Hé\u{85}llo.", at: 9, 5, "control character U+0085 is not allowed")
    }

    /// Reported once: the line stays (the title is there), only its character is wrong.
    @Test func controlCharacterInATitleIsNotAlsoAMissingTitle() {
        expectOne(replacing: "title: One", with: "title: O\u{1B}ne", at: 7, 9, "control character U+001B is not allowed")
        expectOne(replacing: "title: One", with: "title: O\u{9B}ne", at: 7, 9, "control character U+009B is not allowed")
    }

    @Test func controlCharacter() {
        expectOne(replacing: "> Hello.", with: "> Hel\u{1B}[31mlo.", at: 9, 6, "control character U+001B is not allowed")
    }

    @Test func emptyOption() {
        expectOne(replacing: "+ b", with: "+ b\n-", at: 21, 1, "this option has no text")
    }

    @Test func lessonBeforeCourse() {
        let found = problems("lesson early\n" + validCourse)
        #expect(found.first == "1:1: the file must start with `course <id>` before its first lesson")
    }

    @Test func nodeBeforeAnyLesson() {
        expectOne(replacing: "summary: A tiny course.", with: "summary: A tiny course.\nnode early", at: 5, 1, "a node belongs to a lesson")
    }

    @Test func questionOutsideLesson() {
        expectOne(replacing: "summary: A tiny course.", with: "summary: A tiny course.\nquestion early", at: 5, 1, "a question must be inside a lesson")
    }

    @Test func iconOutsideLesson() {
        expectOne(replacing: "summary: A tiny course.", with: "summary: A tiny course.\nicon: 🎯", at: 5, 1, "`icon:` belongs to a lesson")
    }

    @Test func lessonTitleTwice() {
        expectOne(replacing: "title: One", with: "title: One\ntitle: Uno", at: 8, 1, "this lesson already has `title:` (line 7)")
    }

    @Test func takeawayOutsideLesson() {
        expectOne(replacing: "summary: A tiny course.", with: "summary: A tiny course.\ntakeaway: early", at: 5, 1, "`takeaway:` must be inside a lesson")
    }

    @Test func offerOutsideLesson() {
        expectOne(replacing: "summary: A tiny course.", with: "summary: A tiny course.\noffer extra: Now?", at: 5, 1, "an offer must be inside a lesson")
    }

    @Test func offerWithoutPrompt() {
        expectOne(replacing: "offer extra: Want more?", with: "offer extra:", at: 13, 7, "offer `extra` needs a question after the colon")
    }

    @Test func invalidNodeIDInOnWrong() {
        let found = problems(validCourse.replacingOccurrences(of: "on-wrong: why-b", with: "on-wrong: Why B"))
        #expect(found.first == "24:11: `Why B` is not a valid node id; use lowercase letters, digits, `-`, `_` and `.` (up to 64), starting with a letter or digit")
    }
}
