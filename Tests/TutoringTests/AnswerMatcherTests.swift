import Testing
import Dialogue
@testable import Tutoring

@Suite struct AnswerMatcherTests {
    let matcher = AnswerMatcher(options: ["`__new__`", "`__init__`", "`__prepare__`"])
    let sentences = AnswerMatcher(options: [
        "Because reference counting cannot reclaim objects that only reference each other in a cycle.",
        "Because reference counting is too slow for normal variable assignments.",
        "Global variables are stored on disk rather than in RAM.",
    ])

    @Test(arguments: [
        ("2", AnswerMatch.option(1)), ("b", .option(1)), ("B", .option(1)), (" 3 ", .option(2)),
        ("option 1", .option(0)), ("(c)", .option(2)), ("3.", .option(2)),
        ("__prepare__", .option(2)), ("`__init__`", .option(1)), ("__INIT__", .option(1)),
        ("4", .outOfRange), ("0", .outOfRange), ("d", .outOfRange), ("-1", .outOfRange),
        ("", .none), ("   ", .none), ("__call__", .none), ("call", .none),
        // Near-misses of identifiers: the name without its underscores or with parentheses.
        ("prepare", .option(2)), ("prepare()", .option(2)), ("`prepare()`", .option(2)), ("__prepare", .option(2)), ("PREPARE", .option(2)),
    ])
    func dunderOptions(_ input: String, _ expected: AnswerMatch) {
        #expect(matcher.match(input) == expected)
    }

    @Test(arguments: [
        ("reference counting", AnswerMatch.ambiguous([0, 1])),
        ("cannot reclaim", .option(0)),
        ("too slow", .option(1)),
        ("dis", .none),  // whole words only: `dis` is not `disk`
        ("disk", .option(2)),
        ("I think: because reference counting is too slow for normal variable assignments!", .option(1)),
    ])
    func sentenceOptions(_ input: String, _ expected: AnswerMatch) {
        #expect(sentences.match(input) == expected)
    }

    @Test func nearMissesNeverMakeAnotherAnswerAmbiguousOrWrong() {
        let classes = AnswerMatcher(options: ["`ast.NodeVisitor`", "`ast.NodeTransformer`", "`ast.NodeMutator`"])
        #expect(classes.match("nodetransformer") == .option(1))
        #expect(classes.match("NodeTransformer()") == .option(1))
        #expect(classes.match("ast.NodeVisitor") == .option(0))
        #expect(classes.match("ast") == .ambiguous([0, 1, 2]))  // as before: every option has it
        let inits = AnswerMatcher(options: ["`__init__`", "`init`", "`__new__`"])
        #expect(inits.match("init") == .option(1))  // the exact word wins over a near-miss
        #expect(inits.match("__init__") == .option(0))
        #expect(inits.match("new") == .option(2))
    }

    @Test func freeText() {
        #expect(isAccepted("  The DIS   module. ", by: ["dis", "the dis module"]))
        #expect(isAccepted("`dis`", by: ["dis"]))
        #expect(!isAccepted("disassembler", by: ["dis"]))
        #expect(!isAccepted("", by: ["dis"]))
    }

    /// A question folds its accepted and known-wrong answers once, when the course loads; the
    /// folded keys judge every answer as comparing with the texts does.
    @Test func loadedKeysJudgeAsTheTexts() {
        let accepted = ["dis", "the `dis` module", "  Bytecode!  ", "``", "( ` ("]
        let wrong = ["ast", "`tokenize`"]
        var question = Question(id: "q", prompt: "?", answers: .freeText(accepted: accepted), explanation: "", hints: [], xp: 1,
                                remedialNode: nil, wrongAnswers: [WrongAnswer(answers: wrong, feedback: nil)])
        #expect(question.acceptedKeys == ["dis", "the dis module", "bytecode"])
        #expect(question.wrongAnswers[0].keys == ["ast", "tokenize"])
        for input in ["dis", "DIS", "`dis`.", "the dis module", "The  DIS module", "bytecode?", "disassembler", "", "``", "( ` (", "ast", "Tokenize"] {
            let key = answerKey(input)
            #expect((!key.isEmpty && question.accepts(key: key)) == isAccepted(input, by: accepted), "\(input)")
            #expect((!key.isEmpty && question.wrongAnswers[0].keys.contains(key)) == isAccepted(input, by: wrong), "\(input)")
        }
        // Keys follow the answers if a question is changed after it was made.
        question.answers = .freeText(accepted: ["tokenize"])
        #expect(question.accepts(key: answerKey("`tokenize`")))
        #expect(!question.accepts(key: "dis"))
        question.answers = .choice([AnswerOption(text: "a", isCorrect: true), AnswerOption(text: "b", isCorrect: false)])
        #expect(question.acceptedKeys.isEmpty)
    }
}
