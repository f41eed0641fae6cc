import LineProtocol
import Testing
@testable import ChatClient

/// The client's own views: the course picker, tables, the end of a course, code
/// blocks, notifications from other windows, and small terminals.
@Suite struct ChatViewsTests {
    static let summary = ProgressSummary(lessonsDone: 1, lessons: 10, xp: 25, questions: 11, correct: 3, firstTry: 2, tried: 4, answers: 5)
    static let standing = Standing(course: "cpython-internals", lesson: 2, icon: "🎭", title: "The Descriptor Protocol", summary: summary)
    static let courses = reply([
        .turn(.course(id: "cpython-internals", title: "CPython Internals", level: "advanced", summary: "S.", lessons: 10)),
        .turn(.standing(standing)),
        .turn(.course(id: "python-basics", title: "Python Basics", level: "beginner", summary: "B.", lessons: 1)),
    ])

    private func text(_ screen: inout ChatScreen, _ width: Int = 80, _ height: Int = 30) -> [String] {
        screen.render(width: width, height: height).lines.map(\.text)
    }

    // MARK: - Picker

    @Test func withNothingToResumeThePickerShowsTheCoursesWithProgress() {
        var screen = ChatScreen()
        #expect(screen.connected() == [.help, .daemon, .courses(pick: false), .open(course: nil)])
        #expect(screen.received(Self.courses, for: .courses(pick: false)).isEmpty)
        #expect(screen.picker == nil)
        _ = screen.received(reply([Payload](), .error(ProtocolError(.noCourse, "nothing to resume yet"))), for: .open(course: nil))
        let lines = text(&screen)
        #expect(lines.contains("▶ 1  CPython Internals"))
        #expect(lines.contains("     advanced · 10 lessons · at lesson 2 · 1/10 done · 25 XP"))
        #expect(lines.contains("  2  Python Basics"))
        #expect(lines.contains("     beginner · 1 lesson · not started"))
        #expect(!screen.entries.contains { $0.text.contains("nothing to resume") })  // not an error to the learner
        // Keys: down, then Enter starts the selected course.
        #expect(screen.handle(.down) == .none)
        #expect(text(&screen).contains("▶ 2  Python Basics"))
        #expect(screen.handle(.enter) == .send(.open(course: "python-basics")))
        #expect(screen.picker == nil)
    }

    @Test func aDigitPicksAndEscGoesBackToTheConversation() {
        var screen = ChatScreen()
        _ = screen.received(Self.courses, for: .courses(pick: false))
        _ = screen.received(reply([.turn(.tutor("Welcome back.")), .turn(.standing(Self.standing)), .turn(.expect(.continue))]),
                            for: .open(course: nil))
        screen.input.insert("courses")
        #expect(screen.handle(.enter) == .send(.courses(pick: true)))
        _ = screen.received(Self.courses, for: .courses(pick: true))
        #expect(screen.picker?.selectedCourse?.id == "cpython-internals")  // the one in progress
        #expect(screen.handle(.escape) == .none)
        #expect(screen.picker == nil)
        _ = screen.received(Self.courses, for: .courses(pick: true))
        #expect(screen.handle(.text("2")) == .send(.open(course: "python-basics")))
    }

    @Test func withNoCourseAtAllItSaysWhereCourseFilesGoAndWhatTheDaemonSaid() {
        var screen = ChatScreen()
        screen.courseSearchPath = ["/home/a/.local/share/tutord/dialogues", "/usr/local/share/tutord/dialogues", "/tmp/empty/Dialogues"]
        screen.daemonMessage = ["2026-11-26T06:00:00Z info tutord: courses loaded courses= directories=/tmp/empty/Dialogues"]
        _ = screen.received(reply([Payload]()), for: .courses(pick: false))
        let lines = text(&screen, 100, 30)
        #expect(lines.contains("tutord has no courses."))
        #expect(lines.contains("  /usr/local/share/tutord/dialogues"))
        #expect(lines.contains("tutord said:"))
        #expect(lines.contains { $0.contains("courses loaded courses= directories=/tmp/empty/Dialogues") })
    }

    // MARK: - Tables

    @Test func lessonsAndProgressAreTablesNotProtocolLines() {
        var screen = ChatScreen()
        _ = screen.received(Self.courses, for: .courses(pick: false))
        var payloads: [Payload] = [.turn(.progress(Self.summary)), .streak(days: 3)]
        for number in 1...10 {
            payloads.append(.turn(.toc(number: number, total: 10, id: "l\(number)", icon: number == 5 ? nil : "🔒",
                                       title: "Lesson \(number)", isDone: number == 1, isCurrent: number == 2)))
        }
        payloads += [.turn(.standing(Self.standing)), .turn(.expect(.continue))]
        _ = screen.received(reply(payloads), for: .chat("progress"))
        let lines = text(&screen, 80, 40)
        for row in ["  Your progress in CPython Internals",
                    "  Score     3 of 11 questions right, 2 on the first try",
                    "  XP        25",
                    "  Accuracy  50 % first try, of 4 questions tried (5 answers)",
                    "  Lessons   [██░░░░░░░░░░░░░░░░░░] 1/10",
                    "  Streak    3 days in a row",
                    "  Lessons: 1 of 10 done",
                    "  ✓  1  🔒 Lesson 1",
                    "  ▸  2  🔒 Lesson 2   ← you are here",
                    "  ·  5     Lesson 5",
                    "  · 10  🔒 Lesson 10"] {
            #expect(lines.contains(row), "\(row)")
        }
        #expect(!lines.contains { $0.contains("toc:") || $0.contains("progress:") || $0.contains("streak:") })
    }

    // MARK: - The end of a course

    @Test func theEndOfACourseIsASummaryWithWhatToRevisitAndWhatNext() {
        var screen = ChatScreen()
        _ = screen.received(Self.courses, for: .courses(pick: false))
        _ = screen.received(reply([.turn(.standing(Self.standing)), .turn(.expect(.continue))]), for: .open(course: nil))
        let final = ProgressSummary(lessonsDone: 10, lessons: 10, xp: 82, questions: 11, correct: 10, firstTry: 7, tried: 10, answers: 14)
        let next = screen.received(reply([
            .turn(.tutor("Course complete: CPython Internals.")), .turn(.summary(final)), .turn(.elapsed(seconds: 7_530)),
            .turn(.missed(lesson: 1, question: nil, miss: .retried, prompt: "Why the GIL?")),
            .turn(.missed(lesson: 8, question: nil, miss: .revealed, prompt: "A dead weakref?")),
            .turn(.expect(.end)),
        ]), for: .chat(""))
        // The summary asks where the learner ranks, and shows it when the answer comes.
        #expect(next == [.rank(course: "cpython-internals")])
        _ = screen.received(reply([
            .rank(LeaderboardRow(rank: 1, learner: "bob", xp: 90, lessons: 10, streak: 2, isYou: false)),
            .rank(LeaderboardRow(rank: 2, learner: "alice", xp: 82, lessons: 10, streak: 1, isYou: true)),
        ]), for: .rank(course: "cpython-internals"))
        let lines = text(&screen, 80, 30)
        for row in [" Course complete: CPython Internals", "   Score      10 of 11 questions right", "   XP         82",
                    "   First try  7 of the 10 questions you tried (70 %)", "   Time       2 h 05 min", "   Rank       2 on the leaderboard", " Worth another look",
                    "   goto 1  Why the GIL?  (right on a later try)", "   goto 8  A dead weakref?  (answer shown)", " What next"] {
            #expect(lines.contains(row), "\(row)")
        }
        #expect(screen.render(width: 80, height: 30).lines.contains { $0.style == .overlay })
        // The overlay covers the screen: the transcript's copy of the summary does not show
        // through around it (it read as duplicated lines).
        #expect(lines.filter { $0.contains("What next") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.contains("A dead weakref?") }.count == 1)
        _ = screen.handle(.text("x"))  // any key back to the chat, where the summary stays
        #expect(screen.overlay == nil && screen.input.text.isEmpty)
        #expect(text(&screen, 80, 40).contains("  goto 8  A dead weakref?  (answer shown)"))
        #expect(ClientRequest.rank(course: "cpython-internals").line == "leaderboard cpython-internals")
        #expect(text(&screen, 80, 40).last == "› ")
        #expect(screen.render(width: 80, height: 40).lines[38].text.hasPrefix("lessons · goto n · courses"))
    }

    // MARK: - Code

    @Test func codeBlocksKeepTheirIndentationAndContinueWhenTooWide() {
        var screen = ChatScreen()
        _ = screen.received(reply([.turn(.tutor("Look:")), .turn(.code(language: "python", lines: ["def f(x):", "    return x * 2  # doubled, with a long comment"])),
                                   .turn(.expect(.continue))]), for: .chat(""))
        let wide = screen.render(width: 80, height: 10).lines
        #expect(wide.contains(StyledLine("  │ def f(x):", .code)))
        #expect(wide.contains(StyledLine("  │     return x * 2  # doubled, with a long comment", .code)))
        let narrow = screen.render(width: 24, height: 10).lines.map(\.text)
        #expect(narrow.contains("  │     return x * 2  # "))  // cut between characters, spaces kept
        #expect(narrow.contains("  ↪ doubled, with a long"))
    }

    // MARK: - Other windows, profiles, confirmations

    @Test func anotherWindowsStepUpdatesHeaderAndFooterWithoutTyping() {
        var screen = ChatScreen()
        _ = screen.received(Self.courses, for: .courses(pick: false))
        _ = screen.received(reply([.turn(.quiz(id: nil, prompt: "Q?", isFreeText: nil)), .turn(.option(number: 1, text: "a")),
                                   .turn(.standing(Self.standing)), .turn(.expect(.answer))]), for: .open(course: nil))
        #expect(screen.changed([.position, .progress]) == [.status])
        var moved = Self.standing
        moved.lesson = 3
        moved.title = "Metaclass Mechanics"
        moved.icon = "🏭"
        moved.summary.xp = 35
        moved.summary.lessonsDone = 2
        _ = screen.received(reply([.learner(user: "alice", uid: nil, profile: nil), .current(course: "cpython-internals"),
                                   .turn(.standing(moved)), .turn(.expect(.continue))]), for: .status)
        let frame = screen.render(width: 100, height: 24).lines
        #expect(frame[0].text == "CPython Internals │ Lesson 3/10 🏭 Metaclass Mechanics │ 35 XP")
        #expect(frame[22].text.hasPrefix("repeat: show the step you are at"))
        #expect(frame[22].text.hasSuffix("2/10"))
        #expect(screen.options.isEmpty)  // the quiz shown here is not open any more
        #expect(screen.entries.last?.text.hasPrefix("You went on in another window: lesson 3/10 🏭 Metaclass Mechanics, 35 XP.") == true)
        #expect(screen.changed([.courses]) == [.courses(pick: false)])
    }

    /// A reset in another window is said as one, not as "you went on" (a reviewer's finding).
    @Test func aResetInAnotherWindowIsSaidAsOne() {
        var screen = ChatScreen()
        _ = screen.received(Self.courses, for: .courses(pick: false))
        _ = screen.received(reply([.turn(.standing(Self.standing)), .turn(.expect(.continue))]), for: .open(course: nil))
        var reset = Self.standing
        reset.lesson = 1
        reset.summary = ProgressSummary(lessonsDone: 0, lessons: 10, xp: 0, questions: 11, correct: 0, firstTry: 0, tried: 0, answers: 0)
        _ = screen.received(reply([.turn(.standing(reset)), .turn(.expect(.continue))]), for: .status)
        #expect(screen.entries.last?.text.hasPrefix("This course was reset in another window, its progress forgotten: lesson 1/10") == true,
                "\(screen.entries.last?.text ?? "")")
    }

    @Test func switchingProfilesAsksFirst() {
        var screen = ChatScreen()
        screen.input.insert("learner work")
        #expect(screen.handle(.enter) == .none)
        #expect(screen.pendingQuestion == .switchLearner("work"))
        screen.input.insert("no")
        #expect(screen.handle(.enter) == .none)
        #expect(screen.entries.last == ChatEntry(.system, "You stay with this profile."))
        screen.input.insert("learner work")
        _ = screen.handle(.enter)
        screen.input.insert("yes")
        #expect(screen.handle(.enter) == .send(.learner("work")))
        #expect(screen.received(reply([.learner(user: "alice", uid: nil, profile: "work")]), for: .learner("work"))
                == [.courses(pick: false), .open(course: nil)])
        #expect(ClientRequest.learner("work").line == "learner work")
    }

    @Test func aResetIsConfirmedWithYes() {
        var screen = ChatScreen()
        _ = screen.received(reply([.turn(.tutor("This forgets all your progress in cpython-internals.")),
                                   .confirm(command: "reset cpython-internals confirm")]), for: .chat("reset cpython-internals"))
        screen.input.insert("yes")
        #expect(screen.handle(.enter) == .send(.reset(course: "cpython-internals")))
        #expect(ClientRequest.reset(course: "cpython-internals").line == "reset cpython-internals confirm")
    }

    @Test func helpTypedOrKeyedShowsTheClientsHelpWithItsCommands() {
        var screen = ChatScreen()
        screen.input.insert("help")
        #expect(screen.handle(.enter) == .none)  // not sent: the daemon's help lists protocol commands
        let lines = text(&screen, 60, 40)
        #expect(lines.contains { $0.contains("courses         choose another course") })
        #expect(lines.contains { $0.contains("learner <name>  learn as another profile") })
    }

    @Test func aReadOnlyStoreIsSaidOnceAndShownInTheFooter() {
        var screen = ChatScreen()
        let unsaved = Payload.unsaved(reason: "progress cannot be saved: the database is read-only")
        _ = screen.received(reply([.turn(.tutor("One.")), unsaved, .turn(.expect(.continue))]), for: .chat(""))
        _ = screen.received(reply([.turn(.tutor("Two.")), unsaved, .turn(.expect(.continue))]), for: .chat(""))
        #expect(screen.entries.filter { $0.kind == .system } == [ChatEntry(.system, "progress cannot be saved: the database is read-only")])
        #expect(screen.render(width: 80, height: 24).lines[22].text.contains("not saving"))
    }

    // MARK: - Small terminals

    @Test func aTinyTerminalKeepsTheSelectedOptionVisible() {
        var screen = ChatScreen()
        screen.apply(opening)
        screen.apply(quiz)
        for _ in 0..<3 {
            _ = screen.handle(.down, height: 8)
            let frame = screen.render(width: 30, height: 8)
            #expect(frame.lines.contains { $0.style == .selected }, "option \(screen.selectedOption ?? -1) is off-screen")
        }
        _ = screen.handle(.up, height: 8)
        _ = screen.handle(.up, height: 8)
        #expect(screen.render(width: 30, height: 8).lines.contains { $0.style == .selected && $0.text.hasPrefix("  ▶ 1)") })
    }

    @Test func scrolledUpSaysThereIsMoreBelow() {
        var screen = ChatScreen()
        for index in 0..<30 { screen.apply(reply([.tutor("message \(index)"), .expect(.continue)])) }
        #expect(!screen.render(width: 30, height: 8).lines.contains { $0.style == .marker })
        _ = screen.handle(.pageUp, height: 8)
        let frame = screen.render(width: 30, height: 8).lines
        #expect(frame.contains { $0.style == .marker && $0.text.hasPrefix("↓ 4 more lines below") })
    }

    @Test func theHelpOverlayScrollsOnATinyTerminal() {
        var screen = ChatScreen()
        _ = screen.handle(.help)
        var frame = screen.render(width: 40, height: 8).lines
        #expect(frame.last?.text.contains("more lines: ↑↓ scroll") == true)
        #expect(!frame.contains { $0.text.contains("quit, Ctrl-C") })
        for _ in 0..<30 { _ = screen.handle(.down, height: 8) }
        frame = screen.render(width: 40, height: 8).lines
        #expect(frame.contains { $0.text.contains("quit, Ctrl-C") })
        #expect(screen.overlay == .help)
        _ = screen.handle(.enter)
        #expect(screen.overlay == nil)
    }
}

/// Spaced review in the client: the due count in the header, the review in a view of
/// its own with "Review n/t", and the lesson back afterwards.
@Suite struct ReviewViewTests {
    static let summary = ChatViewsTests.summary
    static func standing(due: Int, review: (Int, Int)? = nil) -> Standing {
        Standing(course: "cpython-internals", lesson: 2, icon: "🎭", title: "The Descriptor Protocol", summary: summary,
                 due: due, review: review)
    }

    private func text(_ screen: inout ChatScreen, _ width: Int = 80, _ height: Int = 30) -> [String] {
        screen.render(width: width, height: height).lines.map(\.text)
    }

    @Test func theReviewHasItsOwnViewAndTheLessonComesBack() {
        var screen = ChatScreen()
        _ = screen.received(reply([
            .turn(.tutor("Welcome back.")),
            .turn(.due(count: 2)),
            .turn(.tutor("2 questions are due for review; type `review` to go over them.")),
            .turn(.tutor("A lesson beat.")),
            .turn(.standing(Self.standing(due: 2))), .turn(.expect(.continue)),
        ]), for: .open(course: nil))
        var lines = text(&screen)
        #expect(lines[0].hasSuffix("Lesson 2/10 🎭 The Descriptor Protocol │ 2 due · 25 XP"))
        #expect(lines.contains { $0.contains("A lesson beat.") })

        _ = screen.received(reply([
            .turn(.tutor("Review time: 2 questions due.")),
            .turn(.review(number: 1, total: 2)),
            .turn(.quiz(id: nil, prompt: "Why the GIL?", isFreeText: false)),
            .turn(.option(number: 1, text: "Reference counts")),
            .turn(.option(number: 2, text: "Speed")),
            .turn(.standing(Self.standing(due: 2, review: (1, 2)))), .turn(.expect(.answer)),
        ]), for: .chat("review"))
        lines = text(&screen)
        #expect(lines[0].contains("Review 1/2"))
        #expect(!lines.contains { $0.contains("A lesson beat.") })  // the review's own view
        #expect(lines.contains { $0.contains("Review time: 2 questions due.") })
        #expect(lines.contains { $0.contains("1) Reference counts") })
        #expect(screen.options == ["Reference counts", "Speed"])
        #expect(lines.contains { $0.contains("· stop · ? help") }, "\(lines)")

        _ = screen.received(reply([
            .turn(.tutor("Review done: 2 of 2 right.")),
            .turn(.reviews(ReviewSummary(dueNow: 0, dueThisWeek: 2, reviewed: 2, right: 2))),
            .turn(.tutor("Back to lesson 2.")),
            .turn(.standing(Self.standing(due: 0))), .turn(.expect(.continue)),
        ]), for: .chat(""))
        lines = text(&screen)
        #expect(lines[0].hasSuffix("Lesson 2/10 🎭 The Descriptor Protocol │ 25 XP"))
        #expect(lines.contains { $0.contains("A lesson beat.") })
        #expect(!lines.contains { $0.contains("Why the GIL?") })
        #expect(lines.contains { $0.contains("Review done: 2 of 2 right.") })
        #expect(lines.contains { $0.contains("Retention") && $0.contains("100 % of 2 reviews right") })
        #expect(screen.lessonView == nil)
    }

    @Test func progressShowsTheReviewRows() {
        var screen = ChatScreen()
        _ = screen.received(reply([
            .turn(.progress(Self.summary)),
            .turn(.reviews(ReviewSummary(dueNow: 3, dueThisWeek: 5, reviewed: 0, right: 0))),
            .turn(.standing(Self.standing(due: 3))), .turn(.expect(.continue)),
        ]), for: .chat("progress"))
        let lines = text(&screen)
        #expect(lines.contains { $0.contains("Due") && $0.contains("3 now, 5 this week") })
        #expect(lines.contains { $0.contains("Retention") && $0.contains("no reviews yet") })
    }
}

/// Answers to `ask` in the client: a block of quoted passages, each with its lesson and
/// the `goto` that leads there, and the conversation's prompt unchanged.
@Suite struct AskViewTests {
    @Test func answersAreAQuotedBlockWithTheirCitations() {
        var screen = ChatScreen()
        _ = screen.received(reply([
            .turn(.tutor("A lesson beat.")),
            .turn(.standing(ReviewViewTests.standing(due: 0))), .turn(.expect(.continue)),
        ]), for: .open(course: nil))
        _ = screen.received(reply([
            .turn(.answer("LOAD_FAST pushes a local variable onto the stack.")),
            .turn(.cite(Citation(course: "cpython-internals", lesson: 7, lessons: 10, icon: "💻", title: "Deconstructing Bytecode", isAhead: true))),
            .turn(.answer("Elsewhere.")),
            .turn(.cite(Citation(course: "python-basics", lesson: 1, lessons: 1, icon: nil, title: "Basics", isAhead: false))),
            .turn(.tutor("To read it in its lesson: `goto 7` (ahead of you).")),
            .turn(.standing(ReviewViewTests.standing(due: 0))), .turn(.expect(.continue)),
        ]), for: .chat("ask what does LOAD_FAST do?"))
        let lines = screen.render(width: 80, height: 30).lines.map(\.text)
        #expect(lines.contains("  ┃ LOAD_FAST pushes a local variable onto the stack."))
        #expect(lines.contains("  ┃ — Lesson 7/10 💻 Deconstructing Bytecode · ahead of you · goto 7"))
        #expect(lines.contains("  ┃ — Lesson 1/1 Basics (python-basics) · goto 1"))
        #expect(lines.contains { $0.contains("A lesson beat.") })  // the conversation stays on screen
        #expect(screen.expectation == .continue)
    }
}

/// The leaderboard as a table: rank, learner, XP, lessons, streak; the learner's own
/// row marked, a gap shown when it is far below the top.
@Suite struct LeaderboardViewTests {
    @Test func theLeaderboardIsATableWithTheLearnersOwnRow() {
        var screen = ChatScreen()
        _ = screen.received(reply([
            .rank(LeaderboardRow(rank: 1, learner: "bob", xp: 90, lessons: 10, streak: 2, isYou: false)),
            .rank(LeaderboardRow(rank: 2, learner: "carol", xp: 40, lessons: 3, streak: 1, isYou: false)),
            .rank(LeaderboardRow(rank: 14, learner: "alice", xp: 5, lessons: 1, streak: 0, isYou: true, isHidden: true)),
        ]), for: .chat("leaderboard"))
        let lines = screen.render(width: 80, height: 20).lines.map(\.text)
        #expect(lines.contains("  Leaderboard"))
        #expect(lines.contains("  1.  bob    90 XP    10 lessons 2 days"))
        #expect(lines.contains("     …"))
        #expect(lines.contains("  14. alice  5 XP     1 lesson   0 days  (hidden)   ← you"))
    }
}

