import CourseCatalog
import CourseSearch
import Tutoring
import Dialogue
import Foundation

/// Paths and courses shared by the tests.
enum Fixtures {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let transcripts = packageRoot.appendingPathComponent("Tests/TutoringTests/Transcripts")

    /// The CPython course, parsed from Dialogues/.
    static let cpythonCourse: Course = {
        let path = packageRoot.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        let bytes = (try? CourseFiles.read(file: path).get()) ?? []
        let result = DialogueParser().parse(bytes, file: path)
        guard let course = result.course else {
            fatalError("the CPython course does not parse:\n" + result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return course
    }()

    /// `ask` over the CPython course, as the daemon answers it (the real FTS5 index).
    static let answerer: CourseAnswerer = {
        do {
            return CourseAnswerer(index: try CourseIndex(courses: [cpythonCourse]))
        } catch {
            fatalError("cannot index the CPython course: \(error)")
        }
    }()

    /// A shipped course, parsed from Dialogues/.
    static func course(_ id: String) -> Course {
        if id == "cpython-internals" { return cpythonCourse }
        let path = packageRoot.appendingPathComponent("Dialogues/\(id).dialogue").path
        guard let course = DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course else {
            fatalError("the course \(id) does not parse")
        }
        return course
    }

    /// A conversation on a shipped course as the daemon makes it: with `ask` over that course.
    static func conversation(seed: UInt64, course id: String = "cpython-internals") -> Conversation {
        let course = course(id)
        var conversation = Conversation(course: course, seed: seed)
        conversation.answerer = id == "cpython-internals" ? answerer : CourseAnswerer(index: try! CourseIndex(courses: [course]))
        return conversation
    }
}
