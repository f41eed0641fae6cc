import Foundation
import Testing
@testable import Dialogue

/// The `exercise` block: a task, a starter file, checks (python or expected output), hints, a
/// model solution; and a precise diagnostic for each way to get it wrong.
@Suite struct ExerciseFormatTests {
    static let course = """
        course demo
        title: Demo
        level: beginner
        summary: A tiny course.

        lesson one
        title: One
        > Descriptors run on attribute access.
        takeaway: A data descriptor's __set__ runs on every assignment.

        question q1
        ask: Which method runs on assignment?
        accept: __set__
        explain: Assignment calls __set__.
        hint: Not __get__.

        exercise positive
        task: Write a descriptor `Positive` that refuses values that are not above zero
          with a ValueError.
        file: positive.py
        starter:
        ```python
        class Positive:
            pass
        ```

        check: a positive value is stored and read back
        ```python
        class Account:
            balance = Positive()
        account = Account()
        account.balance = 5
        assert account.balance == 5
        ```
        check: the demo prints OK
        ```output
        OK
        ```
        hint: __set__ receives the instance and the value.
        hint: Keep the value in the instance's __dict__.
        solution:
        ```python
        class Positive:
            def __set_name__(self, owner, name):
                self.name = name
        ```
        explain: __set_name__ tells the descriptor its attribute's name.
        xp: 30

        > Well done.
        """

    @Test func anExerciseIsAStepWithEveryPart() throws {
        let result = parse(Self.course)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let lesson = try #require(result.course?.lessons.first)
        guard case .exercise(let exercise) = lesson.steps[3] else {
            Issue.record("step 3 is \(lesson.steps[3])")
            return
        }
        #expect(exercise.id == "positive")
        #expect(exercise.task == "Write a descriptor `Positive` that refuses values that are not above zero with a ValueError.")
        #expect(exercise.fileName == "positive.py")
        #expect(exercise.starter.lines == ["class Positive:", "    pass"])
        #expect(exercise.checks.count == 2)
        #expect(exercise.checks[0].message == "a positive value is stored and read back")
        #expect(exercise.checks[0].test == .python(["class Account:", "    balance = Positive()", "account = Account()",
                                                     "account.balance = 5", "assert account.balance == 5"]))
        #expect(exercise.checks[1] == ExerciseCheck(message: "the demo prints OK", test: .output(["OK"])))
        #expect(exercise.hints.count == 2)
        #expect(exercise.solution.lines.first == "class Positive:")
        #expect(exercise.explanation == "__set_name__ tells the descriptor its attribute's name.")
        #expect(exercise.xp == 30)
        #expect(lesson.steps[4] == .beat(Beat(messages: ["Well done."])))
    }

    @Test func defaultsForFileAndXP() throws {
        let text = Self.course.replacingOccurrences(of: "file: positive.py\n", with: "").replacingOccurrences(of: "xp: 30\n", with: "")
        let result = parse(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        guard case .exercise(let exercise)? = result.course?.lessons.first?.steps[3] else { Issue.record("no exercise"); return }
        #expect(exercise.fileName == "positive.py" && exercise.xp == Exercise.defaultXP)
    }

    @Test func anotherLanguageIsAnErrorAtItsLine() {
        let text = Self.course.replacingOccurrences(of: "file: positive.py", with: "file: positive.py\nlanguage: rust")
        #expect(problems(text) == ["21:11: exercises are checked in `python` or `dialogue`; `rust` cannot be checked (or leave `language:` out for python)"])
    }

    @Test func missingPartsAreEachReported() {
        let text = """
            course demo
            title: Demo
            level: beginner
            summary: A tiny course.

            lesson one
            title: One
            takeaway: T.
            question q1
            ask: A?
            accept: a
            explain: E.
            hint: H.

            exercise bare
            task: Write something.
            """
        #expect(problems(text) == [
            "15:10: exercise `bare` has no `starter:`; give the code the learner starts from (it may be a stub)",
            "15:10: exercise `bare` has no `solution:`; `tutord check` runs the checks against it",
            "15:10: exercise `bare` has no `check:`; add one with the message a failure shows and its code in a block after it",
            "15:10: exercise `bare` has no `hint:`; give at least one",
        ])
    }

    @Test func codeFieldsNeedTheirBlockAndNothingElse() {
        let noBlock = Self.course.replacingOccurrences(of: "check: the demo prints OK\n```output\nOK\n```\n", with: "check: the demo prints OK\n")
        #expect(problems(noBlock) == ["35:1: `check:` needs its code in a fenced block on the lines right after it"])
        let value = Self.course.replacingOccurrences(of: "starter:\n", with: "starter: class Positive: pass\n")
        #expect(problems(value) == ["21:10: `starter:` takes no value; put the code in a fenced block on the lines after it"])
        let stray = Self.course.replacingOccurrences(of: "hint: __set__ receives", with: "```python\nx = 1\n```\nhint: __set__ receives")
        #expect(problems(stray) == ["39:1: an exercise's code goes right after its `starter:`, `check:` or `solution:` line"])
        let textCheck = Self.course.replacingOccurrences(of: "```output\nOK", with: "```text\nOK")
        #expect(problems(textCheck) == ["36:1: a check is a ```python block (run after the learner's code) or an ```output block (what it must print)"])
    }

    @Test func exerciseFieldsOutsideAnExerciseAndIdsSharedWithQuestions() {
        let outside = Self.course.replacingOccurrences(of: "question q1\n", with: "task: Loose.\nquestion q1\n")
        #expect(problems(outside) == ["11:1: `task:` belongs to an exercise; start one with `exercise <id>`"])
        let clash = Self.course.replacingOccurrences(of: "exercise positive", with: "exercise q1")
        #expect(problems(clash) == ["17:10: exercise id `q1` is used twice; the first is on line 11 by a question (questions and exercises share ids)"])
        let reserved = Self.course.replacingOccurrences(of: "file: positive.py", with: "file: tutord_check.py")
        #expect(problems(reserved) == ["20:7: `tutord_check.py` is the name of the checker's own file; name the learner's file something else"])
        let badFile = Self.course.replacingOccurrences(of: "file: positive.py", with: "file: ../etc/passwd")
        #expect(problems(badFile) == [
            "20:7: `file:` is a plain python file name such as `positive.py` (letters, digits, `-`, `_`, `.`), not `../etc/passwd`",
        ])
    }
}
