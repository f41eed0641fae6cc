import Foundation
import GRDB
import PostgresNIO
import SpacedReview
import SystemSupport
import Tutoring

/// `tutord migrate-store`: every learner's progress in an SQLite file copied into a PostgreSQL
/// database, row for row (answers, review log, question states, completed lessons, study
/// days, positions, revisions, the leaderboard choice), in one transaction there: all of it
/// or, on any error, none.
///
/// Learners are known by uid in the file and by user name in PostgreSQL: each uid is named
/// by this machine's user database (so run it where the file was made; a uid without a name
/// here is stored as `uid<N>`). The destination may already hold progress, copied from another
/// machine's file or written by tutords: an enrolment (a learner's course) it already has is
/// kept as it is and reported, never merged, and everything else is added.
public enum StoreCopy {
    /// What a copy did.
    public struct Report: Sendable, Equatable {
        /// Learners with anything copied.
        public var learners = 0
        /// Enrolments (a learner's course) copied.
        public var courses = 0
        public var answers = 0
        public var reviews = 0
        /// Enrolments the destination already had, left as they were: "user/profile course".
        public var kept: [String] = []
    }

    /// Copies everything in `source` into `destination` (see the type's description). The
    /// source is only read; stop the tutord that writes it first, or what it writes after the
    /// copy began is not copied.
    public static func copy(from source: SQLiteProgressStore, to destination: PostgresProgressStore) throws(StoreError) -> Report {
        let learners = try source.read { db in try SourceLearner.readAll(db) }
        return try destination.writer.transaction { connection throws(StoreError) -> Report in
            var report = Report()
            for learner in learners {
                let name = UserDatabase.name(of: learner.uid)
                let key = learner.profile.isEmpty ? name : "\(name)/\(learner.profile)"
                let existing = try connection.fetch("SELECT id FROM learner WHERE user_name = \(name) AND profile = \(learner.profile)").first
                let id: Int64
                if let existing {
                    id = try PostgresLink.decode(existing, Int64.self)
                } else {
                    id = try PostgresLink.decode(try connection.fetch("""
                        INSERT INTO learner (user_name, profile, last_course, created_at, leaderboard_hidden)
                        VALUES (\(name), \(learner.profile), \(learner.lastCourse), \(learner.createdAt), \(learner.hidden)) RETURNING id
                        """)[0], Int64.self)
                }
                var copied = false
                for enrolment in learner.enrolments {
                    let row = enrolment.row
                    let made = try connection.fetch("""
                        INSERT INTO enrolment (learner_id, course, started_at, finished_at, xp, lesson, lesson_index, step, node, node_beat,
                                               finished, revision)
                        VALUES (\(id), \(row.course), \(row.startedAt), \(row.finishedAt), \(row.xp), \(row.lesson),
                                \(row.lessonIndex), \(row.step), \(row.node), \(row.nodeBeat), \(row.finished), \(row.revision))
                        ON CONFLICT (learner_id, course) DO NOTHING RETURNING 1
                        """)
                    guard !made.isEmpty else {
                        report.kept.append("\(key) \(row.course)")
                        continue
                    }
                    copied = true
                    report.courses += 1
                    try copyRows(of: enrolment, learner: id, on: connection, into: &report)
                }
                for day in learner.studyDays {
                    connection.run("INSERT INTO study_day (learner_id, day) VALUES (\(id), \(day)) ON CONFLICT DO NOTHING")
                }
                if copied || existing == nil { report.learners += 1 }
            }
            return report
        }
    }

    private static func copyRows(of enrolment: SourceLearner.Enrolment, learner id: Int64, on connection: PostgresLink.Connection,
                                 into report: inout Report) throws(StoreError) {
        let course = enrolment.row.course
        for answer in enrolment.answers {
            connection.run("""
                INSERT INTO answer (learner_id, course, lesson, question, given, correct, attempt, hint_used, xp, answered_at, kind)
                VALUES (\(id), \(course), \(answer.lesson), \(answer.question), \(answer.given), \(answer.isCorrect), \(answer.attempt),
                        \(answer.usedHint), \(answer.xp), \(StoredTime.rounded(answer.answeredAt)), \(answer.kind.rawValue))
                """)
        }
        report.answers += enrolment.answers.count
        for review in enrolment.reviews {
            connection.run("""
                INSERT INTO review_log (learner_id, course, lesson, question, rating, reviewed_at, in_review, given, xp)
                VALUES (\(id), \(course), \(review.lessonID), \(review.questionID), \(review.rating.rawValue), \(review.at),
                        \(review.isReview), \(review.given), \(review.xp))
                """)
        }
        report.reviews += enrolment.reviews.count
        for question in enrolment.questions {
            connection.run("""
                INSERT INTO question_state (learner_id, course, question, attempts, correct, first_try, revealed, xp, kind, hints_seen)
                VALUES (\(id), \(course), \(question.question), \(question.attempts), \(question.correct), \(question.firstTry),
                        \(question.revealed), \(question.xp), \(question.kind), \(question.hintsSeen))
                """)
        }
        for (lesson, completedAt) in enrolment.completedLessons {
            connection.run("""
                INSERT INTO lesson_completion (learner_id, course, lesson, completed_at) VALUES (\(id), \(course), \(lesson), \(completedAt))
                """)
        }
    }
}

/// One learner as the SQLite file has them, every row, for ``StoreCopy``.
private struct SourceLearner {
    struct Enrolment {
        var row: EnrolmentRow
        var answers: [StoredAnswer]
        var reviews: [CardReview]
        var questions: [CourseProgressExport.Question]
        var completedLessons: [(String, Date)]

        /// An enrolment row and every row of its course.
        static func read(_ row: EnrolmentRow, learner id: Int64, in db: Database) throws -> Enrolment {
            let arguments: StatementArguments = [id, row.course]
            let answers = try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE learner_id = ? AND course = ? ORDER BY id", arguments: arguments)
                .map { row in
                    StoredAnswer(lesson: row["lesson"], question: row["question"], given: row["given"], isCorrect: row["correct"],
                                 attempt: row["attempt"], usedHint: row["hint_used"], xp: row["xp"], answeredAt: row["answered_at"],
                                 kind: AnswerKind(rawValue: row["kind"] as String) ?? .quiz)
                }
            let questions = try CourseProgressExport.Question.fetchAll(
                db, sql: "SELECT * FROM question_state WHERE learner_id = ? AND course = ? ORDER BY question", arguments: arguments)
            let lessons = try Row.fetchAll(db, sql: """
                SELECT lesson, completed_at FROM lesson_completion WHERE learner_id = ? AND course = ? ORDER BY completed_at
                """, arguments: arguments).map { row -> (String, Date) in (row["lesson"], row["completed_at"]) }
            return Enrolment(row: row, answers: answers, reviews: try SourceLearner.reviews(id, row.course, in: db),
                             questions: questions, completedLessons: lessons)
        }
    }

    /// The review log of a learner's course, oldest first.
    fileprivate static func reviews(_ learner: Int64, _ course: String, in db: Database) throws -> [CardReview] {
        try Row.fetchAll(db, sql: """
            SELECT lesson, question, rating, reviewed_at, in_review, given, xp FROM review_log
            WHERE learner_id = ? AND course = ? ORDER BY id
            """, arguments: [learner, course]).map { row in
            CardReview(lessonID: row["lesson"], questionID: row["question"], rating: Rating(rawValue: row["rating"]) ?? .again,
                       at: row["reviewed_at"], isReview: row["in_review"], given: row["given"], xp: row["xp"])
        }
    }

    var uid: UInt32
    var profile: String
    var lastCourse: String?
    var createdAt: Date
    var hidden: Bool
    var studyDays: [String]
    var enrolments: [Enrolment]

    static func readAll(_ db: Database) throws -> [SourceLearner] {
        try Row.fetchAll(db, sql: "SELECT * FROM learner ORDER BY id").map { row in
            let id: Int64 = row["id"]
            let enrolments = try EnrolmentRow.all(of: id, in: db).map { row in try Enrolment.read(row, learner: id, in: db) }
            return SourceLearner(
                uid: UInt32(row["uid"] as Int64), profile: row["profile"], lastCourse: row["last_course"], createdAt: row["created_at"],
                hidden: row["leaderboard_hidden"],
                studyDays: try String.fetchAll(db, sql: "SELECT day FROM study_day WHERE learner_id = ? ORDER BY day", arguments: [id]),
                enrolments: enrolments)
        }
    }
}
