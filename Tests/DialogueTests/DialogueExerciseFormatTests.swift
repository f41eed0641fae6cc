import Foundation
import Testing
@testable import Dialogue

/// `language: dialogue`: an exercise whose learner writes a course file. Its starter and
/// solution are ```dialogue blocks, its file a `.dialogue` name, its checks python only; any
/// other language is still an error.
@Suite struct DialogueExerciseFormatTests {
    static let course = """
        course demo
        title: Demo
        level: beginner
        summary: A tiny course.

        lesson one
        title: One
        > Options are numbered in file order.
        takeaway: Mark the right option with +.

        question q1
        ask: Which sign marks the right option?
        accept: +
        explain: + marks it.
        hint: Not -.

        exercise quiz
        language: dialogue
        task: Write a lesson whose question has three options.
        starter:
        ```dialogue
        course mine
        ```
        check: the question has three options
        ```python
        question = next(step for step in course["lessons"][0]["steps"] if step["kind"] == "question")
        assert len(question["options"]) == 3
        ```
        hint: One option a line.
        solution:
        ```dialogue
        course mine
        title: Mine
        ```
        """

    @Test func aDialogueExerciseHasItsLanguageAndADialogueFile() throws {
        let result = parse(Self.course)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        guard case .exercise(let exercise)? = result.course?.lessons.first?.steps.last else { Issue.record("no exercise"); return }
        #expect(exercise.language == .dialogue)
        #expect(exercise.fileName == "quiz.dialogue")
        #expect(exercise.starter == CodeBlock(language: "dialogue", lines: ["course mine"]))
        #expect(exercise.solution.lines == ["course mine", "title: Mine"])
        #expect(exercise.checks.count == 1)
        guard case .python(let lines) = exercise.checks[0].test else { Issue.record("\(exercise.checks[0])"); return }
        #expect(lines.last == #"assert len(question["options"]) == 3"#)
    }

    @Test func aPythonExerciseStaysPythonWithOrWithoutTheField() throws {
        let plain = Self.course.replacingOccurrences(of: "language: dialogue\n", with: "")
            .replacingOccurrences(of: "```dialogue", with: "```python")
        guard case .exercise(let exercise)? = parse(plain).course?.lessons.first?.steps.last else { Issue.record("no exercise"); return }
        #expect(exercise.language == .python && exercise.fileName == "quiz.py")
        let named = plain.replacingOccurrences(of: "exercise quiz\n", with: "exercise quiz\nlanguage: python\n")
        #expect(problems(named) == [])
    }

    @Test func anUnknownLanguageIsStillAnError() {
        let text = Self.course.replacingOccurrences(of: "language: dialogue", with: "language: markdown")
        #expect(problems(text).contains("18:11: exercises are checked in `python` or `dialogue`; `markdown` cannot be checked (or leave `language:` out for python)"))
        let twice = Self.course.replacingOccurrences(of: "language: dialogue", with: "language: dialogue\nlanguage: python")
        #expect(problems(twice) == ["19:11: `language:` is given twice; the first is on line 18"])
    }

    @Test func blocksAndFileMustBeInTheExercisesLanguage() {
        let pythonStarter = Self.course.replacingOccurrences(of: "starter:\n```dialogue", with: "starter:\n```python")
        #expect(problems(pythonStarter) == ["21:1: an exercise's starter and solution are ```dialogue blocks (its `language:`)"])
        let dialogueInPython = Self.course.replacingOccurrences(of: "language: dialogue\n", with: "")
        #expect(problems(dialogueInPython) == [
            "20:1: an exercise's starter and solution are ```python blocks",
            "30:1: an exercise's starter and solution are ```python blocks",
        ])
        let output = Self.course.replacingOccurrences(of: "```python\nquestion = next(step for step in course[\"lessons\"][0][\"steps\"] if step[\"kind\"] == \"question\")\nassert len(question[\"options\"]) == 3\n```",
                                                      with: "```output\nthree\n```")
        #expect(problems(output) == ["25:1: a dialogue exercise's check is a ```python block, run with the learner's parsed course as `course`"])
        let pyFile = Self.course.replacingOccurrences(of: "language: dialogue\n", with: "language: dialogue\nfile: quiz.py\n")
        #expect(problems(pyFile) == [
            "19:7: `file:` is a plain dialogue file name such as `my-lesson.dialogue` (letters, digits, `-`, `_`, `.`), not `quiz.py`",
        ])
        let reserved = Self.course.replacingOccurrences(of: "language: dialogue\n", with: "language: dialogue\nfile: tutord_check.dialogue\n")
        #expect(problems(reserved) == ["19:7: `tutord_check.dialogue` is the name of the checker's own file; name the learner's file something else"])
    }
}
