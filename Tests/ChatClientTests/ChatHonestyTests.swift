import LineProtocol
import Testing
@testable import ChatClient

/// The client keeps the learner's place (profile on reconnect) and stops telling small
/// lies (a help without half the commands, a tip that exports nothing, a picker that hides why
/// it opened, cut lines no one can read).
@Suite struct ChatHonestyTests {
    private func text(_ screen: inout ChatScreen, _ width: Int = 80, _ height: Int = 30) -> [String] {
        screen.render(width: width, height: height).lines.map(\.text)
    }

    // Item 4: the daemon forgets the profile with the connection; the client asks for it again.
    @Test func aReconnectReturnsToTheProfileAndCourse() {
        var screen = ChatScreen()
        #expect(screen.connected().first != .profile("work"))
        _ = screen.received(reply([.learner(user: "alice", uid: nil, profile: "work")]), for: .learner("work"))
        _ = screen.received(reply([.turn(.standing(ChatViewsTests.standing)), .turn(.expect(.continue))]), for: .open(course: nil))
        #expect(screen.connected() == [.profile("work"), .help, .daemon, .courses(pick: false), .open(course: "cpython-internals")])
        #expect(ClientRequest.profile("work").line == "learner work")
        // Header (item 19): the profile shows.
        #expect(text(&screen, 100)[0].hasSuffix("│ profile work · 25 XP"))
        // Back to the user's own: no profile to restore.
        _ = screen.received(reply([.learner(user: "alice", uid: nil, profile: nil)]), for: .learner("default"))
        #expect(screen.connected().first == .help)
        // A profile the daemon refuses on reconnecting is said, not silently dropped.
        _ = screen.received(reply([.learner(user: "alice", uid: nil, profile: "work")]), for: .learner("work"))
        _ = screen.received(reply([Payload](), .error(ProtocolError(.badArgument, "no such profile"))), for: .profile("work"))
        #expect(screen.entries.last?.text.hasPrefix("Could not return to the profile work") == true)
        #expect(screen.profile == nil)
    }

    // Item 11: the overlay lists the daemon's own command table.
    @Test func theHelpOverlayListsTheDaemonsCommands() {
        var screen = ChatScreen()
        let table = reply([
            Payload.command(name: "review", usage: "review [all]", summary: "go over the questions due for spaced review"),
            .command(name: "stop", usage: "stop", summary: "end a review and go back to the lesson"),
            .command(name: "ask", usage: "ask [all] <question>", summary: "answer your question from the course"),
            .command(name: "format", usage: "format json|text", summary: "reply as JSON"),
            .command(name: "courses", usage: "courses", summary: "list the courses"),
            .command(name: "answer", usage: "answer <quiz> <text>", summary: "answer a quiz"),
            .command(name: "chat", usage: "chat <text>", summary: "say something, never as an answer"),
            .command(name: "export", usage: "export", summary: "all your progress, as one line of JSON"),
        ])
        #expect(screen.received(table, for: .help).isEmpty)
        _ = screen.handle(.text("?"))
        let lines = text(&screen, 80, 40)
        #expect(lines.contains { $0.contains("review [all]") && $0.contains("go over the questions due for spaced review") })
        #expect(lines.contains { $0.contains("stop ") && $0.contains("end a review") })
        #expect(lines.contains { $0.contains("ask [all] <question>") })
        #expect(!lines.contains { $0.contains("format json|text") })  // the chat keeps to text
        #expect(lines.filter { $0.contains("courses ") }.count == 1)  // the chat's own picker, once
        #expect(lines.contains { $0.contains("courses") && $0.contains("choose another course") })
        // What the chat sends by itself is not offered; export says what it does here.
        #expect(!lines.contains { $0.contains("answer <quiz>") || $0.contains("chat <text>") })
        #expect(lines.contains { $0.contains("export") && $0.contains("the command that saves it as JSON") })
    }

    /// Against the daemon's whole table (every command of the protocol's list), the overlay
    /// lists the commands the chat sends as typed, and no other: not the ones it answers
    /// itself, sends for the learner, or keeps for scripts.
    @Test func theHelpOverlayListsWhatTheChatSendsAsTyped() {
        var screen = ChatScreen()
        _ = screen.received(reply(RequestKind.allCases.map { Payload.command(name: $0.name, usage: $0.usage, summary: $0.summary) }), for: .help)
        #expect(screen.daemonCommands.map { String($0.usage.prefix { $0 != " " }) } == [
            "daemon", "whoami", "start", "resume", "status", "lessons", "goto", "progress", "hint", "repeat", "back", "skip",
            "restart", "review", "stop", "ask", "solution", "export", "reset", "leaderboard", "report",
        ])
        // A command of a newer daemon that this chat does not know is listed and sent as typed.
        _ = screen.received(reply([Payload.command(name: "newer", usage: "newer", summary: "something new")]), for: .help)
        #expect(screen.daemonCommands.map(\.usage) == ["newer"])
        #expect(screen.request(for: "newer") == .chat("newer"))
    }

    // Item 12: the tip names a command that prints the JSON alone.
    @Test func theExportTipPointsToTutordExport() {
        var screen = ChatScreen()
        _ = screen.received(reply([Payload.export(json: "{\"a\":1}")]), for: .chat("export"))
        #expect(screen.entries.last?.text == "Your progress is 7 bytes of JSON; to keep it, run: tutord export > progress.json")
        _ = screen.received(reply([.learner(user: "alice", uid: nil, profile: "work")]), for: .learner("work"))
        _ = screen.received(reply([Payload.export(json: "{}")]), for: .chat("export"))
        #expect(screen.entries.last?.text.hasSuffix("run: tutord export --learner \"$USER/work\" > progress.json") == true)
    }

    // Item 14: a --course that does not exist is said on the picker; its header adds the XP up.
    @Test func aMissingCourseIsSaidOnThePickerAndItsHeaderCountsTheXP() {
        var screen = ChatScreen()
        screen.requestedCourse = "nope"
        _ = screen.received(ChatViewsTests.courses, for: .courses(pick: false))
        _ = screen.received(reply([Payload](), .error(ProtocolError(.unknownCourse, "no course nope"))), for: .open(course: "nope"))
        let lines = text(&screen, 80, 30)
        #expect(lines[1] == "There is no course `nope`; pick one below.")
        #expect(lines.contains("Choose a course: ↑↓ and Enter, or its number"))
        #expect(lines[0].hasSuffix("25 XP"))
    }

    // Item 13: the "no courses" screen shows the folders the daemon reads and how to reload it.
    @Test func noCoursesSaysTheDaemonsOwnFoldersAndHowToReloadIt() {
        var screen = ChatScreen()
        screen.courseSearchPath = ["/home/a/.local/share/tutord/dialogues", "/tmp/empty/Dialogues"]  // the client's guess
        #expect(screen.connected().contains(.daemon))
        _ = screen.received(reply([Payload.dialogues(directory: "/srv/courses"), .started(by: "command", pid: 4242)]), for: .daemon)
        _ = screen.received(reply([Payload]()), for: .courses(pick: false))
        let lines = text(&screen, 100, 30)
        #expect(lines.contains("  /srv/courses"))
        #expect(!lines.contains { $0.contains("/tmp/empty/Dialogues") || $0.contains("systemctl") })
        #expect(lines.joined(separator: " ").contains("then run `kill -HUP 4242`"))
        // Started by systemd: systemctl reaches it.
        var managed = ChatScreen()
        _ = managed.received(reply([Payload.dialogues(directory: "/srv/courses"), .started(by: "systemd", pid: 1)]), for: .daemon)
        _ = managed.received(reply([Payload]()), for: .courses(pick: false))
        #expect(text(&managed, 100, 30).joined(separator: " ").contains("then run `systemctl --user reload tutord`."))
        // Typed in the chat (the help lists it), it is said, not swallowed.
        _ = managed.received(reply([Payload.dialogues(directory: "/srv/courses"), .started(by: "systemd", pid: 1)]), for: .chat("daemon"))
        #expect(managed.entries.suffix(2).map(\.text) == ["Course folder: /srv/courses", "tutord (pid 1) was started by systemd."])
    }

    // Item 16: code and rows wrap; nothing is cut for good.
    @Test func wideCodeContinuesOnTheNextLine() {
        var screen = ChatScreen()
        _ = screen.received(reply([.turn(.code(language: "python", lines: ["    return x * 2  # doubled, with a long comment"])),
                                   .turn(.expect(.continue))]), for: .chat(""))
        let lines = text(&screen, 24, 10).filter { $0.hasPrefix("  │") || $0.hasPrefix("  ↪") }
        #expect(lines == ["  │     return x * 2  # ", "  ↪ doubled, with a long", "  ↪  comment"])
    }

    @Test func theSummarysLongLinesWrapEvenAt100Columns() {
        var screen = ChatScreen()
        _ = screen.received(ChatViewsTests.courses, for: .courses(pick: false))
        _ = screen.received(reply([.turn(.standing(ChatViewsTests.standing)), .turn(.expect(.continue))]), for: .open(course: nil))
        let prompt = "Which of these statements about the interaction of the GIL, reference counting and the free-threaded build holds?"
        let final = ProgressSummary(lessonsDone: 10, lessons: 10, xp: 82, questions: 11, correct: 10, firstTry: 7, tried: 10, answers: 14)
        _ = screen.received(reply([.turn(.summary(final)), .turn(.missed(lesson: 1, question: nil, miss: .retried, prompt: prompt)),
                                   .turn(.expect(.end))]), for: .chat(""))
        for lines in [text(&screen, 100, 40), { _ = screen.handle(.text("x")); return text(&screen, 100, 60) }()] {
            let joined = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
            #expect(joined.contains(prompt.split(separator: " ").joined(separator: " ") + " (right on a later try)"))
            #expect(!lines.contains { $0.hasSuffix("…") || $0.hasSuffix("→") }, "\(lines)")
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= 100 })
        }
    }

    // Item 19: wrapped option lines align with the option's text; the quote bar runs down a passage.
    @Test func wrappedOptionsAlignAndTheQuoteBarRunsDown() {
        var screen = ChatScreen()
        _ = screen.received(reply([.turn(.quiz(id: nil, prompt: "Q?", isFreeText: nil)),
                                   .turn(.option(number: 1, text: "a long option that has to wrap onto another line")),
                                   .turn(.answer("A passage long enough to go on over two lines at this width.")),
                                   .turn(.expect(.answer))]), for: .chat(""))
        let lines = text(&screen, 30, 20)
        let first = lines.firstIndex { $0.hasPrefix("    1) ") }!
        #expect(lines[first + 1].hasPrefix("       ") && lines[first + 1].dropFirst(7).first != " ")
        let quote = lines.firstIndex { $0.hasPrefix("  ┃ A passage") }!
        #expect(lines[quote + 1].hasPrefix("  ┃ "))
    }
}

@Suite struct RowWrapperTests {
    @Test func rowsWrapUnderTheirValueColumnAndNeverOverflow() {
        #expect(RowWrapper.wrapRow("  Score  ten of eleven right", width: 20) == ["  Score  ten of", "         eleven", "         right"])
        #expect(RowWrapper.wrapRow("  short", width: 20) == ["  short"])
        // A label wider than half the line: the value goes below it. Deep indents shrink.
        for (row, width) in [("  a-very-long-label  value words here", 16), ("              deep indent row", 12), ("x", 1)] {
            let lines = RowWrapper.wrapRow(row, width: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(lines)")
            #expect(lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
                    .contains(row.split(separator: " ").suffix(2).joined(separator: " ")), "\(lines)")
        }
    }
}
