import Foundation
import GRDB
import Tutoring

/// What leaderboards and teachers' reports are made of: every learner's totals, read in one
/// pass over the store.
public struct LearnerTotals: Sendable, Equatable {
    public var learner: LearnerID
    public var xp: Int
    public var lessonsDone: Int
    /// Questions right at the first try, and questions tried (answered, or answer shown).
    public var firstTry: Int
    public var questionsTried: Int
    public var streak: Int
    /// The last time the learner answered, reviewed or opened a course.
    public var lastActive: Date?
    public var isHidden: Bool
}

/// A question many learners missed: the class's weak spots.
public struct MissedQuestion: Sendable, Equatable {
    public var course: String
    public var question: String
    /// Learners who did not get it right on the first try, of those who answered it.
    public var missed: Int
    public var answered: Int
}

extension SQLiteProgressStore {
    /// Every learner's totals, in one course or in all; `since` counts only the XP earned from
    /// then on (a weekly leaderboard). `uid` limits it to one user's profiles.
    public func learnerTotals(course: String?, since: Date? = nil, uid: UInt32? = nil, today: Date) throws(StoreError) -> [LearnerTotals] {
        let learners: [(id: Int64, learner: LearnerID, hidden: Bool)] = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, uid, profile, leaderboard_hidden FROM learner" + (uid == nil ? "" : " WHERE uid = ?"),
                             arguments: uid.map { [Int64($0)] } ?? []).map { row in
                (row["id"], LearnerID(uid: UInt32(row["uid"] as Int64), profile: row["profile"]), row["leaderboard_hidden"])
            }
        }
        var totals: [LearnerTotals] = []
        for (id, learner, hidden) in learners {
            let courseFilter = course == nil ? "" : " AND course = ?"
            var arguments: StatementArguments = [id]
            if let course { arguments += [course] }
            let row: Row = try read { db in
                let xp: Int
                if let since {
                    let seconds = Int64(since.timeIntervalSince1970)
                    var sinceArguments = arguments
                    sinceArguments += [since]
                    var reviewArguments = arguments
                    reviewArguments += [seconds]
                    let answers = try Int.fetchOne(db, sql: "SELECT coalesce(sum(xp), 0) FROM answer WHERE learner_id = ?\(courseFilter) AND answered_at >= ?", arguments: sinceArguments) ?? 0
                    let reviews = try Int.fetchOne(db, sql: "SELECT coalesce(sum(xp), 0) FROM review_log WHERE learner_id = ?\(courseFilter) AND reviewed_at >= ?", arguments: reviewArguments) ?? 0
                    xp = answers + reviews
                } else {
                    xp = try Int.fetchOne(db, sql: "SELECT coalesce(sum(xp), 0) FROM enrolment WHERE learner_id = ?\(courseFilter)", arguments: arguments) ?? 0
                }
                return try Row.fetchOne(db, sql: """
                    SELECT ? AS xp,
                      (SELECT count(*) FROM lesson_completion WHERE learner_id = ?\(courseFilter)) AS lessons,
                      (SELECT coalesce(sum(first_try), 0) FROM question_state WHERE learner_id = ?\(courseFilter)) AS first_try,
                      (SELECT count(*) FROM question_state WHERE learner_id = ?\(courseFilter) AND (attempts > 0 OR revealed)) AS tried,
                      (SELECT max(answered_at) FROM answer WHERE learner_id = ?\(courseFilter)) AS last_answer,
                      (SELECT max(reviewed_at) FROM review_log WHERE learner_id = ?\(courseFilter)) AS last_review,
                      (SELECT max(started_at) FROM enrolment WHERE learner_id = ?\(courseFilter)) AS last_start
                    """, arguments: [xp] + arguments + arguments + arguments + arguments + arguments + arguments)!
            }
            let lastReview = (row["last_review"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) }
            let last = [row["last_answer"] as Date?, lastReview, row["last_start"] as Date?].compactMap { $0 }.max()
            // Learners with nothing in this course are not on its board.
            if course != nil && last == nil { continue }
            totals.append(LearnerTotals(learner: learner, xp: row["xp"], lessonsDone: row["lessons"], firstTry: row["first_try"],
                                        questionsTried: row["tried"], streak: try streak(for: learner, today: today),
                                        lastActive: last, isHidden: hidden))
        }
        return totals
    }

    /// The questions most learners missed (not right on the first try), worst first.
    public func missedQuestions(course: String?, limit: Int = 5) throws(StoreError) -> [MissedQuestion] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT course, question, sum(NOT first_try) AS missed, count(*) AS answered FROM question_state
                WHERE attempts > 0\(course == nil ? "" : " AND course = ?")
                GROUP BY course, question HAVING missed > 0
                ORDER BY missed DESC, answered DESC, course, question LIMIT ?
                """, arguments: (course.map { [$0] } ?? []) + [limit]).map { row in
                MissedQuestion(course: row["course"], question: row["question"], missed: row["missed"], answered: row["answered"])
            }
        }
    }
}
