import CourseSearch
import Dialogue
import Foundation
import Tutoring

/// One walk through a course, as `tutord walk` drives it: a conversation of nobody's saved
/// progress, with `ask` answered from the course, started at its beginning or at a lesson.
struct CourseWalk {
    private var conversation: Conversation

    /// A walk from the start, or from the start of the lesson `lessonID` (when the course has it).
    init(course: Course, atLesson lessonID: String? = nil) {
        var progress = LearnerProgress()
        if let lessonID, let index = course.lessonIndex(id: lessonID) {
            progress.position = CoursePosition(lessonID: lessonID, lessonIndex: index, step: 0)
        }
        conversation = Conversation(course: course, progress: progress, seed: Conversation.phrasingSeed(profile: "", course: course.id))
        conversation.answerer = try? CourseAnswerer(index: CourseIndex(courses: [course]))  // `ask` works here too
    }

    /// The lesson the walk is at.
    var lessonID: String { conversation.position.lessonID }

    mutating func open() -> Response { conversation.open(at: Self.now()) }

    mutating func respond(to line: String) -> Response { conversation.respond(to: line, at: Self.now()) }

    /// Whether a line typed at a walk ends it.
    static func isQuit(_ line: String) -> Bool { ["quit", "exit", "/quit"].contains(line.lowercased()) }

    /// The real time: cards come due during a walk as they would in the daemon (not saved).
    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
