import Foundation
import SpacedReview
import Tutoring

/// A learner's reads, once for both stores.
extension ProgressTables {
    /// Runs a read's query (counted, for the tests of how many queries a read takes).
    func query(_ statement: StoreSQL, _ values: [StoreValue], on connection: Dialect.Connection) throws(StoreError) -> [StoreRow] {
        queriesRead.add(1, ordering: .relaxed)
        return try connection.rows(statement, values)
    }

    /// The learner's row id, or `nil` if they never wrote anything.
    private func row(of learner: LearnerID, on connection: Dialect.Connection) throws(StoreError) -> Int64? {
        try query(sql.learnerID, [dialect.key(ofUser: learner.uid), .text(learner.profile)], on: connection).first?.first?.int64
    }

    func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress? {
        try dialect.read { connection throws(StoreError) in
            guard let id = try row(of: learner, on: connection),
                  let enrolment = try query(sql.enrolment, [.integer(id), .text(course)], on: connection).first else { return nil }
            var progress = LearnerProgress()
            // The cards first, by the same fold the conversation uses: the fold adds review XP,
            // which the enrolment's total below already counts.
            for review in try reviews(id, course, on: connection) { progress.apply(.cardReviewed(review)) }
            // xp, started_at, finished_at, lesson, lesson_index, step, node, node_beat, finished, revision
            progress.xp = enrolment[0].int
            let finished = enrolment[2].date
            progress.isCourseCompleted = finished != nil
            progress.startedAt = enrolment[1].date.map { Int64($0.timeIntervalSince1970) }
            progress.finishedAt = finished.map { Int64($0.timeIntervalSince1970) }
            if let lesson = enrolment[3].optionalText {
                progress.position = CoursePosition(lessonID: lesson, lessonIndex: enrolment[4].int, step: enrolment[5].int,
                                                   nodeID: enrolment[6].optionalText, nodeBeat: enrolment[7].int, isFinished: enrolment[8].bool)
            }
            progress.completedLessons = Set(try query(sql.completedLessons, [.integer(id), .text(course)], on: connection).map { $0[0].text })
            // question, attempts, correct, first_try, revealed, xp
            for row in try query(sql.questions, [.integer(id), .text(course)], on: connection) {
                progress.questions[row[0].text] = Self.questionProgress(Array(row[1...]))
            }
            return StoredProgress(progress: progress, revision: enrolment[9].int64)
        }
    }

    /// The review log of a learner's course, oldest first.
    private func reviews(_ id: Int64, _ course: String, on connection: Dialect.Connection) throws(StoreError) -> [CardReview] {
        try query(sql.reviews, [.integer(id), .text(course)], on: connection).map(Self.cardReview)
    }

    /// A row of the review log: lesson, question, rating, reviewed_at, in_review, given, xp.
    private static func cardReview(_ row: StoreRow) -> CardReview {
        CardReview(lessonID: row[0].text, questionID: row[1].text, rating: Rating(rawValue: row[2].int) ?? .again, at: row[3].int64,
                   isReview: row[4].bool, given: row[5].optionalText, xp: row[6].int)
    }

    func learners() throws(StoreError) -> [LearnerID] {
        try dialect.read { connection throws(StoreError) in
            try query(sql.learners, [], on: connection).compactMap { row in dialect.learner(key: row[0], profile: row[1].text) }
                .sorted { ($0.uid, $0.profile) < ($1.uid, $1.profile) }
        }
    }

    func lastCourse(for learner: LearnerID) throws(StoreError) -> String? {
        try dialect.read { connection throws(StoreError) in
            try query(sql.lastCourse, [dialect.key(ofUser: learner.uid), .text(learner.profile)], on: connection).first?[0].optionalText
        }
    }

    func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String> {
        try dialect.read { connection throws(StoreError) in
            guard let id = try row(of: learner, on: connection) else { return [] }
            return Set(try query(sql.studyDays, [.integer(id)], on: connection).map { $0[0].text })
        }
    }

    func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer] {
        try dialect.read { connection throws(StoreError) in
            guard let id = try row(of: learner, on: connection) else { return [] }
            return try answers(id, course, on: connection)
        }
    }

    private func answers(_ id: Int64, _ course: String, on connection: Dialect.Connection) throws(StoreError) -> [StoredAnswer] {
        try query(sql.answers, [.integer(id), .text(course)], on: connection).map { row throws(StoreError) in
            // lesson, question, given, correct, attempt, hint_used, xp, answered_at
            guard let answeredAt = row[7].date else { throw StoreError(.io, "cannot read progress: an answer has no time") }
            return StoredAnswer(lesson: row[0].text, question: row[1].text, given: row[2].text, isCorrect: row[3].bool, attempt: row[4].int,
                                usedHint: row[5].bool, xp: row[6].int, answeredAt: answeredAt, kind: AnswerKind(rawValue: row[8].text) ?? .quiz)
        }
    }

    func progressExport(_ learner: LearnerID) throws(StoreError) -> ProgressExport {
        try dialect.read { connection throws(StoreError) in
            var export = ProgressExport(uid: Int(learner.uid), profile: learner.profile, lastCourse: nil, studyDays: [], courses: [])
            guard let id = try row(of: learner, on: connection) else { return export }
            for var course in try courseHeads(id, on: connection) {
                course.answers = try answers(id, course.course, on: connection).map(CourseProgressExport.Answer.init)
                let reviewLog = try reviews(id, course.course, on: connection)
                course.reviews = reviewLog.map(CourseProgressExport.Review.init)
                course.cards = CourseProgressExport.cards(scheduledBy: reviewLog)
                export.courses.append(course)
            }
            export.studyDays = try query(sql.studyDays, [.integer(id)], on: connection).map { $0[0].text }
            export.lastCourse = try query(sql.lastCourseOfRow, [.integer(id)], on: connection).first?[0].optionalText
            return export
        }
    }

    /// Every course of a learner's export without its answers, review log and cards: what
    /// the course's size bounds (its lessons and questions), not the learner's history.
    private func courseHeads(_ id: Int64, on connection: Dialect.Connection) throws(StoreError) -> [CourseProgressExport] {
        // course, xp, started_at, finished_at, lesson, step, node, finished
        try query(sql.enrolments, [.integer(id)], on: connection).map { enrolment throws(StoreError) in
            let course = enrolment[0].text
            let both: [StoreValue] = [.integer(id), .text(course)]
            guard let startedAt = enrolment[2].date else { throw StoreError(.io, "cannot read progress: an enrolment has no start") }
            return CourseProgressExport(
                course: course, xp: enrolment[1].int, startedAt: startedAt, finishedAt: enrolment[3].date,
                completedLessons: try query(sql.completedLessons, both, on: connection).map { $0[0].text },
                position: enrolment[4].optionalText.map { .init(lesson: $0, step: enrolment[5].int, node: enrolment[6].optionalText,
                                                                finished: enrolment[7].bool) },
                questions: try query(sql.questions, both, on: connection).map { row in
                    CourseProgressExport.Question(question: row[0].text, attempts: row[1].int, correct: row[2].bool,
                                                  firstTry: row[3].bool, revealed: row[4].bool, xp: row[5].int,
                                                  kind: row[7].text, hintsSeen: row[6].int)
                },
                answers: [], reviews: [], cards: [])
        }
    }
}

/// An export read in pages (``ExportStream``).
extension ProgressTables: ExportPageReading {
    func exportHead(_ learner: LearnerID) throws(StoreError) -> ExportHead {
        try dialect.read { connection throws(StoreError) in
            var head = ExportHead(document: ProgressExport(uid: Int(learner.uid), profile: learner.profile, lastCourse: nil,
                                                           studyDays: [], courses: []))
            guard let id = try row(of: learner, on: connection) else { return head }
            head.learnerRow = id
            head.document.courses = try courseHeads(id, on: connection)
            head.document.studyDays = try query(sql.studyDays, [.integer(id)], on: connection).map { $0[0].text }
            head.document.lastCourse = try query(sql.lastCourseOfRow, [.integer(id)], on: connection).first?[0].optionalText
            head.newestAnswer = try query(sql.newestAnswer, [], on: connection).first?.first?.int64 ?? 0
            head.newestReview = try query(sql.newestReview, [], on: connection).first?.first?.int64 ?? 0
            return head
        }
    }

    func answerPage(_ learnerRow: Int64, _ course: String, after: Int64, through: Int64,
                    limit: Int) throws(StoreError) -> [(id: Int64, answer: CourseProgressExport.Answer)] {
        try dialect.read { connection throws(StoreError) in
            try query(sql.answerPage, [.integer(learnerRow), .text(course), .integer(after), .integer(through), .int(limit)],
                      on: connection).map { row throws(StoreError) in
                // id, lesson, question, given, correct, attempt, hint_used, xp, answered_at
                guard let answeredAt = row[8].date else { throw StoreError(.io, "cannot read progress: an answer has no time") }
                return (row[0].int64, CourseProgressExport.Answer(lesson: row[1].text, question: row[2].text, given: row[3].text,
                                                                  correct: row[4].bool, attempt: row[5].int, hintUsed: row[6].bool,
                                                                  xp: row[7].int, answeredAt: answeredAt, kind: row[9].text))
            }
        }
    }

    func reviewPage(_ learnerRow: Int64, _ course: String, after: Int64, through: Int64,
                    limit: Int) throws(StoreError) -> [(id: Int64, review: CardReview)] {
        try dialect.read { connection throws(StoreError) in
            try query(sql.reviewPage, [.integer(learnerRow), .text(course), .integer(after), .integer(through), .int(limit)],
                      on: connection).map { row in
                // id, lesson, question, rating, reviewed_at, in_review, given, xp
                (row[0].int64, Self.cardReview(Array(row[1...])))
            }
        }
    }
}
