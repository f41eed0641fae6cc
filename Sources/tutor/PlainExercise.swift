import ChatClient
import Dialogue
import ExerciseRunner
import Foundation
import LineProtocol
import TutorClient

/// An exercise in `tutor --plain`: the file made when it opens (`file: <path>`), and the
/// client's own commands at it, run in the foreground: `edit` (the editor on the terminal as
/// it is), `write` (lines up to one holding a single `.` replace the file) and `check` (the
/// daemon's checks run here; each verdict as `tutord exercise check` prints it, then
/// `checks: K of N checks pass`; the outcome is then reported with `checked`).
struct PlainExercise {
    let base: String?
    var tracker = ExerciseTracker()
    /// The file of the open exercise, once made.
    private(set) var file: ExerciseFile?
    /// A client-side step failed (an `error:` line said why): the exit status says so.
    private(set) var failed = false

    init(base: String?) {
        self.base = base
    }

    var isOpen: Bool { tracker.open != nil && file != nil }

    /// The learner switched profile (`learner NAME`): the open exercise was the old profile's,
    /// and its file is in the old profile's folder; the daemon has forgotten the course.
    mutating func forget() {
        tracker = ExerciseTracker()
        file = nil
    }

    /// Makes the file when an exercise opens, and forgets it when it closes. The profile is
    /// asked of the daemon (`whoami`): the folder is per profile.
    mutating func follow(_ connection: LineConnection) throws {
        guard let exercise = tracker.open, let course = tracker.course else {
            file = nil
            return
        }
        if file?.exercise.id == exercise.id { return }
        guard let base else {
            say(error: "there is no folder for your exercise files (neither HOME nor XDG_DATA_HOME is set); start tutor with --exercises DIR")
            return
        }
        try connection.send(line: RequestKind.whoami.line())
        let reply = try connection.readReply()
        let profile = reply.payloads.lazy.compactMap { if case .learner(_, _, let profile) = $0 { profile } else { nil } }.first ?? nil
        do {
            let file = try ExerciseFile(exercise: exercise, base: base, profile: profile == "default" ? nil : profile, course: course)
            let wrote = try file.prepare()
            self.file = file
            print("file: \(file.path)" + (wrote ? " (the starter, written now)" : " (kept from before)"))
        } catch {
            say(error: error.description)
        }
    }

    /// `edit`, `write` or `check`; returns the `checked` request to send after a check ran.
    mutating func perform(_ command: String, _ connection: LineConnection) throws -> String? {
        guard let file else { return nil }
        switch command {
        case "edit":
            let path: String
            do {
                path = try file.checkedPath()
            } catch {
                say(error: error.description)
                return nil
            }
            let editor = Editor(environment: ProcessInfo.processInfo.environment)
            if let failure = editor.edit(path) { say(error: failure) }
            return nil
        case "write":
            var lines: [String] = []
            while let line = readLine(strippingNewline: true), line != "." { lines.append(line) }
            do {
                try file.replace(with: lines.map { $0 + "\n" }.joined())
            } catch {
                say(error: error.description)
                return nil
            }
            return try check(file, connection)
        default:
            return try check(file, connection)
        }
    }

    private mutating func check(_ file: ExerciseFile, _ connection: LineConnection) throws -> String? {
        let id = file.exercise.id
        try connection.send(line: ClientRequest.checks(exercise: id).line)
        let reply = try connection.readReply()
        if case .error(let error) = reply.status {
            say(error: "\(error.code.rawValue) \(error.message)")
            return nil
        }
        let exercise: Exercise
        let code: String
        do {
            exercise = try CheckList.exercise(id, from: reply, file: file.exercise.file)
            code = try file.read()
        } catch {
            say(error: "\(error)")
            return nil
        }
        let reports: [CheckReport]
        do {
            reports = try ExerciseChecker().check(exercise, code: code)
        } catch {
            say(error: "\(error)")
            return nil
        }
        for report in reports { print(ExerciseReportText.text(report)) }
        let passed = reports.filter(\.passed).count
        print("checks: " + ExerciseReportText.totals(passed: passed, total: exercise.checks.count))
        return ClientRequest.checked(exercise: id, passed: passed, total: exercise.checks.count).line
    }

    private mutating func say(error: String) {
        print("error: \(error)")
        failed = true
    }
}
