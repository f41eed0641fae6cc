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

    /// A conversation on the CPython course as the daemon makes it: with `ask`.
    static func conversation(seed: UInt64) -> Conversation {
        var conversation = Conversation(course: cpythonCourse, seed: seed)
        conversation.answerer = answerer
        return conversation
    }
}
