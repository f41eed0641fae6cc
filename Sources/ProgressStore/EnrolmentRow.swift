import Foundation
import GRDB

/// A row of the SQLite file's `enrolment` table, whole: what `StoreCopy` (`tutord
/// migrate-store`) reads to copy it into PostgreSQL.
struct EnrolmentRow: Decodable, FetchableRecord {
    var course: String
    var startedAt: Date
    var finishedAt: Date?
    var xp: Int
    /// The position, in stable ids (``CoursePosition``); `nil` before the first step.
    var lesson: String?
    var lessonIndex: Int?
    var step: Int?
    var node: String?
    var nodeBeat: Int?
    var finished: Bool
    var revision: Int64

    enum CodingKeys: String, CodingKey {
        case course, xp, lesson, step, node, finished, revision
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case lessonIndex = "lesson_index"
        case nodeBeat = "node_beat"
    }

    /// A learner's enrolments (their row id), by course.
    static func all(of learner: Int64, in db: Database) throws -> [EnrolmentRow] {
        try fetchAll(db, sql: "SELECT * FROM enrolment WHERE learner_id = ? ORDER BY course", arguments: [learner])
    }
}
