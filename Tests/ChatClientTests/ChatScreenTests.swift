import CourseCatalog
import Dialogue
import Foundation
import LineProtocol
import Testing
@testable import ChatClient
import Tutoring

/// The CPython course from Dialogues/.
enum CourseFixture {
    static let cpython: Course = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        guard let course = DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course else { fatalError("the course does not parse") }
        return course
    }()
}

/// A reply as the daemon sends it: typed payloads through the real encoder, read back by the
/// real reader (text mode, as `tutor` speaks it).
func reply(_ payloads: [Payload], _ status: ReplyStatus = .ok) -> Reply {
    let wire = ReplyEncoder(format: .text).encode(payloads.flatMap { $0.lines(for: .text) }, status)
    var reader = ReplyReader()
    for line in wire.split(separator: "\n") {
        if let reply = reader.feed(line) { return reply }
    }
    fatalError("no final line in \(wire)")
}

func reply(_ turns: [Turn], _ status: ReplyStatus = .ok) -> Reply {
    reply(turns.map(Payload.turn), status)
}

/// The real course's opening, and its first quiz, as the tutoring state machine says them.
let (opening, quiz): (Reply, Reply) = {
    var conversation = Conversation(course: CourseFixture.cpython)
    let opening = reply(conversation.open().turns)
    var response = conversation.respond(to: "")
    while response.expectation != .answer {
        response = conversation.respond(to: response.expectation == .choice ? "no" : "")
    }
    return (opening, reply(response.turns))
}()

@Suite struct ChatScreenTests {
    @Test func headerShowsCourseLessonAndXP() {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.apply(reply([.xp(gained: 10, total: 10), .expect(.continue)]))
        let frame = screen.render(width: 100, height: 20)
        #expect(frame.lines[0] == StyledLine("CPython Internals & Advanced Metaprogramming │ Lesson 1/12 🔒 The GIL & Free-Threading │ 10 XP", .header))
        #expect(frame.lines.count == 20)
    }

    @Test func aNarrowHeaderShortensTheCourseTitleButKeepsTheXP() {
        var screen = ChatScreen()
        screen.apply(opening)
        let header = screen.render(width: 70, height: 20).lines[0].text
        #expect(header.hasSuffix("│ Lesson 1/12 🔒 The GIL & Free-Threading │ 0 XP"))
        #expect(header.hasPrefix("CPython Inte"))
        #expect(header.contains("…"))
        #expect(screen.render(width: 30, height: 20).lines[0].text.hasSuffix("│ 0 XP"))
    }

    @Test func everyLineFitsTheWidthAtEverySize() {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.apply(quiz)
        screen.input.insert("漢字 and emoji 🔒 typed by the learner, long enough to scroll sideways")
        for width in [1, 5, 20, 40, 80, 200] {
            for height in [1, 3, 12, 24, 60] {
                let frame = screen.render(width: width, height: height)
                #expect(frame.lines.count == height, "\(width)x\(height)")
                #expect(frame.lines.allSatisfy { DisplayWidth.of($0.text) <= width }, "\(width)x\(height)")
                #expect(frame.cursorColumn < width && frame.cursorRow < height)
            }
        }
    }

    @Test func quizOptionsByNumberAndByArrows() {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.apply(quiz)
        #expect(screen.handle(.text("2")) == .send("2"))  // the daemon's commands not known yet: as typed
        screen.apply(quiz)
        _ = screen.handle(.down)
        _ = screen.handle(.down)
        #expect(screen.selectedOption == 1)
        let frame = screen.render(width: 60, height: 24)
        #expect(frame.lines.contains(StyledLine("  ▶ 2) To keep reference counts safe when threads change", .selected)))
        #expect(screen.handle(.enter) == .send("2"))
        #expect(screen.entries.last == ChatEntry(.learner, "2"))
    }

    @Test func typingAndEnterSendsTheLine() {
        var screen = ChatScreen()
        screen.apply(opening)
        #expect(screen.handle(.enter) == .send(""))  // empty line: continue
        screen.input.insert("__prepare__")
        #expect(screen.handle(.enter) == .send("__prepare__"))
        screen.input.insert("/quit")
        #expect(screen.handle(.enter) == .quit)
        #expect(screen.handle(.interrupt) == .quit)
    }

    /// The client's own commands: the usual ways to leave leave, and protocol commands
    /// meant for scripts are explained instead of sent (`format json` made replies vanish).
    @Test(arguments: ["quit", "exit", "q", "/quit", "  EXIT ", "/q"])
    func quitWordsLeave(_ typed: String) {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.input.insert(typed)
        #expect(screen.handle(.enter) == .quit)
    }

    @Test(arguments: ["format json", "FORMAT text", "ping"])
    func scriptOnlyCommandsAreExplainedNotSent(_ typed: String) {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.input.insert(typed)
        #expect(screen.handle(.enter) == .none)
        #expect(screen.entries.last?.kind == .system)
        #expect(screen.entries.last?.text.contains("for scripts") == true)
        #expect(screen.input.text.isEmpty)
    }

    @Test func questionsThatMentionQuittingAreStillSent() {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.input.insert("quit smoking?")
        #expect(screen.handle(.enter) == .send("quit smoking?"))
    }

    @Test func ctrlAEAndKEditTheInput() {
        var screen = ChatScreen()
        screen.input.insert("hello world")
        _ = screen.handle(.lineStart)
        _ = screen.handle(.text(">"))
        #expect(screen.input.text == ">hello world")
        for _ in 0..<5 { _ = screen.handle(.right) }
        _ = screen.handle(.killToEnd)
        #expect(screen.input.text == ">hello")
        _ = screen.handle(.lineStart)
        _ = screen.handle(.lineEnd)
        _ = screen.handle(.text("!"))
        #expect(screen.input.text == ">hello!")
    }

    @Test func scrollingHoldsTheViewAndNewMessagesReturnToTheBottom() {
        var screen = ChatScreen()
        for index in 0..<50 { screen.apply(reply([.tutor("message \(index)"), .expect(.continue)])) }
        var frame = screen.render(width: 40, height: 12)
        #expect(frame.lines.contains { $0.text.contains("message 49") })
        _ = screen.handle(.pageUp, height: 12)
        frame = screen.render(width: 40, height: 12)
        #expect(!frame.lines.contains { $0.text.contains("message 49") })
        let before = frame.lines
        #expect(before[9] == StyledLine("↓ 8 more lines below · End", .marker))
        screen.apply(reply([.tutor("message 50"), .expect(.continue)]))
        var after = screen.render(width: 40, height: 12).lines
        #expect(after[9] == StyledLine("↓ 9 more lines below · End", .marker))
        after[9] = before[9]
        #expect(after == before)  // scrolled up: the view stays
        _ = screen.handle(.enter)  // sending brings the view back down
        frame = screen.render(width: 40, height: 12)
        #expect(frame.lines.contains { $0.text.contains("message 50") })
    }

    @Test func helpOverlayOpensWithQuestionMarkAndClosesWithAnyKey() {
        var screen = ChatScreen()
        screen.apply(opening)
        _ = screen.handle(.text("?"))
        #expect(screen.render(width: 60, height: 24).lines.contains { $0.style == .overlay })
        _ = screen.handle(.text("x"))
        #expect(!screen.render(width: 60, height: 24).lines.contains { $0.style == .overlay })
        #expect(screen.input.text.isEmpty)  // the closing key is not typed
    }

    /// A verdict and the tutor's words after it are one line ("Not quite" and then
    /// "That's not it." read as the same thing said twice); errors read as sentences.
    @Test func errorsAndVerdictsBecomeEntries() {
        var screen = ChatScreen()
        screen.apply(reply([Payload](), .error(ProtocolError(.noCourse, "start a course"))))
        screen.apply(reply([.verdict(.incorrect), .tutor("That's not it."), .feedback("No."), .expect(.answer)]))
        screen.apply(reply([.verdict(.correct), .explanation("Because."), .expect(.continue)]))
        #expect(screen.entries == [ChatEntry(.system, "start a course"), ChatEntry(.incorrect, "That's not it."),
                                   ChatEntry(.feedback, "No."), ChatEntry(.correct, "Right."), ChatEntry(.explanation, "Why: Because.")])
        // The explanation is drawn at full contrast, like the tutor's words.
        #expect(ChatEntry(.explanation, "").style == .tutor)
    }

    @Test func controlCharactersNeverReachTheScreen() {
        var screen = ChatScreen()
        // Raw lines, as a hostile or broken daemon might send them (ours would have replaced them).
        screen.apply(Reply(lines: [ReplyLine(key: "tutor", text: "evil\u{1B}[2J\u{7}text"), ReplyLine(key: "expect", text: "continue")],
                           status: .ok, statusLine: "OK"))
        let frame = screen.render(width: 60, height: 10)
        #expect(frame.lines.allSatisfy { !$0.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        #expect(frame.lines.contains { $0.text.contains("evil\u{FFFD}[2J\u{FFFD}text") })
    }

    @Test func everyReplyKindRenders() {
        var screen = ChatScreen()
        screen.monochrome = true
        screen.apply(opening)
        let summary = ProgressSummary(lessonsDone: 1, lessons: 10, xp: 5, questions: 11, correct: 1, firstTry: 0, tried: 1, answers: 2)
        screen.apply(reply([.turn(.takeaway("T.")), .turn(.offer(node: "deeper", prompt: "Deeper?")), .turn(.hint(number: 1, total: 2, text: "H.")),
                            .turn(.explanation("E.")), .turn(.verdict(.correct)), .turn(.verdict(.revealed)),
                            .turn(.toc(number: 1, total: 10, id: "gil", icon: "🔒", title: "The GIL", isDone: true, isCurrent: false)),
                            .turn(.summary(summary)), .turn(.help(command: "hint", description: "a hint")),
                            .learner(user: "alice", uid: nil, profile: nil), .turn(.expect(.end))]))
        #expect(screen.overlay != nil)  // the end of the course opens its summary
        _ = screen.handle(.escape)
        let text = screen.render(width: 80, height: 60).lines.map(\.text)
        for expected in ["★ Key takeaway: T.", "? Deeper? (yes/no)", "💡 Hint 1 of 2: H.", "  Why: E.", "✓ Right.", "→ Answer shown.",
                         "  ✓  1  🔒 The GIL", "  Course complete", "  You are learning as alice.", "── Lesson 1/12 🔒 The GIL"] {
            #expect(text.contains { $0.hasPrefix(expected) }, "\(expected)")
        }
        #expect(text.last?.hasPrefix("›") == true)
    }

    @Test func footerShowsKeysAndProgress() {
        var screen = ChatScreen()
        screen.apply(opening)
        let summary = ProgressSummary(lessonsDone: 3, lessons: 10, xp: 30, questions: 11, correct: 3, firstTry: 2, tried: 3, answers: 4)
        screen.apply(reply([.progress(summary),
                            .standing(Standing(course: "cpython-internals", lesson: 4, icon: nil, title: "ASTs", summary: summary)),
                            .expect(.continue)]))
        let footer = screen.render(width: 80, height: 24).lines[22]
        #expect(footer.style == .footer)
        #expect(footer.text.hasPrefix("Enter: next · ? help"))
        #expect(footer.text.hasSuffix("3/10"))
    }
}

/// Answers name the quiz the screen shows: a window that fell behind another
/// never has its answer judged against a quiz it did not show.
@Suite struct AnswerForTheShownQuizTests {
    private func helpReply() -> Reply {
        reply([Payload.command(name: "hint", usage: "hint", summary: "a hint"), .command(name: "skip", usage: "skip", summary: "skip"),
               .command(name: "answer", usage: "answer <quiz> <text>", summary: "answer a quiz")])
    }

    @Test func anAnswerNamesTheShownQuizAndACommandStaysACommand() {
        var screen = ChatScreen()
        _ = screen.received(helpReply(), for: .help)
        screen.apply(opening)
        screen.apply(quiz)
        #expect(screen.shownQuiz == "gil-why")
        #expect(screen.handle(.text("2")) == .send(.answer(quiz: "gil-why", text: "2")))
        #expect(ClientRequest.answer(quiz: "gil-why", text: "the refcounts").line == "answer gil-why the refcounts")
        screen.apply(quiz)
        screen.input.insert("hint")
        #expect(screen.handle(.enter) == .send(.chat("hint")))
        screen.input.insert("HINT")
        #expect(screen.handle(.enter) == .send(.chat("HINT")))
        // Away from a quiz, a line is sent as no answer; an empty line (go on) as it is.
        screen.apply(reply([.tutor("On we go."), .expect(.continue)]))
        #expect(screen.shownQuiz == nil)
        screen.input.insert("2")
        #expect(screen.handle(.enter) == .send(.message("2")))
        #expect(ClientRequest.message("yes please").line == "chat yes please")
        #expect(screen.handle(.enter) == .send(.chat("")))
    }

    @Test func aWindowShowingNoQuizNeverAnswersOneAnotherWindowOpened() {
        var screen = ChatScreen()
        _ = screen.received(helpReply(), for: .help)
        screen.apply(opening)  // a beat
        let moved = Standing(course: "cpython-internals", lesson: 3, icon: "🏭", title: "Metaclass Mechanics",
                             summary: ProgressSummary(lessonsDone: 0, lessons: 10, xp: 0, questions: 22, correct: 0, firstTry: 0,
                                                      tried: 0, answers: 0))
        _ = screen.received(reply([.turn(.standing(moved)), .turn(.expect(.answer, quiz: "metaclass-order"))]), for: .status)
        screen.input.insert("1")
        #expect(screen.handle(.enter) == .send(.message("1")))
    }

    @Test func afterAnotherWindowMovedOnAnAnswerIsStillForTheShownQuizAndTheRefusalShowsTheStep() {
        var screen = ChatScreen()
        _ = screen.received(helpReply(), for: .help)
        screen.apply(opening)
        screen.apply(quiz)
        // Another window went on to lesson 3's quiz: `status` says so, the screen still shows gil-why.
        let moved = Standing(course: "cpython-internals", lesson: 3, icon: "🏭", title: "Metaclass Mechanics",
                             summary: ProgressSummary(lessonsDone: 0, lessons: 10, xp: 0, questions: 22, correct: 0, firstTry: 0,
                                                      tried: 0, answers: 0))
        _ = screen.received(reply([.turn(.standing(moved)), .turn(.expect(.answer, quiz: "meta-call"))]), for: .status)
        #expect(screen.shownQuiz == "gil-why")
        screen.input.insert("1")
        #expect(screen.handle(.enter) == .send(.answer(quiz: "gil-why", text: "1")))
        // The daemon refuses it and shows the current step: the screen shows it, and the error.
        let stale = reply([.turn(.quiz(id: nil, prompt: "When is a metaclass's __call__ run?", isFreeText: false)),
                           .turn(.option(number: 1, text: "When the class is called.")), .turn(.standing(moved)),
                           .turn(.expect(.answer, quiz: "meta-call"))],
                          .error(ProtocolError(.stale, "quiz `gil-why` is not the open one, so nothing was recorded: the open quiz is `meta-call`, shown above")))
        _ = screen.received(stale, for: .answer(quiz: "gil-why", text: "1"))
        #expect(screen.shownQuiz == "meta-call")
        #expect(screen.entries.contains { $0.text.contains("When is a metaclass's __call__ run?") })
        #expect(screen.entries.last?.text.contains("nothing was recorded") == true)
        screen.input.insert("1")
        #expect(screen.handle(.enter) == .send(.answer(quiz: "meta-call", text: "1")))
    }
}
