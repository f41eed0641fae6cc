import Dialogue
import CourseCatalog
import Foundation
import ProgressStore
import SpacedReview
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// The review workload's starting point: learners `bench-0`... (of the user running the
/// benchmark) who met every question of the CPython course a month ago, so all are due.
enum ReviewHistory {
    static func prepare(_ database: String, learners: Int, dialogues: String = "Dialogues") throws {
        let path = dialogues + "/cpython-internals.dialogue"
        guard let course = DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course else {
            throw BenchError("cannot read the course at \(path)")
        }
        let store = try SQLiteProgressStore.open(path: database)
        let monthAgo = Int64(Date().timeIntervalSince1970) - 30 * 86_400
        let writes = (0..<learners).map { index in
            let events = course.lessons.flatMap { lesson in
                lesson.questions.map { question in
                    TutoringEvent.cardReviewed(CardReview(lessonID: lesson.id, questionID: question.id, rating: .good,
                                                          at: monthAgo, isReview: false, given: "1"))
                }
            }
            return ProgressWrite(learner: LearnerID(uid: getuid(), profile: "bench-\(index)"), course: course.id, events: events,
                                 date: Date(timeIntervalSince1970: TimeInterval(monthAgo)), opensCourse: true)
        }
        try store.record(writes)
    }
}
