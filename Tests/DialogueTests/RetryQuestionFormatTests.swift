import Testing
@testable import Dialogue

/// A node's retry question: where it may stand, and the diagnostics (with line and column)
/// of each rule it breaks.
@Suite struct RetryQuestionFormatTests {
    /// The valid course with a retry question at the end of node `why-b` (lines 31-36, right after its beat), which
    /// question `q1`'s `on-wrong:` enters.
    static let withRetry = validCourse + """

        question r1
        ask: Pick d.
        - c
        + d
        explain: Because d.
        hint: It is d.
        """

    func expectOne(_ text: String, at line: Int, _ column: Int, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(text)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        guard let first = found.first else { return }
        #expect(first.hasPrefix("\(line):\(column): "), "\(first)", sourceLocation: sourceLocation)
        #expect(first.contains(fragment), "\(first)", sourceLocation: sourceLocation)
    }

    @Test func aNodeEndsWithItsRetryQuestion() throws {
        let result = parse(Self.withRetry)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let course = try #require(result.course)
        let lesson = course.lessons[0]
        let retry = try #require(lesson.nodes["why-b"]?.question)
        #expect(retry.id == "r1" && retry.prompt == "Pick d." && retry.remedialNode == nil && retry.xp == 10)
        #expect(retry.options.map(\.text) == ["c", "d"])
        #expect(lesson.nodes["why-b"]?.beats.count == 1)
        #expect(lesson.questions.map(\.id) == ["q1"])
        #expect(lesson.retryQuestions.map(\.id) == ["r1"])
        #expect(lesson.retryQuestion(after: lesson.questions[0])?.id == "r1")
        #expect(course.questions.map(\.id) == ["q1"])
        #expect(course.allQuestions.map(\.id) == ["q1", "r1"])
        #expect(course.question(id: "r1")?.lesson == 0)
        #expect(lesson.nodes["extra"]?.question == nil)
    }

    @Test func aNodeMayHoldOnlyItsQuestion() throws {
        let text = Self.withRetry.replacingOccurrences(of: "node why-b\n> Why b is right.\n", with: "node why-b\n")
        let result = parse(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(try #require(result.course).lessons[0].nodes["why-b"]?.beats.isEmpty == true)
    }

    @Test func messagesAfterTheQuestion() {
        expectOne(Self.withRetry + "\n\n> Too late.", at: 38, 3, "node `why-b` ends with its question (line 31); put the node's messages before it")
    }

    @Test func twoQuestionsInANode() {
        expectOne(Self.withRetry + "\nquestion r2", at: 37, 1, "node `why-b` already has its question (line 31); a node holds at most one")
    }

    @Test func onWrongInARetryQuestion() {
        expectOne(Self.withRetry + "\non-wrong: extra", at: 37, 1, "a node's question cannot have `on-wrong:`")
    }

    @Test func twoQuestionsLeadingToOneRetryQuestion() {
        let second = "on-wrong: why-b\n\nquestion q2\nask: Pick f.\n- e\n+ f\nexplain: F.\nhint: F.\non-wrong: why-b\n"
        let text = Self.withRetry.replacingOccurrences(of: "on-wrong: why-b\n", with: second)
        expectOne(text, at: 32, 11, "node `why-b` ends with question `r1`, asked instead of the question that missed; it already stands in for the one on line 16")
    }

    @Test func aRetryQuestionSharesTheQuestionsIDs() {
        let text = Self.withRetry.replacingOccurrences(of: "question r1", with: "question q1")
        expectOne(text, at: 31, 10, "question id `q1` is used twice; the first is on line 16")
    }

    @Test func aRetryQuestionIsCheckedAsAnyQuestion() {
        let text = Self.withRetry.replacingOccurrences(of: "hint: It is d.", with: "")
        expectOne(text, at: 31, 10, "question `r1` has no `hint:`")
    }

    /// The option lints read retry questions too: here the odd one out.
    @Test func aRetryQuestionsOptionsAreLinted() {
        let text = validCourse + """

            question r1
            ask: Is it safe?
            - Yes: the lock is held.
            + No: a switch may fall in between.
            - Yes, because ints are immutable.
            explain: A switch.
            hint: Switches.
            """
        let result = DialogueParser().parse(text, file: "t.dialogue", lint: true)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.warnings.map { "\($0.line):\($0.column)" } == ["34:3"], "\(result.warnings)")
        #expect(result.warnings.first?.message.hasPrefix("the right option of `r1` is the odd one out") == true)
    }
}
