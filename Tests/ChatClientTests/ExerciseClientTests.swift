import LineProtocol
import Testing
@testable import ChatClient

/// Where exercise files go, the watch's debounce, and an exercise in the chat screen: its
/// commands, the inline editor, and a check run's outcome.
@Suite struct ExerciseFolderTests {
    @Test func theBaseFollowsTheXDGRulesAndTheOption() {
        #expect(ExerciseFolder.base(explicit: nil, environment: ["HOME": "/home/ada"]) == "/home/ada/.local/share/tutord/exercises")
        #expect(ExerciseFolder.base(explicit: nil, environment: ["HOME": "/home/ada", "XDG_DATA_HOME": "/data/"]) == "/data/tutord/exercises")
        // The XDG specification: a relative XDG_DATA_HOME is ignored.
        #expect(ExerciseFolder.base(explicit: nil, environment: ["HOME": "/home/ada", "XDG_DATA_HOME": "data"]) == "/home/ada/.local/share/tutord/exercises")
        #expect(ExerciseFolder.base(explicit: "/tmp/mine/", environment: ["HOME": "/home/ada"]) == "/tmp/mine")
        #expect(ExerciseFolder.base(explicit: nil, environment: [:]) == nil)
        #expect(ExerciseFolder.base(explicit: nil, environment: ["HOME": "relative"]) == nil)
    }

    @Test func theFolderIsPerProfileAndCourse() {
        #expect(ExerciseFolder.folder(base: "/b", profile: nil, user: "ada", course: "cpython-internals") == "/b/ada/cpython-internals")
        #expect(ExerciseFolder.folder(base: "/b", profile: "work", user: "ada", course: "c") == "/b/work/c")
        #expect(ExerciseFolder.file(folder: "/b/work/c", name: "positive.py") == "/b/work/c/positive.py")
    }

    @Test func namesFromTheDaemonCannotLeaveTheFolder() {
        for bad in ["", ".", "..", "../x.py", "a/b.py", "/etc/passwd", ".hidden.py", "a b.py", "x\u{0}.py", "é.py", String(repeating: "a", count: 256)] {
            #expect(!ExerciseFolder.isPlainName(bad), "\(bad)")
            #expect(ExerciseFolder.file(folder: "/b", name: bad) == nil)
            #expect(ExerciseFolder.folder(base: "/b", profile: bad, user: "ada", course: "c") == nil)
            #expect(ExerciseFolder.folder(base: "/b", profile: nil, user: bad, course: "c") == nil)
            #expect(ExerciseFolder.folder(base: "/b", profile: nil, user: "ada", course: bad) == nil)
        }
        for good in ["positive.py", "my_file-2.py", "cpython-internals", "default", "A.B"] {
            #expect(ExerciseFolder.isPlainName(good))
        }
    }
}

private func due(_ debouncer: inout SaveDebouncer, _ now: Double) -> Bool {
    debouncer.due(at: now)
}

@Suite struct SaveDebouncerTests {
    @Test func aBurstOfSavesRunsOnceAfterItGoesQuiet() {
        var debouncer = SaveDebouncer(quiet: 0.2)
        #expect(debouncer.timeout(at: 0) == nil)
        #expect(!due(&debouncer, 0))
        // An editor's save: write, close, rename, within 50 ms.
        debouncer.saved(at: 10.00)
        debouncer.saved(at: 10.02)
        debouncer.saved(at: 10.05)
        #expect(debouncer.timeout(at: 10.05) == 200)
        #expect(!due(&debouncer, 10.20))  // 0.2 s after the first, not after the last
        #expect(due(&debouncer, 10.25))
        #expect(!due(&debouncer, 10.30))  // used up: one run
        #expect(debouncer.timeout(at: 10.30) == nil)
    }

    @Test func aSaveAfterTheRunRunsAgain() {
        var debouncer = SaveDebouncer(quiet: 0.2)
        debouncer.saved(at: 1)
        #expect(due(&debouncer, 1.2))
        debouncer.saved(at: 5)
        #expect(debouncer.timeout(at: 5.0) == 200)
        #expect(due(&debouncer, 5.3))
    }

    @Test func cancelForgetsAWaitingSave() {
        var debouncer = SaveDebouncer(quiet: 0.2)
        debouncer.saved(at: 1)
        debouncer.cancel()
        #expect(!due(&debouncer, 2))
    }
}

@Suite struct ExerciseScreenTests {
    static let summary = ProgressSummary(lessonsDone: 0, lessons: 2, xp: 0, questions: 1, correct: 0, firstTry: 0, tried: 0, answers: 0)
    static let standing = Standing(course: "tiny", lesson: 1, icon: nil, title: "Code", summary: summary)

    /// The exercise as the daemon presents it.
    static let presented = reply([
        .tutor("Your turn."),
        .exercise(id: "double", file: "double.py", task: "Write double(n)."),
        .code(language: "python", lines: ["def double(n):", "    pass"]),
        .standing(standing),
        .expect(.exercise, exercise: "double"),
    ])

    @Test func theTrackerKeepsTheOpenExerciseWithItsStarter() {
        var tracker = ExerciseTracker()
        for turn in Self.presented.turns { tracker.take(turn) }
        #expect(tracker.open == ExerciseStep(id: "double", file: "double.py", task: "Write double(n).", starter: ["def double(n):", "    pass"]))
        #expect(tracker.course == "tiny")
        #expect(tracker.open?.starterText == "def double(n):\n    pass\n")
        // A hint: the exercise stays open.
        for turn in [Turn.hint(number: 1, total: 2, text: "n * 2"), .standing(Self.standing), .expect(.exercise, exercise: "double")] { tracker.take(turn) }
        #expect(tracker.open?.id == "double")
        // A pass moves on: Enter continues.
        for turn in [Turn.verdict(.correct), .code(language: "python", lines: ["def double(n):", "    return 2 * n"]), .expect(.continue)] { tracker.take(turn) }
        #expect(tracker.open == nil)
    }

    @Test func anExerciseNeverPresentedHereIsNotOpen() {
        var tracker = ExerciseTracker()
        tracker.take(.expect(.exercise, exercise: "other"))
        #expect(tracker.open == nil)
        // Code after another turn is not a starter.
        tracker.take(.exercise(id: "x", file: "x.py", task: "t"))
        tracker.take(.tutor("and"))
        tracker.take(.code(language: "python", lines: ["print(1)"]))
        tracker.take(.expect(.exercise, exercise: "x"))
        #expect(tracker.open?.starter == [])
    }

    @Test func anotherCourseClosesTheExercise() {
        var tracker = ExerciseTracker()
        for turn in Self.presented.turns { tracker.take(turn) }
        var other = Self.standing
        other.course = "other"
        // The other course waits on an exercise of the same id that this client was not shown.
        for turn in [Turn.tutor("Welcome back."), .standing(other), .expect(.exercise, exercise: "double")] { tracker.take(turn) }
        #expect(tracker.open == nil)
        #expect(tracker.course == "other")
        // Presented in the reply that changes the course, it opens.
        for turn in [Turn.exercise(id: "x", file: "x.py", task: "t"), .standing(Self.standing), .expect(.exercise, exercise: "x")] { tracker.take(turn) }
        #expect(tracker.open?.id == "x")
    }

    @Test func anotherProfileClosesTheExercise() {
        var screen = ChatScreen()
        screen.apply(Self.presented)
        #expect(screen.exercise?.id == "double")
        #expect(type("learner p9", into: &screen) == .none)
        #expect(type("yes", into: &screen) == .send(.learner("p9")))
        _ = screen.received(reply([.learner(user: "alice", uid: nil, profile: "p9")]), for: .learner("p9"))
        #expect(screen.profile == "p9")
        #expect(screen.exercise == nil)
    }

    @Test func aHugeCodeBlockShowsItsFirstLinesAndHowManyMore() {
        var screen = ChatScreen()
        let starter = (1...50_000).map { "x\($0) = \($0)" }
        // Sent as text, a `code:` line a line, read back as one block.
        let turns = [Turn.exercise(id: "big", file: "big.py", task: "Read it.")] + starter.map { Turn.code(language: nil, lines: [$0]) }
            + [.standing(Self.standing), .expect(.exercise, exercise: "big")]
        screen.apply(reply(turns))
        #expect(screen.exercise?.starter.count == 50_000)  // the file gets all of it
        let shown = screen.entries.filter { $0.kind == .code }.map(\.text)
        #expect(shown == Array(starter.prefix(200)))
        #expect(screen.entries.contains(ChatEntry(.info, "… 49800 more lines not shown: `edit` opens the whole file")))
        #expect(screen.transcriptLines(width: 80).lines.count < 220)
        // The next block (the solution, after a verdict) is a block of its own.
        screen.apply(reply([Turn.verdict(.correct), .code(language: nil, lines: ["a", "b"]), .standing(Self.standing), .expect(.continue)]))
        #expect(screen.entries.filter { $0.kind == .code }.count == 202)
    }

    @Test func editCheckAndWriteAreTheChatsOwnAtAnExercise() {
        var screen = ChatScreen()
        screen.apply(Self.presented)
        #expect(screen.exercise?.file == "double.py")
        #expect(type("edit", into: &screen) == .editExercise)
        #expect(type("check", into: &screen) == .checkExercise)
        #expect(type("hint", into: &screen) == .send(.chat("hint")))
        let footer = screen.render(width: 80, height: 24).lines[22].text
        #expect(footer.hasPrefix("edit · check · write · hint · solution · skip"))
        // Away from an exercise `check` goes to the daemon as typed.
        screen.apply(reply([.standing(Self.standing), .expect(.continue)]))
        #expect(type("check", into: &screen) == .send(.chat("check")))
    }

    @Test func theInlineEditorSavesOnCtrlDAndCancelsOnEsc() {
        var screen = ChatScreen()
        screen.apply(Self.presented)
        #expect(type("write", into: &screen) == ChatScreen.Action.none)
        #expect(screen.codeDraft == [])
        #expect(type("def double(n):", into: &screen) == ChatScreen.Action.none)
        for key in [ChatScreen.Key.text("    "), .text("return"), .text(" n * 2")] { _ = screen.handle(key) }
        // `?` is code here, not the help overlay.
        #expect(press(&screen, .endOfInput) == .saveExercise("def double(n):\n    return n * 2\n"))
        #expect(screen.codeDraft == nil)

        #expect(type("write", into: &screen) == ChatScreen.Action.none)
        _ = screen.handle(.text("?"))
        #expect(screen.overlay == nil)
        let frame = screen.render(width: 80, height: 24)
        #expect(frame.lines.contains { $0.text.hasPrefix("Writing double.py: 0 lines") })
        #expect(frame.lines[22].text.hasPrefix(ChatScreen.draftKeys))
        #expect(press(&screen, .escape) == ChatScreen.Action.none)
        #expect(screen.codeDraft == nil)
        #expect(screen.entries.last?.text == "Nothing was written; your file is as it was.")
    }

    @Test func ctrlCStopsARunningCheckInsteadOfQuitting() {
        var screen = ChatScreen()
        screen.apply(Self.presented)
        screen.checkRunning = true
        #expect(press(&screen, .interrupt) == .cancelCheck)
        #expect(press(&screen, .escape) == .cancelCheck)
        let footer = screen.render(width: 80, height: 24).lines[22].text
        #expect(footer.hasPrefix("Checking double.py… Ctrl-C or Esc stops it"))
        screen.checkRunning = false
        #expect(press(&screen, .interrupt) == .quit)
    }

    @Test func aCheckRunShowsEachVerdictWithItsDetails() {
        var screen = ChatScreen()
        screen.apply(Self.presented)
        screen.showChecks([.init(passed: true, text: "pass: double(2) is 4"),
                           .init(passed: false, text: "FAIL: double(-1) is -2\n    AssertionError\n      line 3")])
        let tail = screen.entries.suffix(4).map { ($0.kind, $0.text) }
        #expect(tail.map(\.0) == [.correct, .incorrect, .code, .code])
        #expect(tail.map(\.1) == ["pass: double(2) is 4", "FAIL: double(-1) is -2", "AssertionError", "  line 3"])
    }

    @Test func aStaleCheckSaysSoAndShowsTheCurrentStep() {
        var screen = ChatScreen()
        screen.apply(Self.presented)
        _ = screen.received(reply([.tutor("Lesson 2 goes on."), .standing(Self.standing), .expect(.continue)],
                                  .error(ProtocolError(.stale, "you moved on"))),
                            for: .checked(exercise: "double", passed: 1, total: 3))
        #expect(screen.entries.contains { $0.text.hasPrefix("Your check was not recorded: you went on in another window") })
        #expect(screen.entries.contains { $0.text == "Lesson 2 goes on." })
        #expect(screen.exercise == nil)
    }

    @Test func resumedAtAnExerciseNotShownHereAsksToSeeItAgain() {
        var screen = ChatScreen()
        let resumed = reply([.tutor("Welcome back."), .standing(Self.standing), .expect(.exercise, exercise: "double")])
        #expect(screen.received(resumed, for: .open(course: nil)) == ["repeat"])
        #expect(screen.received(Self.presented, for: "repeat") == [])
        #expect(screen.exercise?.id == "double")
        #expect(screen.received(Self.presented, for: .open(course: nil)) == [])
    }

    @Test func theRequestsSpellTheWire() {
        #expect(ClientRequest.checks(exercise: "double").line == "checks double")
        #expect(ClientRequest.checked(exercise: "double", passed: 1, total: 3).line == "checked double 1 3")
    }

    private func press(_ screen: inout ChatScreen, _ key: ChatScreen.Key) -> ChatScreen.Action {
        screen.handle(key)
    }

    /// Types `line` and presses Enter.
    private func type(_ line: String, into screen: inout ChatScreen) -> ChatScreen.Action {
        for character in line { _ = screen.handle(.text(String(character))) }
        return screen.handle(.enter)
    }
}
