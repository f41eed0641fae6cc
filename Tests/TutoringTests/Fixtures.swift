import CourseCatalog
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
}
