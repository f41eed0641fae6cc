import ArgumentParser
import CourseCatalog
import Dialogue
import ExerciseRunner
import Foundation
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// `tutord exercise check|starter`: an exercise from the command line, for scripts and for
/// learners who talk to the daemon with `nc -U`. Runs as the one who calls it, never in the
/// daemon.
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Run an exercise's checks against your file, or write its starter file.",
        subcommands: [ExerciseCheckCommand.self, ExerciseStarterCommand.self]
    )
}

/// Where an exercise is found: a course id on the search path (as the daemon finds it), or a
/// course file.
struct ExerciseLocation: ParsableArguments {
    @Argument(help: "The course id (on the usual search path), or a .dialogue file.", completion: .courseIDs)
    var course: String

    @Argument(help: "The exercise id (the tutor shows it with the task).")
    var exercise: String

    @Option(help: "Directory of .dialogue files (default: the usual search path).", completion: .directory)
    var dialogues: String?

    /// The exercise, or a message and exit status 2.
    func find() throws -> Exercise {
        try findWithCourse().exercise
    }

    /// The exercise and the id of its course, or a message and exit status 2.
    func findWithCourse() throws -> (course: String, exercise: Exercise) {
        do {
            return try lookUp()
        } catch let error as LookUpFailure {
            printError("tutord: \(error.message)")
            throw ExitCode(2)
        }
    }

    struct LookUpFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private func lookUp() throws -> (course: String, exercise: Exercise) {
        let found: Course?
        if course.hasSuffix("." + CourseFiles.fileExtension) || course.contains("/") {
            guard case .success(let bytes) = CourseFiles.read(file: course) else {
                throw LookUpFailure("cannot read the course file \(course)")
            }
            found = DialogueParser().parse(bytes, file: course).course
        } else {
            let directories = CourseFiles.searchPath(
                explicit: dialogues, environment: ProcessInfo.processInfo.environment, executablePath: executablePath)
            found = CourseCatalog().reloaded(from: CourseFiles.read(directories: directories).files).catalog[course]
        }
        guard let found else { throw LookUpFailure("there is no course \(course)") }
        guard let exercise = found.exercises.first(where: { $0.id == exercise }) else {
            let known = found.exercises.map(\.id)
            throw LookUpFailure("course \(found.id) has no exercise \(exercise)"
                                  + (known.isEmpty ? " (it has none)" : "; its exercises: \(known.joined(separator: ", "))"))
        }
        return (found.id, exercise)
    }
}

/// `tutord exercise check COURSE EXERCISE FILE`
struct ExerciseCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run an exercise's checks against your file, as you, with limits.",
        discussion: """
            Each check runs in its own python3 -I, in a fresh directory, with a scrubbed \
            environment and limits on time, CPU, memory, file size and output; the first check \
            that fails stops the run. Exits 0 when every check passes, 1 when one fails or is \
            stopped by a limit, 2 on a usage error. With --json, one JSON object per check and \
            a last one with the totals. With --report, the result is then recorded by the \
            running daemon as your own run (self-reported) and its verdict printed; exits 3 \
            when it was not recorded (no daemon, the exercise is not the step you are at).
            """
    )

    @OptionGroup var location: ExerciseLocation

    @Argument(help: "Your file.", completion: .file(extensions: ["py"]))
    var file: String

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    @Flag(help: "Then have the running daemon record the result as your own run (self-reported).")
    var report = false

    @Option(help: ArgumentHelp("With --report: the daemon's socket.", discussion: "Default: the one tutor uses.", valueName: "path"),
            completion: .file())
    var socket: String?

    @Option(help: ArgumentHelp("With --report: record it for this profile of yours (default: your own name).", valueName: "profile"))
    var learner: String?

    func validate() throws {
        if !report && (socket != nil || learner != nil) {
            throw ValidationError("--socket and --learner go with --report")
        }
    }

    func run() throws {
        let (courseID, exercise) = try location.findWithCourse()
        guard let data = FileManager.default.contents(atPath: file), let code = String(data: data, encoding: .utf8) else {
            printError("tutord: cannot read \(file) as UTF-8 text")
            throw ExitCode(2)
        }
        let interruption = CheckInterruption()
        let reports: [CheckReport]
        do {
            reports = try ExerciseChecker(cancellation: interruption.cancellation).check(exercise, code: code)
        } catch {
            printError("tutord: \(error.description)")
            throw ExitCode(2)
        }
        try interruption.exitIfInterrupted()
        let passed = reports.filter(\.passed).count
        if json {
            for report in reports { print(ExerciseReportText.json(report)) }
            print(ExerciseReportText.jsonTotals(passed: passed, total: exercise.checks.count, xp: exercise.xp))
        } else {
            for report in reports { print(ExerciseReportText.text(report)) }
            print(ExerciseReportText.totals(passed: passed, total: exercise.checks.count))
        }
        if report {
            let reporter = ExerciseResultReport(socket: socket, learner: learner, course: courseID, exercise: exercise.id)
            guard reporter.send(passed: passed, total: exercise.checks.count, json: json) else { throw ExitCode(3) }
        }
        if passed < exercise.checks.count { throw ExitCode.failure }
    }
}

/// `tutord exercise starter COURSE EXERCISE [-o FILE]`
struct ExerciseStarterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "starter",
        abstract: "Print an exercise's task and starter file, or write the starter to a file."
    )

    @OptionGroup var location: ExerciseLocation

    @Option(name: .shortAndLong, help: "Write the starter here (refused if the file exists) instead of printing it.", completion: .file())
    var output: String?

    func run() throws {
        let exercise = try location.find()
        let starter = exercise.starter.lines.joined(separator: "\n") + "\n"
        guard let output else {
            writeOut("# \(exercise.task)\n# Save as \(exercise.fileName); check with: tutord exercise check \(location.course) \(exercise.id) \(exercise.fileName)\n")
            writeOut(starter)
            return
        }
        // O_EXCL: never over a learner's work.
        let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            printError("tutord: " + (errno == EEXIST ? "\(output) already exists; it may hold your work, so it is left as it is"
                                                     : "cannot create \(output): \(String(cString: strerror(errno)))"))
            throw ExitCode(2)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(starter.utf8))
    }
}
