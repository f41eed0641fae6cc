import ChatClient
import Foundation
import SystemSupport
import LineProtocol
import TutorClient

/// An exercise in the chat: the learner's file made when the exercise opens, the editor,
/// the inline editor's text saved, and the checks fetched from the daemon (`checks`), run
/// here as the learner in the background, shown, and reported (`checked`).
extension ChatSession {
    /// Keeps the file and its watch on the exercise the screen has open: called after every
    /// reply and key.
    func followExercise() {
        guard let exercise = screen.exercise, let base = desk.base,
              let course = screen.exercises.course ?? screen.currentCourse else {
            if screen.exercise != nil, desk.base == nil, desk.failureSaid == nil {
                desk.failureSaid = "there is no folder for your exercise files (neither HOME nor XDG_DATA_HOME is set); start tutor with --exercises DIR"
                screen.note(desk.failureSaid!)
            }
            if screen.exercise == nil { closeExercise() }
            return
        }
        let file: ExerciseFile
        do {
            file = try ExerciseFile(exercise: exercise, base: base, profile: screen.profile, course: course)
        } catch {
            if desk.failureSaid != error.description {
                desk.failureSaid = error.description
                screen.note(error.description)
            }
            return
        }
        if desk.file?.path == file.path && desk.file?.exercise.id == exercise.id { return }
        closeExercise()
        let wroteStarter: Bool
        do {
            wroteStarter = try file.prepare()
        } catch {
            if desk.failureSaid != error.description {
                desk.failureSaid = error.description
                screen.note(error.description)
            }
            return
        }
        desk.file = file
        desk.failureSaid = nil
        do {
            desk.watch = try SaveWatch(folder: file.folder, file: exercise.file)
        } catch {
            screen.note("\(error); `check` runs the checks")
        }
        let editor = Editor(environment: ProcessInfo.processInfo.environment)
        screen.note((wroteStarter ? "Your file, with the starter: " : "Your file, as you left it: ") + file.path)
        screen.note("`edit` opens it in \(editor.command) (\(editor.source)), `write` types it here, `check` runs the checks"
                    + (desk.watch == nil ? "." : "; every save checks it again."))
    }

    /// Why `edit`, `write` or `check` has no file to work on.
    private var noFile: String {
        desk.failureSaid.map { "There is no file for this exercise: \($0)" } ?? "There is no exercise file here."
    }

    private func closeExercise() {
        desk.file = nil
        desk.watch = nil
        desk.debouncer.cancel()
        desk.again = false
    }

    /// `edit`: the learner's editor on this terminal, ncurses set aside meanwhile.
    func edit() {
        guard let file = desk.file else {
            screen.note(noFile)
            return
        }
        let path: String
        do {
            path = try file.checkedPath()
        } catch {
            screen.note(error.description)
            return
        }
        let editor = Editor(environment: ProcessInfo.processInfo.environment)
        screen.note("Editing in \(editor.command) (\(editor.source)).")
        terminal.suspend()
        let failure = editor.edit(path)
        terminal.resume()
        if let failure { screen.note(failure) }
        // Without a watch, leaving the editor is the only sign of a save.
        if desk.watch == nil && failure == nil { startCheck() }
    }

    /// The inline editor's text replaces the file; the watch sees it and checks it.
    func save(_ text: String) {
        guard let file = desk.file else {
            screen.note(noFile)
            return
        }
        do {
            try file.replace(with: text)
        } catch {
            screen.note(error.description)
            return
        }
        screen.note("Saved \(file.path).")
        if desk.watch == nil { startCheck() } else { desk.debouncer.saved(at: ExerciseDesk.now()) }
    }

    func watchSignalled() {
        if desk.watch?.drain() == true { desk.debouncer.saved(at: ExerciseDesk.now()) }
    }

    /// `check`, or a save gone quiet: asks the daemon for the checks (a course reloaded
    /// since may have changed them), then runs them.
    func startCheck() {
        guard let file = desk.file else {
            screen.note(noFile)
            return
        }
        if desk.fetching != nil || desk.run != nil {
            desk.again = true
            return
        }
        desk.fetching = file.exercise.id
        screen.checkRunning = true
        send(.checks(exercise: file.exercise.id))
        if desk.fetching == nil { screen.checkRunning = false }  // not sent: the connection is gone
    }

    /// The reply to `checks`: runs them against the file.
    func checksArrived(_ reply: Reply, exercise: String) {
        desk.fetching = nil
        guard case .ok = reply.status else {
            screen.checkRunning = false
            _ = screen.received(reply, for: .checks(exercise: exercise))
            return
        }
        guard let file = desk.file, file.exercise.id == exercise else {
            screen.checkRunning = false  // the exercise closed meanwhile
            return
        }
        do {
            let checks = try CheckList.exercise(exercise, from: reply, file: file.exercise.file)
            let code = try file.read()
            desk.run = try CheckRun(checks, code: code)
            desk.runExercise = exercise
        } catch {
            screen.checkRunning = false
            screen.note("\(error)")
        }
    }

    /// The check run is done: its verdicts, then the outcome reported to the daemon.
    func checkEnded() {
        guard let run = desk.run, let outcome = run.finished() else { return }
        desk.run = nil
        screen.checkRunning = false
        switch outcome {
        case .stopped:
            screen.note("Check stopped; nothing was reported.")
        case .failed(let reason):
            screen.note(reason)
        case .reports(let reports, let total):
            let passed = reports.filter(\.passed).count
            screen.showChecks(reports.map { ChatScreen.CheckLine(passed: $0.passed, text: ExerciseReportText.text($0)) })
            if let exercise = desk.runExercise {
                send(.checked(exercise: exercise, passed: passed, total: total))
            }
        }
        desk.runExercise = nil
        if desk.again {
            desk.again = false
            startCheck()
        }
    }

    /// Ctrl-C or Esc while a check runs.
    func cancelCheck() {
        desk.run?.cancel()
        desk.again = false
    }

    /// The connection went away: a `checks` asked for will not be answered.
    func checksLost() {
        desk.fetching = nil
        if desk.run == nil { screen.checkRunning = false }
    }
}
