import LineProtocol
import Dialogue
import Testing
@testable import Tutoring

/// Two short lessons: enough to test flow, scoring and events as values.
let tinyCourse: Course = {
    let text = """
        course tiny
        title: Tiny
        level: beginner
        summary: Two lessons.

        lesson one
        title: One
        icon: 1️⃣
        > First beat.
        offer more: Want more?
        takeaway: Remember one.
        question q1
        ask: Pick b.
        - apple pie
        + banana split
        - apple tart
        explain: Because b.
        hint: Not an apple.
        xp: 12
        on-wrong: why

        node more
        > More, beat one.

        > More, beat two.

        node why
        > Here is why.

        lesson two
        title: Two
        > Second lesson.
        takeaway: Remember two.
        question q2
        ask: Name the module.
        accept: dis | the dis module
        explain: It disassembles.
        hint: Short for disassembler.
        """
    return DialogueParser().parse(text, file: "tiny").course!
}()

func texts(_ response: Response) -> [String] {
    response.turns.map { "\($0.key): \($0.text)" }
}

@Suite struct ConversationTests {
    /// Opens a conversation and sends inputs; returns the last response.
    @discardableResult
    func run(_ conversation: inout Conversation, _ inputs: [String]) -> Response {
        var last = conversation.open()
        for input in inputs { last = conversation.respond(to: input) }
        return last
    }

    @Test func openingGreetsAndStartsLessonOne() {
        var conversation = Conversation(course: tinyCourse)
        let reply = conversation.open()
        #expect(reply.turns.first == .course(id: "tiny", title: "Tiny", level: "beginner", summary: "Two lessons.", lessons: 2))
        #expect(reply.turns.contains(.lesson(number: 1, total: 2, id: "one", icon: "1️⃣", title: "One")))
        #expect(reply.turns.contains(.tutor("First beat.")))
        #expect(reply.turns.last == .expect(.continue))
        #expect(reply.events == [.positionMoved(CoursePosition(lessonID: "one", step: 0))])
    }

    @Test func firstTryEarnsFullXP() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["", "no", "", "b"])
        #expect(reply.events.contains(.answerRecorded(AnswerRecord(
            lessonID: "one", questionID: "q1", given: "b", isCorrect: true, attempt: 1, usedHint: false))))
        #expect(reply.events.contains(.xpAwarded(questionID: "q1", points: 12)))
        #expect(reply.turns.contains(.verdict(.correct)))
        #expect(reply.turns.contains(.xp(gained: 12, total: 12)))
        #expect(conversation.progress.questions["q1"]?.isCorrectOnFirstTry == true)
    }

    @Test func wrongTryHalvesXPAndTakesTheRemedialDetour() {
        var conversation = Conversation(course: tinyCourse)
        let wrong = run(&conversation, ["", "no", "", "apple pie"])
        #expect(wrong.turns.contains(.verdict(.incorrect)))
        #expect(wrong.turns.contains(.tutor("Here is why.")))
        #expect(conversation.position.nodeID == "why")
        let back = conversation.respond(to: "")
        #expect(back.turns.contains(.quiz(id: "q1", prompt: "Pick b.", isFreeText: false)))
        #expect(back.expectation == .answer)
        let hint = conversation.respond(to: "hint")
        #expect(hint.turns.first == .hint(number: 1, total: 1, text: "Not an apple."))
        let right = conversation.respond(to: "2")
        #expect(right.events.contains(.xpAwarded(questionID: "q1", points: 6)))
        #expect(right.events.contains(.answerRecorded(AnswerRecord(
            lessonID: "one", questionID: "q1", given: "2", isCorrect: true, attempt: 2, usedHint: true))))
    }

    @Test func secondWrongTryDoesNotRepeatTheDetour() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["", "no", "", "a", "", "c"])
        #expect(reply.turns.contains(.verdict(.incorrect)))
        #expect(!reply.turns.contains(.tutor("Here is why.")))
        #expect(reply.expectation == .answer)
        let right = conversation.respond(to: "b")
        #expect(right.events.contains(.xpAwarded(questionID: "q1", points: 3)))
    }

    @Test func ambiguousAnswerGetsAQuestionNotAVerdict() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["", "no", "", "apple"])
        #expect(!reply.turns.contains { if case .verdict = $0 { true } else { false } })
        #expect(reply.events.isEmpty)
        #expect(reply.turns.contains(.nudge("That could be 1 (apple pie) or 3 (apple tart). Which one do you mean?")))
        #expect(reply.expectation == .answer)
    }

    @Test func skipRevealsTheAnswerForNoXPEvenLater() {
        var conversation = Conversation(course: tinyCourse)
        let skipped = run(&conversation, ["", "no", "", "skip"])
        #expect(skipped.turns.contains(.verdict(.revealed)))
        #expect(skipped.events.contains(.questionRevealed(questionID: "q1")))
        #expect(!skipped.events.contains { if case .xpAwarded = $0 { true } else { false } })
        let again = run(&conversation, ["goto 1", "skip", "skip", "b"])
        #expect(again.turns.contains(.verdict(.correct)))
        #expect(again.turns.contains(.xp(gained: 0, total: 0)))
        #expect(conversation.progress.xp == 0)
    }

    @Test func acceptedOfferPlaysTheNodeThenRejoins() {
        var conversation = Conversation(course: tinyCourse)
        let first = run(&conversation, ["", "sure"])
        #expect(first.turns.contains(.tutor("More, beat one.")))
        let second = conversation.respond(to: "")
        #expect(second.turns.contains(.tutor("More, beat two.")))
        let rejoined = conversation.respond(to: "")
        #expect(rejoined.turns.contains(.takeaway("Remember one.")))
    }

    @Test func unclearReplyToAnOfferIsNudged() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["", "perhaps"])
        #expect(reply.expectation == .choice)
        #expect(reply.turns.contains(.nudge("Answer `yes` to take the detour, or `no` (or just Enter) to carry on.")))
    }

    @Test func freeTextIsCaseAndWhitespaceInsensitive() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["goto two", "", "", "  The   DIS module. "])
        #expect(reply.turns.contains(.verdict(.correct)))
    }

    @Test func finishingEmitsLessonAndCourseCompletionAndASummary() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["", "no", "", "b", "", "", "", "dis", ""])
        #expect(reply.events.contains(.lessonCompleted(lessonID: "two")))
        #expect(reply.events.contains(.courseCompleted))
        #expect(reply.turns.contains(.summary(ProgressSummary(lessonsDone: 2, lessons: 2, xp: 22, questions: 2, correct: 2, firstTry: 2, tried: 2, answers: 2))))
        #expect(reply.expectation == .end)
        #expect(conversation.position.isFinished)
    }

    @Test func informationalCommandsMoveNothing() {
        var conversation = Conversation(course: tinyCourse)
        run(&conversation, [""])
        for command in ["help", "lessons", "progress", "hint", "what?"] {
            let reply = conversation.respond(to: command)
            #expect(reply.events.isEmpty, "\(command)")
        }
    }

    @Test func everyResponseEndsWithExpect() {
        var conversation = Conversation(course: tinyCourse)
        for input in ["", "back", "skip", "repeat", "2", "no", "goto 2", "restart", "hint", "lessons"] {
            let reply = conversation.respond(to: input)
            guard case .expect = reply.turns.last else {
                Issue.record("reply to \(input) does not end with expect")
                continue
            }
        }
    }

    @Test func sameSeedSameWords() {
        let inputs = ["", "no", "", "a", "", "c", "b", "", "", "", "dis", ""]
        var first = Conversation(course: tinyCourse, seed: 42)
        var second = Conversation(course: tinyCourse, seed: 42)
        let a = [first.open()] + inputs.map { first.respond(to: $0) }
        let b = [second.open()] + inputs.map { second.respond(to: $0) }
        #expect(a == b)
    }

    @Test func seedsVaryThePhrasing() {
        let praises = Set((0..<20).map { seed -> [String] in
            var conversation = Conversation(course: tinyCourse, seed: UInt64(seed))
            return texts(run(&conversation, ["", "no", "", "b"]))
        })
        #expect(praises.count > 1)
    }

    @Test func restoresFromItsEvents() {
        var original = Conversation(course: tinyCourse)
        var progress = LearnerProgress()
        for event in original.open().events { progress.apply(event) }
        for input in ["", "no", "", "a"] {
            for event in original.respond(to: input).events { progress.apply(event) }
        }
        #expect(progress == original.progress)
        var restored = Conversation(course: tinyCourse, progress: progress)
        let welcome = restored.open()
        #expect(welcome.turns.first == .tutor("Welcome back to Tiny."))
        #expect(welcome.turns.contains(.tutor("Here is why.")))
        #expect(restored.respond(to: "").turns.contains(.quiz(id: "q1", prompt: "Pick b.", isFreeText: false)))
        let right = restored.respond(to: "b")
        #expect(right.events.contains(.xpAwarded(questionID: "q1", points: 6)))
    }

    @Test func restoresAtTheLessonStartWhenTheNodeIsGone() {
        var progress = LearnerProgress()
        progress.apply(.positionMoved(CoursePosition(lessonID: "one", step: 3, nodeID: "vanished", nodeBeat: 0)))
        var conversation = Conversation(course: tinyCourse, progress: progress)
        let reply = conversation.open()
        #expect(reply.turns.contains(.tutor("This lesson has changed since your last visit, so we pick it up from its start.")))
        #expect(reply.turns.contains(.tutor("First beat.")))
    }

    @Test func resumesAtTheFollowingLessonWhenTheLessonIsGone() {
        var progress = LearnerProgress()
        // The learner was in a lesson between `one` and `two` that has since been removed.
        progress.apply(.positionMoved(CoursePosition(lessonID: "removed", lessonIndex: 1, step: 1)))
        var conversation = Conversation(course: tinyCourse, progress: progress)
        let reply = conversation.open()
        #expect(reply.turns.contains(.tutor("The lesson you were in is no longer part of this course, so we pick up with the one after it.")))
        #expect(reply.turns.contains(.lesson(number: 2, total: 2, id: "two", icon: nil, title: "Two")))
        #expect(conversation.position == CoursePosition(lessonID: "two", lessonIndex: 1, step: 0))
    }

    @Test func aRemovedLastLessonResumesAtTheNewLastLesson() {
        var progress = LearnerProgress()
        progress.apply(.positionMoved(CoursePosition(lessonID: "three", lessonIndex: 2, step: 0)))
        var conversation = Conversation(course: tinyCourse, progress: progress)
        _ = conversation.open()
        #expect(conversation.position.lessonID == "two")
    }

    @Test func backWalksIntoThePreviousLesson() {
        var conversation = Conversation(course: tinyCourse)
        let reply = run(&conversation, ["goto 2", "back"])
        #expect(reply.turns.first == .lesson(number: 1, total: 2, id: "one", icon: "1️⃣", title: "One"))
        #expect(reply.expectation == .answer)
    }

    @Test func xpSchedule() {
        #expect(xpForCorrectAnswer(worth: 10, attempt: 1) == 10)
        #expect(xpForCorrectAnswer(worth: 10, attempt: 2) == 5)
        #expect(xpForCorrectAnswer(worth: 10, attempt: 3) == 2)
        #expect(xpForCorrectAnswer(worth: 10, attempt: 9) == 2)
        #expect(xpForCorrectAnswer(worth: 1, attempt: 3) == 1)
    }
}
