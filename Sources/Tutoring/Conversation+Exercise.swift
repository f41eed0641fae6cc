import Dialogue
import LineProtocol

/// Exercises in the conversation. The tutor states the task and shows the starter; the
/// learner writes the file and runs the checks on their own side (`tutord exercise check
/// --report`), since tutord never runs a learner's code, and that run reports how many passed
/// (`checked`): self-reported, since the tutor cannot know the checks were run.
///
/// What the exercise's state is made of lives in the progress (its record in
/// ``LearnerProgress/questions``: checks reported, passed, solution shown, hints seen), so a
/// resume after a restart reopens it as it was.
extension Conversation {
    /// Failed checks after which `solution` shows the model solution.
    static let failuresBeforeSolution = 2

    mutating func present(_ exercise: Exercise) {
        add(.exercise(id: exercise.id, file: exercise.fileName, task: exercise.task))
        add(.code(language: exercise.starter.language, lines: exercise.starter.lines))
        let record = progress.questions[exercise.id]
        if record?.isCorrect == true {
            say("You passed this exercise before: run its checks again if you like (no more XP), "
                + "`solution` shows the model solution, and `skip` moves on.")
            awaiting = .exercise
            return
        }
        say("Write \(exercise.fileName), starting from the code above (in tutor: `edit`, then `check`; from a shell: "
            + "`tutord exercise starter \(course.id) \(exercise.id) -o \(exercise.fileName)`, then \(checkCommand(exercise))). "
            + "`hint` gives a hint, `skip` moves on without XP.")
        let seen = min(record?.hintsSeen ?? 0, exercise.hints.count)
        for number in stride(from: 1, through: seen, by: 1) {
            add(.hint(number: number, total: exercise.hints.count, text: exercise.hints[number - 1]))
        }
        let failures = failedChecks(exercise)
        if failures > 0 {
            say("Your checks so far: \(counted(failures, "run")) without a pass."
                + (failures >= Self.failuresBeforeSolution && record?.isRevealed != true ? " `solution` shows the model solution." : ""))
        }
        awaiting = .exercise
    }

    /// How to run the checks from a shell and report the run: the daemon cannot know whether
    /// the learner is in `tutor` (whose `check` does it) or a shell, so the tutor names both.
    func checkCommand(_ exercise: Exercise) -> String {
        "`tutord exercise check --report \(course.id) \(exercise.id) \(exercise.fileName)`"
    }

    /// The exercise at the cursor, if the cursor is on one (never in a review or a detour).
    var currentExercise: Exercise? {
        guard review == nil, cursor.detour == nil, lesson.steps.indices.contains(cursor.step),
              case .exercise(let exercise) = lesson.steps[cursor.step] else { return nil }
        return exercise
    }

    /// The exercise waiting for the learner's run of its checks, if any: what
    /// `expect: exercise <id>` names, and the only one `checked` may report on.
    public var openExercise: String? {
        guard awaiting == .exercise else { return nil }
        return currentExercise?.id
    }

    /// Whether `respond(checked:...)` may record an answer row: whenever an exercise is open.
    public var mayRecordCheck: Bool { openExercise != nil }

    /// The learner's reported runs of the exercise's checks that did not pass, before its
    /// first pass (after a pass the solution is open anyway).
    func failedChecks(_ exercise: Exercise) -> Int {
        guard let record = progress.questions[exercise.id], !record.isCorrect else { return 0 }
        return record.attempts
    }

    /// The learner's own run of the open exercise's checks: `passed` of `total` passed. The
    /// caller (the daemon's `checked`) made sure `exerciseID` is the open exercise and that
    /// `total` is its number of checks; otherwise the step is shown again and nothing recorded.
    public mutating func respond(checked exerciseID: String, passed: Int, total: Int, at now: Int64? = nil) -> Response {
        begin(at: now)
        if let exercise = currentExercise, openExercise == exerciseID, (0...total).contains(passed) {
            judge(exercise, passed: passed, total: total)
        } else {
            repeatStep()
        }
        return end()
    }

    private mutating func judge(_ exercise: Exercise, passed: Int, total: Int) {
        let record = progress.questions[exercise.id]
        let couldEarn = progress.canEarnXP(exercise.id)
        let isPass = passed == total
        emit(.answerRecorded(AnswerRecord(
            lessonID: lesson.id, questionID: exercise.id, given: "\(passed)/\(total)", isCorrect: isPass,
            attempt: (record?.attempts ?? 0) + 1, usedHint: (record?.hintsSeen ?? 0) > 0, kind: .exercise)))
        if isPass {
            add(.verdict(.correct))
            if couldEarn {
                emit(.xpAwarded(questionID: exercise.id, points: exercise.xp))
                add(.xp(gained: exercise.xp, total: progress.xp))
            } else {
                add(.xp(gained: 0, total: progress.xp))
            }
            say("\(pick(Phrasebook.praise)) All \(total) checks pass; recorded as your own run of the checks."
                + (couldEarn ? "" : " No XP this time: you had passed it before or seen the model solution."))
            showSolution(exercise)
            say("Press Enter to go on.")
            awaiting = .answered
            return
        }
        add(.verdict(.incorrect))
        // As `tutord exercise check` words its last line (ExerciseReportText).
        say("\(passed) of \(total) checks pass.")
        let seen = progress.questions[exercise.id]?.hintsSeen ?? 0
        if seen < exercise.hints.count {
            showHint(exercise, number: seen + 1)
        }
        if failedChecks(exercise) >= Self.failuresBeforeSolution && record?.isRevealed != true {
            say("`solution` shows the model solution (a pass after it earns no XP); `skip` moves on.")
        }
        awaiting = .exercise
    }

    /// Shows an exercise's hint `number` (1-based) and keeps that it was seen.
    private mutating func showHint(_ exercise: Exercise, number: Int) {
        if number > (progress.questions[exercise.id]?.hintsSeen ?? 0) {
            emit(.exerciseHintsSeen(exerciseID: exercise.id, hints: number))
        }
        add(.hint(number: number, total: exercise.hints.count, text: exercise.hints[number - 1]))
    }

    /// `hint` at an open exercise: the next hint not yet seen, or the last again.
    mutating func exerciseHint(_ exercise: Exercise) {
        guard !exercise.hints.isEmpty else {
            say("This exercise has no hints. `skip` moves on and shows the model solution.")
            return
        }
        let seen = progress.questions[exercise.id]?.hintsSeen ?? 0
        if seen < exercise.hints.count {
            showHint(exercise, number: seen + 1)
        } else {
            showHint(exercise, number: exercise.hints.count)
            say("That's every hint I have. `skip` moves on and shows the model solution.")
        }
    }

    /// `solution`: the model solution of the exercise at the cursor, once it is open to the
    /// learner (after a pass, or after two failed checks). Before a pass, seeing it means a
    /// later pass earns no XP.
    mutating func solution() {
        guard let exercise = currentExercise, awaiting == .exercise || awaiting == .answered else {
            say("`solution` shows an exercise's model solution, and no exercise is open right now.")
            awaitUnchanged()
            return
        }
        let record = progress.questions[exercise.id]
        let passed = record?.isCorrect == true
        guard passed || failedChecks(exercise) >= Self.failuresBeforeSolution || record?.isRevealed == true else {
            nudge("The model solution opens after \(Self.failuresBeforeSolution) failed checks (or a pass); "
                  + "until then `hint` gives a hint, and `skip` moves on without XP and shows it.")
            return
        }
        if !passed && progress.canEarnXP(exercise.id) {
            emit(.solutionShown(exerciseID: exercise.id))
        }
        showSolution(exercise)
        if !passed {
            say("A pass of your own after this is still recorded, without XP.")
        }
    }

    /// `skip` at an open exercise: the model solution, no XP, and on to the next step at once.
    /// Moving on now is what keeps the skip: the progress holds a skipped exercise as it holds
    /// one whose solution the learner asked for (and that stays open), so a resume goes by the
    /// position, which is past it.
    mutating func skipExercise(_ exercise: Exercise) {
        if progress.canEarnXP(exercise.id) {
            emit(.solutionShown(exerciseID: exercise.id))
        }
        add(.verdict(.revealed))
        showSolution(exercise)
        add(.xp(gained: 0, total: progress.xp))
        advance()
    }

    /// The model solution and why it works.
    mutating func showSolution(_ exercise: Exercise) {
        say("The model solution:")
        add(.code(language: exercise.solution.language, lines: exercise.solution.lines))
        if let explanation = exercise.explanation { add(.explanation(explanation)) }
    }

    /// A passed exercise at the cursor (a resume, or `repeat` after the pass): the task, the
    /// solution; Enter goes on.
    mutating func showPassed(_ exercise: Exercise) {
        say("You have passed this exercise: \(exercise.task)")
        showSolution(exercise)
        awaiting = .answered
    }

    /// The exercise at the cursor when the learner has passed it: a resume lands after it.
    var passedExerciseAtCursor: Exercise? {
        guard let exercise = currentExercise, progress.questions[exercise.id]?.isCorrect == true else { return nil }
        return exercise
    }
}
