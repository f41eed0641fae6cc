import Foundation
import Tutoring

/// What leaderboards and reports read, once for both stores: each total is one grouped query
/// over every learner, so a class costs the same number of queries whatever its size; or, for
/// one user, over that user's rows only, found by index (``TotalsStatements``).
extension ProgressTables {
    func learnerTotals(course: String?, since: Date?, uid: UInt32?, today: Date) throws(StoreError) -> [LearnerTotals] {
        try dialect.read { connection throws(StoreError) in
            let inCourse: [StoreValue] = [.optional(course), .optional(course)]
            // One user's rows by the indexes on learner_id; the class's by reading the tables.
            let statements = uid == nil ? sql.classTotals : sql.userTotals
            let ofUser = uid.map { [dialect.key(ofUser: $0)] } ?? []
            let learners = try query(statements.learners, ofUser, on: connection)
            /// The rows of a grouped query by their first column, the learner's row id.
            func byLearner(_ statement: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> [Int64: StoreRow] {
                var rows: [Int64: StoreRow] = [:]
                for row in try query(statement, values, on: connection) { rows[row[0].int64] = row }
                return rows
            }
            let sinceTime: StoreValue = since.map { dialect.time($0) } ?? .null
            let sinceSeconds: StoreValue = since.map { .integer(Int64($0.timeIntervalSince1970)) } ?? .null
            // Up to now too: what is stamped later (a clock that was set forward) is not earned yet.
            let nowTime = dialect.time(today)
            let nowSeconds = StoreValue.integer(Int64(today.timeIntervalSince1970))
            let enrolments = try byLearner(statements.enrolments, inCourse + ofUser)
            // Exercises' XP over the same span as the XP: since a time up to now, or all of it.
            let exerciseSpan = since == nil ? [dialect.time(Date(timeIntervalSince1970: 0)), dialect.time(Self.endOfTime)] : [sinceTime, nowTime]
            let answers = try byLearner(statements.answers, [sinceTime, nowTime] + exerciseSpan + inCourse + ofUser)
            let reviews = try byLearner(statements.reviews, [sinceSeconds, nowSeconds] + inCourse + ofUser)
            let lessons = try byLearner(statements.lessons, inCourse + ofUser)
            let questions = try byLearner(statements.questions, inCourse + ofUser)
            var days: [Int64: Set<String>] = [:]
            for row in try query(statements.studyDays, ofUser, on: connection) { days[row[0].int64, default: []].insert(row[1].text) }

            var totals: [LearnerTotals] = []
            // id, key, profile, leaderboard_hidden
            for row in learners {
                guard let learner = dialect.learner(key: row[1], profile: row[2].text) else { continue }
                let id = row[0].int64
                let enrolment = enrolments[id], answer = answers[id], review = reviews[id]
                let lastActive = [answer?[2].date, review.map { Date(timeIntervalSince1970: TimeInterval($0[2].int64)) },
                                  enrolment?[2].date].compactMap { $0 }.max()
                // Learners with nothing in this course are not on its board.
                if course != nil && lastActive == nil { continue }
                // Since a time: the XP of what was answered and reviewed from then up to now;
                // otherwise the enrolments' totals.
                let xp = since == nil ? enrolment?[1].int ?? 0 : (answer?[1].int ?? 0) + (review?[1].int ?? 0)
                totals.append(LearnerTotals(
                    learner: learner, xp: xp, exerciseXP: answer?[3].int ?? 0, lessonsDone: lessons[id]?[1].int ?? 0, firstTry: questions[id]?[1].int ?? 0,
                    questionsTried: questions[id]?[2].int ?? 0, streak: StudyStreak.length(days[id] ?? [], today: today),
                    lastActive: lastActive, isHidden: row[3].bool))
            }
            return totals.sorted { ($0.learner.uid, $0.learner.profile) < ($1.learner.uid, $1.learner.profile) }
        }
    }

    /// Later than any answer's time (the year 3000): the end of an all-time span.
    static var endOfTime: Date { Date(timeIntervalSince1970: 32_503_680_000) }

    func missedQuestions(course: String?, limit: Int) throws(StoreError) -> [MissedQuestion] {
        try dialect.read { connection throws(StoreError) in
            try query(sql.missedQuestions, [.optional(course), .optional(course), .int(limit)], on: connection).map { row in
                MissedQuestion(course: row[0].text, question: row[1].text, missed: row[2].int, answered: row[3].int)
            }
        }
    }
}
