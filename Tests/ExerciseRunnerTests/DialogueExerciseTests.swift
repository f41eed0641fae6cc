import Dialogue
import Foundation
import Testing
@testable import ExerciseRunner

/// A dialogue exercise with the real python3: the learner's course file is parsed by tutord's
/// own parser first (a file with errors fails with them, as `file:line:column`, and no check
/// runs), and each check then gets the parsed course as plain data, `course`.
@Suite struct DialogueExerciseTests {
    static let exercise = Exercise(
        id: "quiz", task: "Write a lesson whose question has three options, the second right.", fileName: "my-lesson.dialogue",
        starter: CodeBlock(language: "dialogue", lines: []),
        checks: [
            ExerciseCheck(message: "the question has three options", test: .python([
                #"question = next(step for step in course["lessons"][0]["steps"] if step["kind"] == "question")"#,
                #"assert len(question["options"]) == 3, f"it has {len(question['options'])}""#,
            ])),
            ExerciseCheck(message: "option 2 is right", test: .python([
                #"question = next(step for step in course["lessons"][0]["steps"] if step["kind"] == "question")"#,
                #"assert [option["correct"] for option in question["options"]] == [False, True, False]"#,
            ])),
        ],
        hints: ["+ marks it."], solution: CodeBlock(language: "dialogue", lines: []), explanation: nil, xp: 20, language: .dialogue)

    static let lesson = """
        course mine
        title: Mine
        level: beginner
        summary: A lesson of my own.

        lesson first
        title: First
        icon: 🧪
        > One beat.
        > `code` too:
        ```python run
        print(1)
        ```
        ```output
        1
        ```

        question pick
        ask: Which?
        - a
          feedback: Not a.
        + b
        - c
        explain: b.
        hint: Not a.
        on-wrong: why

        offer more: More?

        takeaway: b it is.

        node why
        > Because.

        node more
        > More.
        """

    func verdicts(_ code: String, _ exercise: Exercise = exercise) throws -> [CheckReport.Verdict] {
        try ExerciseChecker().check(exercise, code: code).map(\.verdict)
    }

    @Test func aLessonThatDoesWhatTheChecksAskPasses() throws {
        #expect(try verdicts(Self.lesson) == [.passed, .passed])
    }

    @Test func aLessonThatLoadsButMissesACheckFailsWithTheChecksMessage() throws {
        let firstRight = Self.lesson.replacingOccurrences(of: "- a\n", with: "+ a\n").replacingOccurrences(of: "+ b\n", with: "- b\n")
        let reports = try ExerciseChecker().check(Self.exercise, code: firstRight)
        #expect(reports.map(\.message) == ["the question has three options", "option 2 is right"])
        guard case .failed(let details) = reports.last?.verdict else { Issue.record("\(reports)"); return }
        #expect(details.contains("AssertionError") && details.contains(#"File "tutord_check.py", line 2"#), "\(details)")
        let two = Self.lesson.replacingOccurrences(of: "- c\n", with: "")
        guard case .failed(let message)? = try verdicts(two).first else { Issue.record("two options passed"); return }
        #expect(message.hasSuffix("AssertionError: it has 2"), "\(message)")
    }

    @Test func aFileThatDoesNotLoadFailsWithTutordChecksErrorsAndRunsNoCheck() throws {
        let broken = Self.lesson.replacingOccurrences(of: "takeaway: b it is.\n", with: "").replacingOccurrences(of: "ask: Which?\n", with: "ask Which?\n")
        let reports = try ExerciseChecker().check(Self.exercise, code: broken)
        #expect(reports.count == 1)
        #expect(reports.first?.message == ExerciseChecker.loadsMessage)
        #expect(reports.first?.verdict == .failed(details: """
            my-lesson.dialogue:6:8: error: lesson `first` has no `takeaway:`; every lesson states its key takeaway
            my-lesson.dialogue:18:10: error: question `pick` has no `ask:`; write the question the learner answers
            my-lesson.dialogue:19:1: error: I do not understand this line; start a tutor message with `>`, an option with `+` or `-`, or use a field such as `title:`
            """))
    }

    @Test func theCourseDataNamesEveryPartInTheFormatsOwnWords() throws {
        let probe = ExerciseCheck(message: "the data", test: .python([
            #"assert (course["id"], course["title"], course["level"], course["summary"]) == ("mine", "Mine", "beginner", "A lesson of my own."), course"#,
            #"lesson = course["lessons"][0]"#,
            #"assert (lesson["id"], lesson["title"], lesson["icon"]) == ("first", "First", "🧪"), lesson"#,
            #"assert [step["kind"] for step in lesson["steps"]] == ["beat", "question", "offer", "takeaway"], lesson["steps"]"#,
            #"beat, question, offer, takeaway = lesson["steps"]"#,
            #"assert beat["messages"][:2] == [{"kind": "text", "text": "One beat."}, {"kind": "text", "text": "`code` too:"}], beat"#,
            #"assert beat["messages"][2] == {"kind": "code", "language": "python", "run": True, "lines": ["print(1)"]}, beat"#,
            #"assert beat["messages"][3]["language"] == "output", beat"#,
            #"assert question["id"] == "pick" and question["ask"] == "Which?" and question["code"] is None, question"#,
            #"assert question["options"] == [{"text": "a", "correct": False, "feedback": "Not a."}, {"text": "b", "correct": True, "feedback": None}, {"text": "c", "correct": False, "feedback": None}], question"#,
            #"assert question["accept"] == [] and question["wrong"] == [], question"#,
            #"assert (question["explain"], question["hints"], question["xp"], question["on-wrong"]) == ("b.", ["Not a."], 10, "why"), question"#,
            #"assert offer == {"kind": "offer", "node": "more", "prompt": "More?"}, offer"#,
            #"assert takeaway == {"kind": "takeaway", "text": "b it is."}, takeaway"#,
            #"assert lesson["nodes"]["more"] == {"beats": [{"kind": "beat", "messages": [{"kind": "text", "text": "More."}]}], "question": None}, lesson["nodes"]"#,
            #"why = lesson["nodes"]["why"]"#,
            #"assert why["beats"] == [{"kind": "beat", "messages": [{"kind": "text", "text": "Because."}]}], why"#,
            #"again = why["question"]"#,
            #"assert (again["kind"], again["id"], again["ask"], again["on-wrong"], again["xp"]) == ("question", "again", "And now?", None, 10), again"#,
            #"assert [option["correct"] for option in again["options"]] == [False, True], again"#,
        ]))
        var exercise = Self.exercise
        exercise.checks = [probe]
        // Node `why` ends with a retry question.
        let lesson = Self.lesson.replacingOccurrences(of: "> Because.\n", with: "> Because.\nquestion again\nask: And now?\n- x\n+ y\nexplain: y.\nhint: Not x.\n")
        #expect(lesson != Self.lesson)
        #expect(try verdicts(lesson, exercise) == [.passed])
    }
}
