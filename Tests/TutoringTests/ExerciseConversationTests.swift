import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// An exercise step in the conversation: the task, the starter and how to check it; the
/// learner's own run of the checks (`checked`), hints, the solution, skip, and a resume.
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
            check: double(0) is 0
            ```python
            assert double(0) == 0
            ```
            hint: Multiply.
            hint: By two.
            solution:
            ```python
            def double(x):
                return 2 * x
            ```
            explain: Twice is two times.

            > After the exercise.
            """
        return DialogueParser().parse(text, file: "ex").course!
    }()

    /// A conversation at the exercise (the quiz before it answered).
    static func atTheExercise(_ progress: LearnerProgress = LearnerProgress()) -> (Conversation, Response) {
        var conversation = Conversation(course: course, progress: progress)
        _ = conversation.open()
        _ = conversation.respond(to: "")  // the takeaway
        _ = conversation.respond(to: "")  // the quiz
        _ = conversation.respond(to: "dis")
        let reply = conversation.respond(to: "")
        return (conversation, reply)
    }

    static let solution = Turn.code(language: "python", lines: ["def double(x):", "    return 2 * x"])

    static func says(_ turns: [Turn], _ part: String) -> Bool {
        turns.contains { turn in
            switch turn {
            case .tutor(let text), .nudge(let text): text.contains(part)
            default: false
            }
        }
    }

    @Test func theTaskTheStarterAndHowToCheckThenItWaitsForTheChecks() {
        var (conversation, reply) = Self.atTheExercise()
        let turns = reply.turns
        #expect(turns.contains(.exercise(id: "double", file: "double.py", task: "Write `double(x)`, which returns twice `x`.")))
        #expect(turns.contains(.code(language: "python", lines: ["def double(x):", "    ..."])))
        #expect(Self.says(turns, "tutord exercise check --report ex double double.py"))
        #expect(turns.last == .expect(.exercise, exercise: "double"))
        #expect(conversation.openExercise == "double")
        // Enter does not go on: the checks are the learner's to run.
        let enter = conversation.respond(to: "")
        #expect(enter.turns.contains { if case .nudge = $0 { true } else { false } })
        #expect(enter.turns.last == .expect(.exercise, exercise: "double"))
        #expect(!enter.turns.contains(.tutor("After the exercise.")))
        #expect(enter.events.isEmpty)
    }

    @Test func aPassEarnsXPShowsTheSolutionAndEnterGoesOn() {
        var (conversation, _) = Self.atTheExercise()
        let before = conversation.progress.summary(for: Self.course)
        let reply = conversation.respond(checked: "double", passed: 2, total: 2)
        #expect(reply.turns.contains(.verdict(.correct)))
        #expect(reply.turns.contains(.xp(gained: 20, total: conversation.progress.xp)))
        #expect(Self.says(reply.turns, "recorded as your own run"))
        #expect(reply.turns.contains(Self.solution))
        #expect(reply.turns.contains(.explanation("Twice is two times.")))
        #expect(reply.turns.last == .expect(.continue))
        #expect(reply.events.contains(.answerRecorded(AnswerRecord(lessonID: "one", questionID: "double", given: "2/2", isCorrect: true,
                                                                      attempt: 1, usedHint: false, kind: .exercise))))
        #expect(reply.events.contains(.xpAwarded(questionID: "double", points: 20)))
        // The quiz figures do not count the exercise: accuracy and questions stay as they were.
        let after = conversation.progress.summary(for: Self.course)
        #expect(after.xp == before.xp + 20)
        #expect(after.questions == before.questions && after.tried == before.tried && after.firstTry == before.firstTry
                && after.answers == before.answers)
        #expect(conversation.respond(to: "").turns.contains(.tutor("After the exercise.")))
    }

    @Test func failuresGiveHintsThenOpenTheSolutionAndAPassAfterItEarnsNoXP() {
        var (conversation, _) = Self.atTheExercise()
        let early = conversation.respond(to: "solution")
        #expect(early.turns.contains { if case .nudge = $0 { true } else { false } })
        #expect(!early.turns.contains(Self.solution))

        let first = conversation.respond(checked: "double", passed: 1, total: 2)
        #expect(first.turns.contains(.verdict(.incorrect)))
        #expect(Self.says(first.turns, "1 of 2 checks pass."))
        #expect(first.turns.contains(.hint(number: 1, total: 2, text: "Multiply.")))
        #expect(!Self.says(first.turns, "`solution` shows"))
        #expect(first.turns.last == .expect(.exercise, exercise: "double"))

        let second = conversation.respond(checked: "double", passed: 0, total: 2)
        #expect(second.turns.contains(.hint(number: 2, total: 2, text: "By two.")))
        #expect(Self.says(second.turns, "`solution` shows the model solution"))

        let shown = conversation.respond(to: "solution")
        #expect(shown.turns.contains(Self.solution))
        #expect(shown.events.contains(.solutionShown(exerciseID: "double")))
        #expect(shown.turns.last == .expect(.exercise, exercise: "double"))

        let xp = conversation.progress.xp
        let pass = conversation.respond(checked: "double", passed: 2, total: 2)
        #expect(pass.turns.contains(.verdict(.correct)))
        #expect(pass.turns.contains(.xp(gained: 0, total: xp)))
        #expect(!pass.events.contains { if case .xpAwarded = $0 { true } else { false } })
        #expect(conversation.progress.xp == xp)
    }

    @Test func hintsComeInOrderAndSkipMovesOnWithoutXP() {
        var (conversation, _) = Self.atTheExercise()
        #expect(conversation.respond(to: "hint").turns.contains(.hint(number: 1, total: 2, text: "Multiply.")))
        #expect(conversation.respond(to: "hint").turns.contains(.hint(number: 2, total: 2, text: "By two.")))
        let again = conversation.respond(to: "hint")
        #expect(again.turns.contains(.hint(number: 2, total: 2, text: "By two.")))
        #expect(Self.says(again.turns, "every hint"))
        let xp = conversation.progress.xp
        let skipped = conversation.respond(to: "skip")
        #expect(skipped.turns.contains(.verdict(.revealed)))
        #expect(skipped.turns.contains(Self.solution))
        #expect(skipped.turns.contains(.xp(gained: 0, total: xp)))
        #expect(skipped.events.contains(.solutionShown(exerciseID: "double")))
        // On at once, past the exercise.
        #expect(skipped.turns.contains(.tutor("After the exercise.")))
        #expect(skipped.turns.last == .expect(.continue))
        #expect(conversation.openExercise == nil)
    }

    /// The events of a path from the exercise on, folded into the progress stored when it
    /// opened, as the store rebuilds it for a restarted daemon; then the resume.
    static func resumed(after path: (inout Conversation) -> [Response]) -> (Conversation, Conversation, Response) {
        var (conversation, _) = atTheExercise()
        var stored = conversation.progress
        for response in path(&conversation) {
            for event in response.events { stored.apply(event) }
        }
        #expect(stored == conversation.progress)
        var resumed = Conversation(course: course, progress: stored)
        let opened = resumed.open()
        return (conversation, resumed, opened)
    }

    /// Two failed runs, the solution, then a pass: the pass closes the exercise (without XP),
    /// and a restart resumes after it, not at the exercise with three runs "without a pass".
    @Test func aPassAfterTheSolutionIsKeptThroughARestart() {
        let (conversation, resumed, opened) = Self.resumed { conversation in
            [conversation.respond(checked: "double", passed: 0, total: 2), conversation.respond(checked: "double", passed: 1, total: 2),
             conversation.respond(to: "solution"), conversation.respond(checked: "double", passed: 2, total: 2)]
        }
        let record = conversation.progress.questions["double"]
        #expect(record?.isCorrect == true && record?.isRevealed == true && record?.attempts == 3 && record?.xp == 0)
        #expect(record?.isCorrectOnFirstTry == false)
        #expect(Self.says(opened.turns, "You have passed this exercise"))
        #expect(!Self.says(opened.turns, "without a pass"))
        #expect(opened.turns.last == .expect(.continue))
        #expect(resumed.openExercise == nil)
    }

    /// A skip, then a restart before Enter: the resume is past the exercise, not at it open.
    @Test func aSkipIsKeptThroughARestart() {
        let (_, resumed, opened) = Self.resumed { conversation in [conversation.respond(to: "skip")] }
        #expect(resumed.openExercise == nil)
        #expect(!opened.turns.contains { if case .exercise = $0 { true } else { false } })
        #expect(opened.turns.contains(.tutor("After the exercise.")))
    }

    /// A quiz answered right after its answer was shown is still not answered right: only an
    /// exercise's pass counts after its reveal.
    @Test func aQuizRightAfterItsRevealIsNotRight() {
        var quiz = QuestionProgress()
        quiz.isRevealed = true
        quiz.record(isCorrect: true, attempt: 2, kind: .quiz)
        #expect(!quiz.isCorrect)
        var exercise = QuestionProgress()
        exercise.isRevealed = true
        exercise.record(isCorrect: true, attempt: 1, kind: .exercise)
        #expect(exercise.isCorrect && !exercise.isCorrectOnFirstTry)
    }

    /// Once the solution has been shown, a failed run no longer offers it.
    @Test func aFailedRunAfterTheSolutionDoesNotOfferItAgain() {
        var (conversation, _) = Self.atTheExercise()
        _ = conversation.respond(checked: "double", passed: 0, total: 2)
        _ = conversation.respond(checked: "double", passed: 0, total: 2)
        _ = conversation.respond(to: "solution")
        let failed = conversation.respond(checked: "double", passed: 1, total: 2)
        #expect(Self.says(failed.turns, "1 of 2 checks pass."))
        #expect(!Self.says(failed.turns, "`solution` shows"))
        // Nor does the resume's summary of the runs.
        var resumed = Conversation(course: Self.course, progress: conversation.progress)
        let opened = resumed.open()
        #expect(Self.says(opened.turns, "3 runs without a pass."))
        #expect(!Self.says(opened.turns, "`solution` shows"))
    }

    /// The daemon cannot know the client: the task and Enter name both `tutor`'s commands and
    /// the shell's.
    @Test func howToCheckIsSaidForTutorAndForAShell() {
        var (conversation, reply) = Self.atTheExercise()
        #expect(Self.says(reply.turns, "in tutor: `edit`, then `check`; from a shell: `tutord exercise starter ex double -o double.py`, "
                          + "then `tutord exercise check --report ex double double.py`"))
        #expect(Self.says(conversation.respond(to: "").turns,
                          "Run the checks (in tutor: `check`; from a shell: `tutord exercise check --report ex double double.py`)."))
    }

    @Test func allChecksPassIsWordedAsTheCheckerWordsIt() {
        var (conversation, _) = Self.atTheExercise()
        #expect(Self.says(conversation.respond(checked: "double", passed: 2, total: 2).turns, "All 2 checks pass;"))
    }

    @Test func repeatShowsTheExerciseAgain() {
        var (conversation, _) = Self.atTheExercise()
        let again = conversation.respond(to: "repeat")
        #expect(again.turns.contains(.exercise(id: "double", file: "double.py", task: "Write `double(x)`, which returns twice `x`.")))
        #expect(again.turns.last == .expect(.exercise, exercise: "double"))
    }

    @Test func aCheckOfAnExerciseThatIsNotOpenRecordsNothing() {
        var (conversation, _) = Self.atTheExercise()
        _ = conversation.respond(to: "skip")
        let late = conversation.respond(checked: "double", passed: 2, total: 2)
        #expect(!late.events.contains { if case .answerRecorded = $0 { true } else { false } })
        #expect(!late.turns.contains(.verdict(.correct)))
    }

    /// A restart of the daemon in the middle of an exercise: the events folded into a fresh
    /// progress (as the store does) reopen it with its failures and hints seen.
    @Test func aResumeReopensTheExerciseWithItsFailuresAndHintsSeen() {
        var (conversation, _) = Self.atTheExercise()
        var events: [TutoringEvent] = []
        events += conversation.respond(checked: "double", passed: 0, total: 2).events
        events += conversation.respond(checked: "double", passed: 1, total: 2).events
        // Rebuilt from the events the conversation emitted since the exercise, on top of
        // what came before.
        var stored = conversation.progress
        stored.questions["double"] = nil
        for event in events { stored.apply(event) }
        #expect(stored == conversation.progress)

        var resumed = Conversation(course: Self.course, progress: stored)
        let transcript = resumed.open().turns
        #expect(transcript.contains(.tutor("Welcome back to Ex.")))
        #expect(transcript.contains(.exercise(id: "double", file: "double.py", task: "Write `double(x)`, which returns twice `x`.")))
        #expect(transcript.contains(.hint(number: 1, total: 2, text: "Multiply.")))
        #expect(transcript.contains(.hint(number: 2, total: 2, text: "By two.")))
        #expect(Self.says(transcript, "2 runs without a pass"))
        #expect(transcript.last == .expect(.exercise, exercise: "double"))
        // Two failures before the restart: the solution is open after it.
        #expect(resumed.respond(to: "solution").turns.contains(Self.solution))
    }

    @Test func aResumeAfterAPassLandsAfterIt() {
        var (conversation, _) = Self.atTheExercise()
        _ = conversation.respond(checked: "double", passed: 2, total: 2)
        var resumed = Conversation(course: Self.course, progress: conversation.progress)
        let turns = resumed.open().turns
        #expect(Self.says(turns, "You have passed this exercise"))
        #expect(turns.last == .expect(.continue))
        #expect(resumed.respond(to: "").turns.contains(.tutor("After the exercise.")))
    }

    @Test func solutionAwayFromAnExerciseSaysSo() {
        var conversation = Conversation(course: Self.course)
        _ = conversation.open()
        let reply = conversation.respond(to: "solution")
        #expect(Self.says(reply.turns, "no exercise is open"))
        #expect(reply.events.isEmpty)
    }
}

/// The exercise's exchanges as a transcript (the lines a text client reads, `standing:` left
/// out, as in Transcripts/): two failed runs, a restart of the daemon (the progress rebuilt from
/// the events alone), the resume, the solution, and a pass that earns nothing.
@Suite struct ExerciseTranscriptTests {
    @Test func failTwiceRestartResumeSolutionAndPass() {
        var (conversation, _) = ExerciseConversationTests.atTheExercise()
        var events: [TutoringEvent] = []
        func lines(_ response: Response) -> [String] {
            events += response.events
            return Transcript.lines(of: response)
        }
        #expect(lines(conversation.respond(checked: "double", passed: 1, total: 2)) == [
            "verdict: incorrect", "tutor: 1 of 2 checks pass.", "hint: 1/2 Multiply.", "expect: exercise double",
        ])
        #expect(lines(conversation.respond(checked: "double", passed: 0, total: 2)) == [
            "verdict: incorrect", "tutor: 0 of 2 checks pass.", "hint: 2/2 By two.",
            "tutor: `solution` shows the model solution (a pass after it earns no XP); `skip` moves on.", "expect: exercise double",
        ])
        // The store's fold: what was stored when the exercise opened, and the events since.
        var rebuilt = ExerciseConversationTests.atTheExercise().0.progress
        for event in events { rebuilt.apply(event) }
        #expect(rebuilt == conversation.progress)
        var resumed = Conversation(course: ExerciseConversationTests.course, progress: rebuilt)
        #expect(Transcript.lines(of: resumed.open()) == [
            "tutor: Welcome back to Ex.",
            "lesson: 1/1 One",
            "exercise: double double.py Write `double(x)`, which returns twice `x`.",
            "code: def double(x):", "code:     ...",
            "tutor: Write double.py, starting from the code above (in tutor: `edit`, then `check`; from a shell: "
                + "`tutord exercise starter ex double -o double.py`, then `tutord exercise check --report ex double double.py`). "
                + "`hint` gives a hint, `skip` moves on without XP.",
            "hint: 1/2 Multiply.", "hint: 2/2 By two.",
            "tutor: Your checks so far: 2 runs without a pass. `solution` shows the model solution.",
            "expect: exercise double",
        ])
        #expect(Transcript.lines(of: resumed.respond(to: "solution")) == [
            "tutor: The model solution:", "code: def double(x):", "code:     return 2 * x", "explain: Twice is two times.",
            "tutor: A pass of your own after this is still recorded, without XP.", "expect: exercise double",
        ])
        let pass = Transcript.lines(of: resumed.respond(checked: "double", passed: 2, total: 2))
        #expect(pass.first == "verdict: correct")
        #expect(pass.contains("xp: +0 total \(resumed.progress.xp)"))
        #expect(pass.last == "expect: continue")
    }
}
