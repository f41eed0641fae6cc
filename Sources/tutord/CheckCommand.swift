import ArgumentParser
import CourseCatalog
import Dialogue

/// `tutord check FILE...`: the course author's lint tool.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check course files and report every problem as file:line:column.",
        discussion: "Exits 0 when every file is a valid course, 1 otherwise."
    )

    @Argument(help: "The .dialogue files to check.")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for files without problems.")
    var quiet = false

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
            let result = parser.parse(bytes, file: path)
            for diagnostic in result.diagnostics { printError(diagnostic.description) }
            if let course = result.course {
                if !quiet {
                    print("\(path): ok: course `\(course.id)`, \(course.lessons.count) lessons, \(course.questions.count) questions")
                }
            } else {
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
