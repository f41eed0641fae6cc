import ArgumentParser
import CourseCatalog
import Dialogue
import Foundation
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
        let events = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard events >= 0 else { return try fail("cannot watch files: \(String(cString: strerror(errno)))") }
        defer { close(events) }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard inotify_add_watch(events, folder.isEmpty ? "." : folder, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0 else {
            return try fail("cannot watch \(folder.isEmpty ? "." : folder): \(String(cString: strerror(errno)))")
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
                               pollfd(fd: events, events: Int16(POLLIN), revents: 0)]
            let timeout = due.map { Self.milliseconds(until: $0) } ?? -1
            let ready = poll(&descriptors, 2, Int32(timeout))
            if ready < 0 {
                if errno == EINTR { continue }
                return try fail("cannot wait for input: \(String(cString: strerror(errno)))")
            }
            if descriptors[1].revents != 0, Self.namesSaved(in: events).contains(name) {
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

    /// The names of the files the pending inotify events are about (read until none is left).
    private static func namesSaved(in descriptor: CInt) -> [String] {
        var names: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return names }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let length = buffer.withUnsafeBytes { raw in
                    Int(raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self).len)
                }
                let nameBytes = buffer[(offset + header)..<min(offset + header + length, count)].prefix { $0 != 0 }
                names.append(String(decoding: nameBytes, as: UTF8.self))
                offset += header + length
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
