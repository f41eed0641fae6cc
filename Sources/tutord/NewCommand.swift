import ArgumentParser
import CourseCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tutord new ID`: the start of a course: a file with one complete lesson that checks, and
/// what to do next.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a course: write a course file with one complete lesson to edit.",
        discussion: """
            The file has every part of a lesson (beats, a code block, an offer and its node, \
            two questions, a takeaway) and passes tutord check --strict. An existing file is \
            never overwritten.
            """
    )

    @Argument(help: "The new course's id (lowercase letters, digits, -, _ and .).")
    var id: String

    @Option(name: .shortAndLong, help: "Where to write it (default: ./ID.dialogue).", completion: .file(extensions: [CourseFiles.fileExtension]))
    var output: String?

    func run() throws {
        let path = output ?? "./\(id).\(CourseFiles.fileExtension)"
        let text = CourseTemplate.text(id: id)
        // The template is parsed before it is written: an id the format refuses is caught here
        // (the parser is the one judge of ids), and a broken template never reaches an author.
        guard CourseArgument.parse(Array(text.utf8), file: path).course != nil else {
            printError("tutord: `\(id)` cannot be a course id: use lowercase ASCII letters, digits, -, _ and ., "
                       + "starting with a letter or digit, at most 64 characters")
            throw ExitCode.failure
        }
        // O_EXCL: a file already there (an earlier course, or a link) is never written through.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists (choose another name with -o)" : String(cString: strerror(errno))
            printError("tutord: cannot write \(path): \(reason)")
            throw ExitCode.failure
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } catch {
            unlink(path)
            printError("tutord: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print("""
            wrote \(path): course `\(id)`, 1 lesson, 2 questions
            Next:
              tutord walk --watch \(path)
                  see it as a learner does, walked again from the lesson you edit on every save
              tutord check --strict \(path)
                  every problem and teaching warning, as file:line:column
              tutord install-course \(path)
                  serve it to tutor when it is ready
            """)
    }
}
