import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// A lesson whose question's `on-wrong:` node ends with a retry question, and a second lesson.
let retryCourse: Course = {
    let text = """
        course retry
        title: Retry
        level: beginner
        summary: A question with a retry question.

        lesson one
        title: One
        > First beat.
        takeaway: Remember one.
        question q1
        ask: Pick b.
        - apple pie
        + banana split
        - cherry tart
        explain: Because b.
        hint: Not an apple.
        xp: 12
        on-wrong: why
        > After the quiz.

        node why
        > Here is why.

        > And a second beat.
        question r1
        ask: Which fruit is yellow?
        - cherry
        + banana
        - plum
        explain: Bananas are yellow.
        hint: Monkeys like it.
        hint: It is curved.
        xp: 8

        lesson two
        title: Two
        > Second lesson.
        takeaway: Remember two.
        question q2
        ask: Name the module.
        accept: dis
        explain: It disassembles.
        hint: Short for disassembler.
        """
    let result = DialogueParser().parse(text, file: "retry")
    guard let course = result.course else { fatalError(result.diagnostics.map(\.description).joined(separator: "\n")) }
    return course
}()

@Suite struct RetryQuestionTests {
    static let retryQuiz = Turn.quiz(id: "r1", prompt: "Which fruit is yellow?", isFreeText: false)
    static let firstQuiz = Turn.quiz(id: "q1", prompt: "Pick b.", isFreeText: false)
    static let replacedAnswer = Turn.tutor("Back to the question you missed: Pick b. Its answer: banana split")

    /// Opens a conversation at time 1000 and answers q1 wrong: the node's first beat is shown.
    func missed(_ conversation: inout Conversation) -> Response {
        _ = conversation.open(at: 1000)
        for input in ["", ""] { _ = conversation.respond(to: input, at: 1000) }
        return conversation.respond(to: "1", at: 1000)
    }

    func isInstead(_ turn: Turn) -> Bool {
        if case .tutor(let text) = turn { return text.contains("new question on the same idea") }
        return false
    }

    @Test func aWrongAnswerPlaysTheNodeThenAsksItsQuestionInstead() {
        var conversation = Conversation(course: retryCourse)
        let wrong = missed(&conversation)
        #expect(wrong.turns.contains(.verdict(.incorrect)))
        #expect(wrong.turns.contains(.tutor("Here is why.")))
        #expect(conversation.respond(to: "").turns.contains(.tutor("And a second beat.")))
        let retry = conversation.respond(to: "")
        #expect(retry.turns.contains(Self.retryQuiz))
        #expect(!retry.turns.contains(Self.firstQuiz))
        #expect(retry.turns.contains(where: isInstead), "the reply says it is a new question")
        #expect(retry.turns.contains(.option(number: 2, text: "banana")))
        #expect(conversation.openQuiz?.question == "r1")
        #expect(retry.expectation == .answer)

        let right = conversation.respond(to: "2", at: 1000)
        #expect(right.turns.contains(.verdict(.correct)))
        #expect(right.turns.contains(.explanation("Bananas are yellow.")))
        #expect(right.events.contains(.answerRecorded(AnswerRecord(
            lessonID: "one", questionID: "r1", given: "2", isCorrect: true, attempt: 1, usedHint: false))))
        #expect(right.events.contains(.xpAwarded(questionID: "r1", points: 8)))
        // The missed question is settled with it: its answer shown, revealed, never asked again.
        #expect(right.turns.contains(Self.replacedAnswer))
        // The missed question's explanation comes with its answer.
        #expect(right.turns.contains { if case .explanation(let text) = $0 { text == "Because b." } else { false } })
        #expect(right.events.contains(.questionRevealed(questionID: "q1")))
        #expect(right.expectation == .continue)

        let on = conversation.respond(to: "")
        #expect(on.turns.contains(.tutor("After the quiz.")))
        #expect(!on.turns.contains(Self.firstQuiz))
        #expect(conversation.position.nodeID == nil && conversation.position.step == 3)

        let q1 = conversation.progress.questions["q1"]
        #expect(q1?.attempts == 1 && q1?.isCorrect == false && q1?.isCorrectOnFirstTry == false && q1?.isRevealed == true)
        #expect(conversation.progress.questions["r1"]?.isCorrectOnFirstTry == true)
        #expect(conversation.progress.xp == 8)
    }

    @Test func aWrongRetryIsTriedAgainThenRevealedBySkip() {
        var conversation = Conversation(course: retryCourse)
        _ = missed(&conversation)
        _ = conversation.respond(to: "")
        _ = conversation.respond(to: "")
        let wrong = conversation.respond(to: "cherry", at: 1000)
        #expect(wrong.turns.contains(.verdict(.incorrect)))
        #expect(wrong.expectation == .answer)
        #expect(conversation.openQuiz?.question == "r1")
        #expect(!wrong.turns.contains(Self.firstQuiz))
        #expect(!wrong.events.contains(.questionRevealed(questionID: "q1")))
        let revealed = conversation.respond(to: "skip", at: 1000)
        #expect(revealed.turns.contains(.verdict(.revealed)))
        #expect(revealed.turns.contains(.tutor("The answer: banana")))
        #expect(revealed.events.contains(.questionRevealed(questionID: "r1")))
        #expect(revealed.events.contains(.questionRevealed(questionID: "q1")))
        #expect(revealed.turns.contains(Self.replacedAnswer))
        #expect(conversation.respond(to: "").turns.contains(.tutor("After the quiz.")))
        #expect(conversation.progress.questions["r1"]?.attempts == 1)
    }

    @Test func skipAtTheRetryQuestionRevealsItAndLeavesTheDetour() {
        var conversation = Conversation(course: retryCourse)
        _ = missed(&conversation)
        _ = conversation.respond(to: "")
        _ = conversation.respond(to: "")
        let skipped = conversation.respond(to: "skip")
        #expect(skipped.turns.contains(.verdict(.revealed)))
        #expect(skipped.events.contains(.questionRevealed(questionID: "r1")))
        #expect(conversation.respond(to: "skip").turns.contains(.tutor("After the quiz.")))
    }

    @Test func skippingTheNodesReadingGoesToItsQuestion() {
        var conversation = Conversation(course: retryCourse)
        _ = missed(&conversation)
        let skipped = conversation.respond(to: "skip")
        #expect(!skipped.turns.contains(.tutor("And a second beat.")))
        #expect(skipped.turns.contains(Self.retryQuiz))
    }

    @Test func hintsAtTheRetryQuestionAreItsOwn() {
        var conversation = Conversation(course: retryCourse)
        _ = conversation.open()
        _ = conversation.respond(to: "")
        _ = conversation.respond(to: "")
        #expect(conversation.respond(to: "hint").turns.first == .hint(number: 1, total: 1, text: "Not an apple."))
        _ = conversation.respond(to: "1")
        _ = conversation.respond(to: "")
        _ = conversation.respond(to: "")
        #expect(conversation.respond(to: "hint").turns.first == .hint(number: 1, total: 2, text: "Monkeys like it."))
        #expect(conversation.respond(to: "hint").turns.first == .hint(number: 2, total: 2, text: "It is curved."))
        let right = conversation.respond(to: "banana")
        #expect(right.events.contains(.answerRecorded(AnswerRecord(
            lessonID: "one", questionID: "r1", given: "banana", isCorrect: true, attempt: 1, usedHint: true))))
    }

    /// `back` walks the node's beats, but not out of the detour to the missed question.
    @Test func backInARetryDetourStopsAtItsFirstBeat() {
        var conversation = Conversation(course: retryCourse)
        _ = missed(&conversation)
        _ = conversation.respond(to: "")
        _ = conversation.respond(to: "")
        #expect(conversation.respond(to: "back").turns.contains(.tutor("And a second beat.")))
        #expect(conversation.respond(to: "back").turns.contains(.tutor("Here is why.")))
        let first = conversation.respond(to: "back")
        #expect(first.turns.contains(.tutor("Here is why.")))
        #expect(!first.turns.contains(Self.firstQuiz))
        #expect(conversation.position.nodeID == "why")
    }

    @Test func repeatAtTheRetryQuestionAsksItAgainNotTheMissedOne() {
        var conversation = Conversation(course: retryCourse)
        _ = missed(&conversation)
        _ = conversation.respond(to: "")
        _ = conversation.respond(to: "")
        let repeated = conversation.respond(to: "repeat")
        #expect(repeated.turns.contains(Self.retryQuiz))
        #expect(!repeated.turns.contains(Self.firstQuiz))
    }

    /// The position of the retry question is the node's beat one past its last, so a resume
    /// from the stored events (a reconnect, a restarted daemon) asks it, and not the question
    /// it replaced; once settled, a resume shows it settled and goes on after the question.
    @Test func aResumeAtTheRetryQuestionAsksItWithItsTries() {
        var original = Conversation(course: retryCourse)
        var progress = LearnerProgress()
        func apply(_ response: Response) { for event in response.events { progress.apply(event) } }
        apply(original.open())
        for input in ["", "", "1", "", "", "cherry"] { apply(original.respond(to: input)) }
        #expect(progress.position == CoursePosition(lessonID: "one", step: 2, nodeID: "why", nodeBeat: 2))
        #expect(progress == original.progress)

        var resumed = Conversation(course: retryCourse, progress: progress)
        let welcome = resumed.open()
        #expect(welcome.turns.contains(Self.retryQuiz))
        #expect(!welcome.turns.contains(Self.firstQuiz))
        #expect(welcome.turns.last == .expect(.answer, quiz: "r1"))
        let right = resumed.respond(to: "banana")
        // The second try, as recorded before the reconnect: half the XP.
        #expect(right.events.contains(.answerRecorded(AnswerRecord(
            lessonID: "one", questionID: "r1", given: "banana", isCorrect: true, attempt: 2, usedHint: false))))
        #expect(right.events.contains(.xpAwarded(questionID: "r1", points: 4)))
        apply(right)

        var settled = Conversation(course: retryCourse, progress: progress)
        let again = settled.open()
        #expect(again.turns.contains(.tutor("You have answered this quiz: Which fruit is yellow?")))
        #expect(again.turns.last == .expect(.continue))
        #expect(settled.respond(to: "").turns.contains(.tutor("After the quiz.")))
    }

    @Test func aPositionAtAQuestionTheNodeNoLongerHasRestartsTheLesson() {
        var progress = LearnerProgress()
        progress.apply(.positionMoved(CoursePosition(lessonID: "one", step: 2, nodeID: "why", nodeBeat: 3)))
        var conversation = Conversation(course: retryCourse, progress: progress)
        let reply = conversation.open()
        #expect(reply.turns.contains(.tutor("This lesson has changed since your last visit, so we pick it up from its start.")))
        #expect(reply.turns.contains(.tutor("First beat.")))
    }

    /// The score counts main-flow questions (a clean run is 2 of 2); review counts every card,
    /// the retry question's too, and the missed question comes back as any first-try miss.
    @Test func theScoreCountsMainFlowQuestionsAndReviewEveryCard() {
        var conversation = Conversation(course: retryCourse)
        _ = missed(&conversation)
        _ = conversation.respond(to: "", at: 1000)
        _ = conversation.respond(to: "", at: 1000)
        _ = conversation.respond(to: "2", at: 1000)
        let summary = conversation.progress.summary(for: retryCourse)
        #expect(summary.questions == 2 && summary.firstTry == 0 && summary.correct == 0 && summary.tried == 1)
        #expect(retryCourse.questions.map(\.id) == ["q1", "q2"])
        #expect(retryCourse.allQuestions.map(\.id) == ["q1", "r1", "q2"])
        #expect(conversation.progress.cards["q1"] != nil && conversation.progress.cards["r1"] != nil)
        let later: Int64 = 1000 + 30 * 86_400
        let due = conversation.progress.dueQuestions(in: retryCourse, at: later).map(\.id)
        #expect(due.sorted() == ["q1", "r1"])
        #expect(conversation.progress.dueCount(in: retryCourse, at: later) == 2)

        let review = conversation.respond(to: "review", at: later)
        #expect(review.turns.contains(Self.firstQuiz))
        _ = conversation.respond(to: "banana split", at: later)
        #expect(conversation.respond(to: "", at: later).turns.contains(Self.retryQuiz))
    }

    @Test func aCleanRunNeverMeetsTheRetryQuestion() {
        var conversation = Conversation(course: retryCourse)
        _ = conversation.open(at: 1000)
        _ = conversation.respond(to: "", at: 1000)
        _ = conversation.respond(to: "", at: 1000)
        let right = conversation.respond(to: "2", at: 1000)
        #expect(!right.turns.contains(Self.replacedAnswer))
        #expect(conversation.respond(to: "").turns.contains(.tutor("After the quiz.")))
        #expect(conversation.progress.questions["r1"] == nil && conversation.progress.cards["r1"] == nil)
        #expect(conversation.progress.summary(for: retryCourse).firstTry == 1)
    }

    /// A node that holds only its question: the wrong answer's reply asks it at once.
    @Test func aNodeWithOnlyAQuestionAsksItRightAway() throws {
        let text = """
            course bare
            title: Bare
            level: beginner
            summary: S.

            lesson one
            title: One
            takeaway: T.
            question q1
            ask: Pick b.
            - a
            + b
            - c
            explain: B.
            hint: B.
            on-wrong: again
            > After.

            node again
            question r1
            ask: Pick e.
            - d
            + e
            explain: E.
            hint: E.
            """
        var conversation = Conversation(course: try #require(DialogueParser().parse(text, file: "bare").course))
        _ = conversation.open()
        _ = conversation.respond(to: "")
        let wrong = conversation.respond(to: "1")
        #expect(wrong.turns.contains(.verdict(.incorrect)))
        #expect(!wrong.turns.contains(.tutor("Let me explain a bit more before you try again.")))
        #expect(wrong.turns.contains(where: isInstead))
        #expect(wrong.turns.last == .expect(.answer, quiz: "r1"))
        _ = conversation.respond(to: "2")
        #expect(conversation.respond(to: "").turns.contains(.tutor("After.")))
    }
}
