import Dialogue
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a learner's code against an exercise's checks, one `python3 -I` per check, in a fresh
/// private directory that is removed afterwards, under ``CheckLimits``.
///
/// It runs as whoever calls it: `tutor` and `tutord exercise check` run as the learner. The
/// daemon never calls it (a classroom daemon must not run students' code as its own user).
public struct ExerciseChecker: Sendable {
    /// The interpreter itself (not a wrapper such as pyenv's shim, which would put its own
    /// variables back into the scrubbed environment).
    public let python: String
    public let limits: CheckLimits
    /// Where each check's directory is made.
    public let temporaryDirectory: String
    /// Set by whoever may interrupt the run (the CLI's signal handling).
    public let cancellation: CheckCancellation?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter python: the interpreter; by default `python3` from `PATH`.
    public init(python: String? = nil, limits: CheckLimits = .standard, temporaryDirectory: String = NSTemporaryDirectory(),
                cancellation: CheckCancellation? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(Failure) {
        self.cancellation = cancellation
        guard let found = python ?? Self.find("python3", path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw Failure(description: "python3 is not installed (or not on PATH); exercises are checked with it")
        }
        self.python = try Self.interpreter(found)
        self.limits = limits
        self.temporaryDirectory = temporaryDirectory
    }

    /// The interpreter `program` runs, as `sys.executable` names it.
    private static func interpreter(_ program: String) throws(Failure) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-I", "-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(program): \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, path.hasPrefix("/") else {
            throw Failure(description: "\(program) does not run as python3 (it said \(output.prefix(200)))")
        }
        return path
    }

    /// The checks' verdicts in order, up to and including the first that does not pass (the
    /// ones after it are not run: one failure at a time, as rustlings shows them).
    ///
    /// A dialogue exercise's file is first parsed and validated as `tutord check` does; if it
    /// has errors, they are the one report (``loadsMessage``, its details the diagnostics as
    /// `file:line:column: error: message`) and no check runs, since there is no course to give
    /// them.
    public func check(_ exercise: Exercise, code: String) throws(Failure) -> [CheckReport] {
        var course: String?
        if exercise.language == .dialogue {
            let parsed = DialogueParser().parse(code, file: exercise.fileName)
            guard let parsedCourse = parsed.course else {
                return [CheckReport(message: Self.loadsMessage, verdict: .failed(details: Self.listing(parsed.errors)))]
            }
            course = CourseData.json(parsedCourse)
        }
        var reports: [CheckReport] = []
        for check in exercise.checks {
            if cancellation?.isCancelled == true { break }
            let report = try run(check, code: code, fileName: exercise.fileName, course: course)
            reports.append(report)
            if !report.passed { break }
        }
        return reports
    }

    /// What the learner reads when a dialogue exercise's file does not load as a course.
    public static let loadsMessage = "the file loads as a course (tutord check finds no errors in it)"

    /// The first errors, one a line, as `tutord check` prints them; as many lines at most as a
    /// failing check's traceback shows.
    static func listing(_ errors: [Diagnostic]) -> String {
        let shown = errors.prefix(CheckOutput.maxLines).map(\.description)
        let more = errors.count - shown.count
        return (shown + (more > 0 ? ["(\(more) more: run tutord check on the file to see them all)"] : [])).joined(separator: "\n")
    }

    /// One check, in a directory of its own. `course` is the parsed course of a dialogue
    /// exercise, as ``CourseData`` JSON: the check then runs with it, not after the file.
    public func run(_ check: ExerciseCheck, code: String, fileName: String, course: String? = nil) throws(Failure) -> CheckReport {
        let directory = try Self.makeDirectory(in: temporaryDirectory)
        defer { CheckDirectory.remove(directory) }
        let mode: String
        do {
            try Data(code.utf8).write(to: URL(fileURLWithPath: directory + "/" + fileName))
            try Data(CheckDriver.source.utf8).write(to: URL(fileURLWithPath: directory + "/" + CheckDriver.fileName))
            switch check.test {
            case .python(let lines):
                mode = course == nil ? "python" : "dialogue"
                try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/" + CheckDriver.checkFileName))
                if let course {
                    try Data(course.utf8).write(to: URL(fileURLWithPath: directory + "/" + CheckDriver.courseFileName))
                }
            case .output:
                mode = "output"
            }
        } catch {
            throw Failure(description: "cannot write the check's files in \(directory): \(error)")
        }
        let process = LimitedProcess(
            executable: python, arguments: ["-I", "-B", "-X", "utf8", CheckDriver.fileName, fileName, mode],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": directory, "TMPDIR": directory],
            directory: directory, limits: limits, cancellation: cancellation)
        let outcome: LimitedProcess.Outcome
        do {
            outcome = try process.run()
        } catch {
            throw Failure(description: error.description)
        }
        return CheckReport(message: check.message, verdict: Self.verdict(check, outcome, limits: limits))
    }

    static func verdict(_ check: ExerciseCheck, _ outcome: LimitedProcess.Outcome, limits: CheckLimits) -> CheckReport.Verdict {
        let errors = String(decoding: outcome.errors, as: UTF8.self)
        let details = CheckOutput.tail(errors)
        // The exception the program ended with, if it ended with one: limits are read from
        // it, never from text printed anywhere else.
        let finalLine = CheckOutput.lastLine(errors) ?? ""
        switch outcome.ending {
        case .timedOut:
            return .stopped(.wallClock(seconds: limits.wallSeconds), details: details)
        case .flooded:
            return .stopped(.output(bytes: limits.outputBytes), details: CheckOutput.tail(String(decoding: outcome.output, as: UTF8.self)))
        case .cancelled:
            return .failed(details: "interrupted")
        case .signaled(SIGXCPU, _):
            return .stopped(.cpu(seconds: limits.cpuSeconds), details: details)
        // SIGKILL at the hard CPU limit, a second after the soft one; any other SIGKILL (the
        // OOM killer, the code killing itself) is not the CPU limit.
        case .signaled(SIGKILL, let cpu) where cpu >= Double(limits.cpuSeconds):
            return .stopped(.cpu(seconds: limits.cpuSeconds), details: details)
        case .signaled(SIGXFSZ, _):
            return .stopped(.fileSize(bytes: limits.fileSizeBytes), details: details)
        case .signaled(let number, _):
            return .failed(details: "ended by signal \(number)" + (details.isEmpty ? "" : "\n" + details))
        case .exited(let status):
            guard status == 0, outcome.marker == Array(CheckDriver.passedMarker.utf8) else {
                if status == 0 {
                    return .failed(details: "the code ended the program (os._exit, sys.exit or an atexit handler) before the check finished")
                }
                if finalLine.hasPrefix("MemoryError") {
                    return .stopped(.memory(bytes: limits.memoryBytes), details: details)
                }
                // fork(2) or a new thread past RLIMIT_NPROC: EAGAIN, which Python raises as
                // BlockingIOError (os.fork) or RuntimeError (threading).
                if finalLine.hasPrefix("BlockingIOError: [Errno 11]") || finalLine.hasPrefix("RuntimeError: can't start new thread") {
                    return .stopped(.processes(count: limits.extraProcesses), details: details)
                }
                if finalLine.hasPrefix("OSError: [Errno 27] File too large") {
                    return .stopped(.fileSize(bytes: limits.fileSizeBytes), details: details)
                }
                return .failed(details: details)
            }
            guard case .output(let expected) = check.test else { return .passed }
            let printed = String(decoding: outcome.output, as: UTF8.self)
            if let difference = CheckOutput.difference(expected: expected, printed: printed) {
                return .failed(details: difference)
            }
            return .passed
        }
    }

    private static func makeDirectory(in parent: String) throws(Failure) -> String {
        var template = Array((parent + "/tutord-check-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(description: "cannot make a directory for the check: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)  // mkdtemp makes it 0700
    }

    private static func find(_ program: String, path: String) -> String? {
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
