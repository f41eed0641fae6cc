import ArgumentParser
import CourseCatalog
import Dialogue
import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `tutord walk --watch FILE`: a walk of a course file that starts again each time the file is
/// saved, at the lesson being edited, and shows the file's errors while it does not parse.
///
/// Saves are seen with inotify on the file's folder, not on the file: editors often write a
/// new file and rename it over the old one, which a watch on the old file would never see.
/// A save is acted on once no other event of the file came for `settle` (an editor's save may
/// be several writes). Input and saves are waited for together with poll(2), on one thread.
struct CourseWatch {
    let path: String
    let formatter: PlainTurnFormatter
    var settle: Duration = .milliseconds(100)

    func run() throws {
        let folder = (path as NSString).deletingLastPathComponent
        let saves: SaveWatch
        do {
            saves = try SaveWatch(folder: folder.isEmpty ? "." : folder, file: (path as NSString).lastPathComponent)
        } catch {
            return try fail(error.description)
        }
        var text = ""
        var walk: CourseWalk?
        var walkedLesson: String?  // where the walk was, kept while the file does not parse
        /// Reads the file again and starts the walk at the lesson edited, or shows the errors.
        func reload(announcing: Bool) {
            let read = CourseFiles.read(file: path)
            let newText = String(decoding: (try? read.get()) ?? [], as: UTF8.self)
            let edited = EditedLesson.id(old: text, new: newText)
            text = newText
            let (course, diagnostics) = switch read {
            case .success(let bytes): CourseArgument.parse(bytes, file: path)
            case .failure(let problem): (nil as Course?, [problem.diagnostic])
            }
            guard let course else {
                walkedLesson = walk?.lessonID ?? walkedLesson
                walk = nil
                writeOut("\n── \(path) does not parse; fix it and save ──\n"
                         + diagnostics.map { $0.description + "\n" }.joined())
                return
            }
            // The first walk starts at the beginning; later ones at the lesson edited.
            let lesson = !announcing ? nil : [edited, walk?.lessonID ?? walkedLesson].compactMap { $0 }.first { course.lessonIndex(id: $0) != nil }
            if announcing {
                writeOut("\n── \(path) saved: walking it again\(lesson.map { " from lesson `\($0)`" } ?? "") ──\n")
            }
            var fresh = CourseWalk(course: course, atLesson: lesson)
            formatter.print(fresh.open())
            walk = fresh
        }

        reload(announcing: false)
        var input = InputLines()
        var due: ContinuousClock.Instant?
        while true {
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: saves.descriptor, events: Int16(POLLIN), revents: 0)]
            let timeout = due.map { Self.milliseconds(until: $0) } ?? -1
            let ready = poll(&descriptors, 2, Int32(timeout))
            if ready < 0 {
                if errno == EINTR { continue }
                return try fail("cannot wait for input: \(String(cString: strerror(errno)))")
            }
            if descriptors[1].revents != 0, saves.drain() {
                due = .now + settle
            }
            if let instant = due, instant <= .now {
                due = nil
                reload(announcing: true)
            }
            if descriptors[0].revents != 0 {
                guard let lines = input.read(from: STDIN_FILENO) else { return }  // end of input
                for line in lines {
                    if CourseWalk.isQuit(line) { return }
                    if var current = walk {
                        formatter.print(current.respond(to: line))
                        walk = current
                    } else {
                        writeOut("(\(path) does not parse; fix it and save, and the walk comes back)\n")
                    }
                }
            }
        }
    }

    private static func milliseconds(until instant: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: instant)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    private func fail(_ message: String) throws {
        printError("tutord: \(message)")
        throw ExitCode.failure
    }
}
