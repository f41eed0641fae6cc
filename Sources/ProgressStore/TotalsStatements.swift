/// The statements of a class's totals (``ProgressTables/learnerTotals(course:since:uid:today:)``)
/// for one set of learners: every learner (the class), or one user's profiles (the asker's own
/// row on a classroom's board, or a user's own daemon).
///
/// Two sets, not one statement with the user left open (`? IS NULL OR learner_id IN (…)`): a
/// condition that may be true for every row cannot pick rows by an index, so one user's read
/// scanned the class (issue #36). The user's set picks their rows by `learner_id`, the first
/// column of every table's key or index (`enrolment`, `question_state`, `lesson_completion`,
/// `study_day`: the primary key; `answer_by_learner`; `review_log_by_learner`).
///
/// Every statement but ``learners`` and ``studyDays`` takes, after its own values, the course
/// (twice; null for every course); then, in the user's set, the user's key once. ``learners``
/// and ``studyDays`` take only the user's key (nothing in the class's set).
struct TotalsStatements: Sendable {
    /// id, key, profile, leaderboard_hidden.
    let learners: StoreSQL
    /// Per learner: XP, last start.
    let enrolments: StoreSQL
    /// Per learner: XP of answers from a time (none when it is null: the first value) up to
    /// now (the second value; an answer stamped later, by a clock set forward, is not earned
    /// yet), last answer, and the XP of exercises' answers between two times (the third and
    /// fourth values).
    let answers: StoreSQL
    /// Per learner: XP of reviews from a time in seconds (none when it is null: the first
    /// value) up to now in seconds (the second), last review.
    let reviews: StoreSQL
    /// Per learner: lessons completed.
    let lessons: StoreSQL
    /// Per learner: quiz questions right at the first try, quiz questions tried (exercises
    /// are not questions: their passes are self-reported).
    let questions: StoreSQL
    /// Learners' study days (for their streaks).
    let studyDays: StoreSQL

    /// The class's set: every learner.
    static func everyLearner(learnerKey key: String) -> TotalsStatements {
        TotalsStatements(learners: "SELECT id, \(key), profile, leaderboard_hidden FROM learner", ofLearners: nil)
    }

    /// One user's set: the learners whose key column is the value given.
    static func oneUser(learnerKey key: String) -> TotalsStatements {
        TotalsStatements(learners: "SELECT id, \(key), profile, leaderboard_hidden FROM learner WHERE \(key) = ?",
                         ofLearners: "learner_id IN (SELECT id FROM learner WHERE \(key) = ?)")
    }

    /// `ofLearners`: the condition on `learner_id` that picks the set's rows, or `nil` for all.
    private init(learners: String, ofLearners: String?) {
        let inCourse = "(CAST(? AS TEXT) IS NULL OR course = ?)"
        let rows = ofLearners.map { "\(inCourse) AND \($0)" } ?? inCourse
        self.learners = StoreSQL(learners)
        enrolments = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(xp), 0) AS BIGINT), max(started_at) FROM enrolment
            WHERE \(rows) GROUP BY learner_id
            """)
        answers = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(CASE WHEN answered_at >= ? AND answered_at <= ? THEN xp ELSE 0 END), 0) AS BIGINT), max(answered_at),
              CAST(coalesce(sum(CASE WHEN kind = 'exercise' AND answered_at >= ? AND answered_at <= ? THEN xp ELSE 0 END), 0) AS BIGINT)
            FROM answer WHERE \(rows) GROUP BY learner_id
            """)
        reviews = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(CASE WHEN reviewed_at >= ? AND reviewed_at <= ? THEN xp ELSE 0 END), 0) AS BIGINT), max(reviewed_at)
            FROM review_log WHERE \(rows) GROUP BY learner_id
            """)
        lessons = StoreSQL("""
            SELECT learner_id, count(*) FROM lesson_completion WHERE \(rows) GROUP BY learner_id
            """)
        questions = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(CASE WHEN first_try THEN 1 ELSE 0 END), 0) AS BIGINT),
              CAST(coalesce(sum(CASE WHEN attempts > 0 OR revealed THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM question_state WHERE kind = 'quiz' AND \(rows) GROUP BY learner_id
            """)
        studyDays = StoreSQL("SELECT learner_id, day FROM study_day" + (ofLearners.map { " WHERE \($0)" } ?? ""))
    }

    /// Every statement, with a name (for tests of their plans).
    var all: [(name: String, sql: StoreSQL)] {
        [("learners", learners), ("enrolments", enrolments), ("answers", answers), ("reviews", reviews),
         ("lessons", lessons), ("questions", questions), ("studyDays", studyDays)]
    }
}
