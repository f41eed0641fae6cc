import ArgumentParser
import CourseCatalog
import CourseImport
import Dialogue
import Foundation

/// `tutord import nerdsip PAGE`: a course from a page copied from elsewhere.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a course from a page copied from the web.",
        subcommands: [NerdSipImport.self]
    )
}

/// `tutord import nerdsip PAGE [-o FILE]`.
struct NerdSipImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nerdsip",
        abstract: "Write a .dialogue course from a NerdSip course page (copied as text).",
        discussion: """
            The page's right options are inferred from its explanations; one that did not win \
            clearly gets a `# check:` comment in the course and a warning here. The result is \
            checked as `tutord check` would (warnings included) and the problems are printed. \
            Exits 0 when the course was written and is valid, 1 otherwise.
            """
    )

    @Argument(help: "The page, as UTF-8 text (- for standard input).", completion: .file())
    var page: String

    @Option(name: .shortAndLong, help: "Where to write the course (default: standard output).", completion: .file(extensions: [CourseFiles.fileExtension]))
    var output: String?

    func run() throws {
        let data: Data?
        if page == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: page)
        }
        guard let data else {
            printError("tutord: cannot read \(page)")
            throw ExitCode.failure
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("tutord: \(page) is not UTF-8 text")
            throw ExitCode.failure
        }
        let result: NerdSipImporter.Result
        do {
            result = try NerdSipImporter().importPage(text)
        } catch {
            printError("\(page):\(error.line): error: \(error.message)")
            throw ExitCode.failure
        }
        for warning in result.warnings { printError("\(page):\(warning.line): warning: \(warning.message)") }
        let target = output ?? "\(result.courseID).dialogue"
        let checked = DialogueParser().parse(result.dialogue, file: target, lint: true)
        for diagnostic in checked.diagnostics { printError(diagnostic.description) }
        if let output {
            do {
                try result.dialogue.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                printError("tutord: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            if let course = checked.course {
                print("\(output): course `\(course.id)`, \(course.lessons.count) lessons"
                      + (checked.warnings.isEmpty ? "" : ", \(checked.warnings.count) warning\(checked.warnings.count == 1 ? "" : "s") (see above)"))
            }
        } else {
            print(result.dialogue, terminator: "")
        }
        if checked.course == nil { throw ExitCode.failure }
    }
}
