import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// Free-text answers an expert would type, and known wrong ones with their own feedback.
@Suite struct FreeTextTests {
    static let course: Course = {
        let text = """
            course ft
            title: FT
            level: advanced
            summary: S.

            lesson one
            title: One
            > Hello.
            takeaway: T.

            question module
            ask: Which module disassembles bytecode?
            accept: dis | the dis module | dis.dis
            wrong: inspect | the inspect module
              feedback: `inspect` reads source and signatures; it does not disassemble.
            wrong: ast
              feedback: `ast` works on the syntax tree, before there is any bytecode.
            explain: `dis` shows the bytecode instructions.
            hint: Short for disassembler.
            """
        let result = DialogueParser().parse(text, file: "ft")
        precondition(result.errors.isEmpty, "\(result.errors)")
        return result.course!
    }()

    private func answer(_ input: String) -> Response {
        var conversation = Conversation(course: Self.course)
        for line in ["", "", ""] { _ = conversation.respond(to: line) }
        precondition(conversation.expectation == .answer)
        return conversation.respond(to: input)
    }

    @Test(arguments: ["dis", "dis.dis", "The dis module.", "`dis.dis`"])
    func whatAnExpertTypesIsAccepted(_ input: String) {
        #expect(answer(input).turns.contains(.verdict(.correct)))
    }

    @Test func aKnownWrongAnswerGetsItsOwnFeedback() {
        let reply = answer("the inspect module")
        #expect(reply.turns.contains(.verdict(.incorrect)))
        #expect(reply.turns.contains(.feedback("`inspect` reads source and signatures; it does not disassemble.")))
        #expect(answer("AST").turns.contains(.feedback("`ast` works on the syntax tree, before there is any bytecode.")))
        let unknown = answer("tokenize")
        #expect(unknown.turns.contains(.verdict(.incorrect)))
        #expect(!unknown.turns.contains { if case .feedback = $0 { true } else { false } })
    }

    @Test func wrongAnswersAreCheckedByTheParser() {
        func problems(_ text: String) -> [String] {
            DialogueParser().parse(text, file: "t").diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        }
        let base = """
            course c
            title: C
            level: l
            summary: S.

            lesson one
            title: One
            takeaway: T.
            question q
            ask: Which?
            """
        #expect(problems(base + "\naccept: dis\nwrong: DIS\nexplain: E.\nhint: H.") == ["12:8: `DIS` is both accepted and wrong in question `q`"])
        #expect(problems(base + "\n+ a\n- b\nwrong: c\nexplain: E.\nhint: H.")
                == ["13:8: `wrong:` is for free-text questions; in multiple choice, give the wrong option its own `feedback:`"])
        #expect(problems(base + "\naccept: a\nwrong: b |  \nexplain: E.\nhint: H.") == ["12:11: a wrong answer between `|` is empty"])
    }
}
