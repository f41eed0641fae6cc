import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// An exercise step in the conversation, as far as this part of exercises goes: the task, the
/// starter and how to check it, then the lesson goes on.
@Suite struct ExerciseConversationTests {
    static let course: Course = {
        let text = """
            course ex
            title: Ex
            level: beginner
            summary: One exercise.

            lesson one
            title: One
            > A beat.
            takeaway: Remember one.
            question q1
            ask: Name the module.
            accept: dis
            explain: It disassembles.
            hint: Short for disassembler.

            exercise double
            task: Write `double(x)`, which returns twice `x`.
            file: double.py
            starter:
            ```python
            def double(x):
                ...
            ```
            check: double(2) is 4
            ```python
            assert double(2) == 4
            ```
            hint: Multiply.
            solution:
            ```python
            def double(x):
                return 2 * x
            ```

            > After the exercise.
            """
        return DialogueParser().parse(text, file: "ex").course!
    }()

    @Test func theTaskTheStarterAndHowToCheckThenOnward() {
        var conversation = Conversation(course: Self.course)
        _ = conversation.open()
        _ = conversation.respond(to: "")  // the takeaway
        _ = conversation.respond(to: "")  // the quiz
        _ = conversation.respond(to: "dis")
        let turns = conversation.respond(to: "").turns
        #expect(turns.contains(.exercise(id: "double", file: "double.py", task: "Write `double(x)`, which returns twice `x`.")))
        #expect(turns.contains(.code(language: "python", lines: ["def double(x):", "    ..."])))
        #expect(turns.contains { if case .tutor(let text) = $0 { text.contains("tutord exercise check ex double double.py") } else { false } })
        #expect(turns.last == .expect(.continue))
        #expect(conversation.respond(to: "").turns.contains(.tutor("After the exercise.")))
    }
}
