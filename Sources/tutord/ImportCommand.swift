import ArgumentParser
import CourseCatalog
import CourseImport
import Dialogue
import Foundation
import LineProtocol

/// `tutord import nerdsip PAGE`: a course from a page copied from elsewhere.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a course from a page copied from the web.",
        discussion: """
            A page may be at most \(PageInput.mebibytes(NerdSipImporter.maxPageBytes)), as a course file; \
            a larger one is refused before it is read. Errors and warnings show the page's control \
            characters as U+FFFD.
            """,
        subcommands: [NerdSipImport.self]
    )
}

/// `tutord import nerdsip PAGE [-o FILE]`.
struct NerdSipImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nerdsip",
        abstract: "Write a .dialogue course from a NerdSip course page (copied as text).",
        discussion: """
            The page's right options are inferred from its answer lines and takeaways; a question \
            the inference is not sure of gets a `# check:` comment naming the runner-up in the \
            course and a warning here, and a line after the warnings sums up (`10 questions, 1 to check: lesson 3 \
            (...)` or `10 questions, all sure`). With --strict nothing is written while a question \
            is to check. The result is \
            checked as `tutord check` would (warnings included) and the problems are printed, the \
            page's control characters as U+FFFD. A page over \(PageInput.mebibytes(NerdSipImporter.maxPageBytes)) \
            is refused before it is read. Exits 0 when the course was written and is valid, 1 otherwise.
            """
    )

    @Argument(help: "The page, as UTF-8 text (- for standard input).", completion: .file())
    var page: String

    @Option(name: .shortAndLong, help: "Where to write the course (default: standard output).", completion: .file(extensions: [CourseFiles.fileExtension]))
    var output: String?

    @Flag(help: "Write nothing (and exit 1) while the inference is not sure of a question's right option.")
    var strict = false

    func run() throws {
        let bytes: [UInt8]
        switch PageInput.read(page) {
        case .success(let read): bytes = read
        case .failure(let problem):
            Self.report("tutord: \(problem.message)")
            throw ExitCode.failure
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            Self.report("tutord: \(page) is not UTF-8 text")
            throw ExitCode.failure
        }
        let result: NerdSipImporter.Result
        do {
            result = try NerdSipImporter().importPage(text)
        } catch {
            Self.report("\(page):\(error.line): error: \(error.message)")
            throw ExitCode.failure
        }
        for warning in result.warnings { Self.report("\(page):\(warning.line): warning: \(warning.message)") }
        let target = output ?? "\(result.courseID).dialogue"
        let checked = DialogueParser().parse(result.dialogue, file: target, lint: true)
        for diagnostic in checked.diagnostics { Self.report(diagnostic.description) }
        // After the course's own diagnostics, so it is not lost above a page of them.
        Self.report(result.summary)
        if strict && !result.toCheck.isEmpty {
            let count = result.toCheck.count
            Self.report("tutord: --strict: nothing written: \(count) question\(count == 1 ? "" : "s") to check: "
                        + result.toCheck.map(\.name).joined(separator: ", "))
            throw ExitCode.failure
        }
        if let output {
            do {
                try result.dialogue.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                Self.report("tutord: cannot write \(output): \(error.localizedDescription)")
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

    /// An error or warning line. Most quote the page, which is anyone's text: its control
    /// characters (an escape sequence can retitle or rewrite a terminal) are shown as U+FFFD,
    /// as the course parser shows them.
    static func report(_ line: String) {
        printError(ControlCharacters.replacing(in: line, with: "\u{FFFD}"))
    }
}
