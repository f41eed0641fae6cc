import Foundation
import Testing
@testable import Dialogue

/// Fenced code blocks in course files: kept as written, with a language tag, in beats,
/// nodes and after a question's `ask:`, and a diagnostic for each way to get them wrong.
@Suite struct CodeBlockTests {
    static let course = """
        course demo
        title: Demo
        level: beginner
        summary: A tiny course.

        lesson one
        title: One
        > Look at this:
        ```python run
        def f(x):

            # not a comment here: code
            return x * 2
        print(f(21))
        ```
        ```output
        42
        ```
        > Then this.
        takeaway: Something to remember.

        question q1
        ask: What does this print?
        ```python
        print(len("abc"))
        ```
        accept: 3
        explain: Three characters.
        hint: Count them.
        """

    @Test func aBlockKeepsItsLinesAndBelongsToItsBeat() throws {
        let result = DialogueParser().parse(Self.course, file: "t.dialogue")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let lesson = try #require(result.course?.lessons.first)
        let code = CodeBlock(language: "python", isRunnable: true,
                             lines: ["def f(x):", "", "    # not a comment here: code", "    return x * 2", "print(f(21))"])
        #expect(lesson.steps[0] == .beat(Beat(messages: ["Look at this:", .code(code), .code(CodeBlock(language: "output", lines: ["42"])),
                                                         "Then this."])))
        #expect(lesson.questions.first?.code == CodeBlock(language: "python", lines: [#"print(len("abc"))"#]))
    }

    @Test func anUnclosedBlockIsReportedWhereItOpens() {
        let text = Self.course + "\n> One more.\n```python\nx = 1\n"
        #expect(problems(text) == ["31:1: this code block is never closed; end it with a line of three backticks (```)"])
    }

    @Test func tabsAreRejectedInCode() {
        let text = Self.course.replacingOccurrences(of: "    return x * 2", with: "\treturn x * 2")
        #expect(problems(text) == ["13:1: a tab in a code block; indent code with spaces (terminals disagree on a tab's width)"])
    }

    @Test func controlCharactersAreRejectedInCodeToo() {
        let text = Self.course.replacingOccurrences(of: "return x * 2", with: "return x * 2\u{1B}[2J")
        #expect(problems(text).first?.contains("control character U+001B is not allowed") == true)
    }

    @Test func runNeedsPythonAndAClaimedOutput() {
        #expect(problems(Self.course.replacingOccurrences(of: "```python run", with: "```ruby run"))
                == ["9:1: only python code can be marked `run` (it is run with python3 to check its output)"])
        #expect(problems(Self.course.replacingOccurrences(of: "```output\n42\n```\n", with: ""))
                == ["9:1: a code block marked `run` needs the output it prints in an ```output block right after it"])
        #expect(problems(Self.course.replacingOccurrences(of: "```python run", with: "```python fast"))
                == ["9:1: unknown word `fast` after the code fence; only `run` may follow the language (```python run)"])
    }

    @Test func misplacedBlocks() {
        #expect(problems(Self.course.replacingOccurrences(of: "accept: 3\n", with: "").replacingOccurrences(of: "hint: Count them.", with: "hint: Count them.\naccept: 3\n```\nx\n```"))
                .contains { $0.hasSuffix("a question's code block goes right after its `ask:`, before the options or `accept:`") })
        #expect(problems("```\nx\n```\n" + Self.course).first
                == "1:1: a code block must be inside a lesson: with the tutor's messages, or after a question's `ask:`")
        #expect(problems(Self.course.replacingOccurrences(of: "```output\n42\n```\n", with: "```output\n42\n```\n```output\n43\n```\n"))
                == ["19:1: an ```output block shows what the code block right before it prints; there is none"])
        #expect(problems(Self.course.replacingOccurrences(of: "```python\nprint(len(\"abc\"))\n```", with: "```\n\n```"))
                == ["24:1: this code block is empty"])
    }
}
