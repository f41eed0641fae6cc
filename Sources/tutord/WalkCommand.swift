import LineProtocol
import ArgumentParser
import ChatClient
import CourseSearch
import CourseCatalog
import Dialogue
import Foundation
import Tutoring

/// `tutord walk COURSE|FILE`: take a course in the terminal, without a daemon or a store; with
/// `--watch`, the author's loop: the walk starts again each time the file is saved.
struct WalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Take a course right here in the terminal (no daemon, progress is not saved).",
        discussion: """
            COURSE is a course file when it contains `/`, ends in .dialogue or names an existing \
            file (tutord walk my-course.dialogue), and otherwise the id of a course on the search \
            path (tutord walk cpython-internals). With --watch, the walk starts again at the \
            lesson being edited each time the file is saved, and while the file does not parse \
            its errors are shown instead, as file:line:column.
            """
    )

    @Argument(help: "A course file, or a course id (e.g. cpython-internals).", completion: .courseIDs)
    var course: String = "cpython-internals"

    @Option(help: "Directory of .dialogue files (default: the usual search path).", completion: .directory)
    var dialogues: String?

    @Flag(help: "Print turns as protocol `key: value` lines.")
    var raw = false

    @Flag(help: "Walk the course file again, at the lesson being edited, each time it is saved.")
    var watch = false

    func run() throws {
        let formatter = PlainTurnFormatter(raw: raw, width: terminalWidth(environment: ProcessInfo.processInfo.environment))
        let argument = CourseArgument(course)
        if watch {
            guard case .file(let path) = argument else {
                printError("tutord: --watch walks a course file: give its path (./\(course).dialogue), not the id `\(course)`")
                throw ExitCode.failure
            }
            try CourseWatch(path: path, formatter: formatter).run()
            return
        }
        var walk = CourseWalk(course: try chosenCourse(argument))
        formatter.print(walk.open())
        while let line = readLine(strippingNewline: true) {
            if CourseWalk.isQuit(line) { break }
            formatter.print(walk.respond(to: line))
        }
    }

    /// The course in the file given, or the course of that id on the search path.
    private func chosenCourse(_ argument: CourseArgument) throws -> Course {
        switch argument {
        case .file(let path):
            let (course, diagnostics) = CourseArgument.load(file: path)
            for diagnostic in diagnostics { printError(diagnostic.description) }
            guard let course else {
                printError("tutord: \(path) is not a course yet; `tutord check \(path)` lists every problem")
                throw ExitCode.failure
            }
            return course
        case .id(let id):
            let directories = CourseFiles.searchPath(
                explicit: dialogues, environment: ProcessInfo.processInfo.environment, executablePath: executablePath)
            let (files, readProblems) = CourseFiles.read(directories: directories)
            let (catalog, diagnostics) = CourseCatalog().reloaded(from: files)
            for diagnostic in readProblems + diagnostics { printError(diagnostic.description) }
            guard let chosen = catalog[id] else {
                printError("tutord: no course `\(id)` in \(directories.joined(separator: ", ")); known: \(catalog.ids.joined(separator: ", "))"
                           + " (a course file is walked by its path: tutord walk ./\(id).dialogue)")
                throw ExitCode.failure
            }
            return chosen
        }
    }
}

/// Renders turns for a person at a plain terminal, each message wrapped at word boundaries to
/// `width` columns (when known) with its continuation lines indented under its text.
struct PlainTurnFormatter {
    var raw: Bool
    var width: Int?

    /// `prefix` and `text` as lines of at most `width` columns; code is never wrapped.
    func paragraph(_ prefix: String, _ text: String, continuation: String? = nil) -> String {
        let indent = DisplayWidth.of(prefix)
        guard let width, width > indent + 10 else { return prefix + text + "\n" }
        let hanging = continuation ?? String(repeating: " ", count: indent)
        return TextWrapper.wrap(text, width: width, prefix: prefix, continuation: hanging).map { $0 + "\n" }.joined()
    }

    func print(_ response: Response) {
        var text = ""
        for turn in response.turns {
            text += raw ? Payload.turn(turn).lines(for: .text).map { "\($0.key): \($0.text)\n" }.joined() : render(turn)
        }
        writeOut(text)
    }

    private func render(_ turn: Turn) -> String {
        switch turn {
        case .course: return ""
        case .lesson: return "\n" + paragraph("━━ ", "Lesson \(turn.text) ━━")
        case .tutor(let text), .nudge(let text): return paragraph("  ", text)
        case .code(_, let lines): return lines.map { "    │ \($0)\n" }.joined()
        case .takeaway(let text): return "\n" + paragraph("  ★ Key takeaway: ", text)
        case .quiz(_, let prompt, _): return "\n" + paragraph("  ? ", prompt)
        case .option(let number, let text): return paragraph("    \(number)) ", text)
        case .exercise(_, let file, let task): return "\n" + paragraph("  ✎ Exercise (\(file)): ", task)
        case .offer(_, let prompt): return paragraph("  ", prompt + " [yes/no]")
        case .verdict(let verdict): return "  [\(verdict.rawValue)]\n"
        case .feedback(let text): return paragraph("  ", text)
        case .explanation(let text): return paragraph("  Why: ", text)
        case .hint(let number, let total, let text): return paragraph("  Hint \(number)/\(total): ", text)
        case .xp(let gained, let total): return "  +\(gained) XP (total \(total))\n"
        case .toc, .help: return paragraph("  ", turn.text)
        case .progress(let summary), .summary(let summary):
            return "  Score \(summary.correct)/\(summary.questions), \(summary.xp) XP, lessons \(summary.lessonsDone)/\(summary.lessons), first try \(summary.firstTry)\n"
        case .missed(let lesson, _, let miss, let prompt): return paragraph("  To revisit (lesson \(lesson), \(miss.rawValue)): ", prompt)
        case .review(let number, let total): return "\n── Review \(number)/\(total) ──\n"
        case .reviews(let summary):
            return "  Reviews: \(summary.dueNow) due now, \(summary.dueThisWeek) this week; \(summary.right) of \(summary.reviewed) right (\(summary.retention)%)\n"
        case .answer(let text): return paragraph("  ┃ ", text, continuation: "  ┃ ")
        case .cite(let citation): return "  ┃ — lesson \(citation.lesson)/\(citation.lessons) \(citation.title)\(citation.isAhead ? " (ahead of you)" : "") · \(citation.command)\n"
        case .elapsed, .standing, .due: return ""
        case .expect(let expectation, _, _):
            return expectation == .answer ? "your answer› " : "› "
        }
    }
}
