import ArgumentParser
import CourseCatalog
import Dialogue
import ExerciseRunner
import LineProtocol

/// `tutord check FILE...`: the course author's lint tool.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check course files and report every problem as file:line:column.",
        discussion: """
            Besides errors it gives teaching warnings: the right option is the longest in most \
            questions, a takeaway gives away the answer of the quiz after it, a chat message over \
            200 characters, more than four tutor steps in a row without a question, an exercise \
            or an offer. Each exercise's checks run (with python3) against its model solution, \
            which must pass them all, and against its starter, which must fail one: that runs \
            the course's code as you, so check a course you do not trust with --no-run. \
            Exits 0 when every file is a valid course, 1 otherwise (with --strict, also when there \
            is a warning).
            """
    )

    @Argument(help: "The .dialogue files to check.", completion: .file(extensions: [CourseFiles.fileExtension]))
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for files without problems.")
    var quiet = false

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Do not run the exercises' checks (they need python3).")
    var noRun = false

    func run() throws {
        var failed = false
        let parser = DialogueParser()
        for path in files {
            let bytes: [UInt8]
            switch CourseFiles.read(file: path) {
            case .success(let contents): bytes = contents
            case .failure(let problem):
                printError(problem.diagnostic.description)
                failed = true
                continue
            }
            let result = parser.parse(bytes, file: path, lint: true)
            for diagnostic in result.diagnostics { printError(diagnostic.description) }
            var exercisesFail = false
            if let course = result.course, !noRun {
                let problems = ExerciseSelfCheck.problems(in: course, file: path, text: String(decoding: bytes, as: UTF8.self))
                for problem in problems { printError(problem) }
                exercisesFail = !problems.isEmpty
            }
            if exercisesFail {
                failed = true  // its errors are said above; it is not ok
            } else if let course = result.course {
                let warnings = result.warnings.count
                if !quiet || warnings > 0 {
                    // Main-flow questions, then the retry questions (only when there are some).
                    let retries = course.allQuestions.count - course.questions.count
                    print("\(path): ok: course `\(course.id)`, \(counted(course.lessons.count, "lesson")), \(counted(course.questions.count, "question"))"
                          + (retries > 0 ? " (and \(counted(retries, "retry question")))" : "") + ", \(counted(course.exercises.count, "exercise"))"
                          + (warnings > 0 ? ", \(counted(warnings, "warning"))" : ""))
                }
                if strict && warnings > 0 { failed = true }
            } else {
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
