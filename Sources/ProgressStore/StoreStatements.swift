/// Every statement of the store algorithms (``ProgressTables``), in SQL both SQLite and
/// PostgreSQL run: the same tables and columns, `?` placeholders, `CAST(… AS BIGINT)` where
/// PostgreSQL would sum into `numeric`, `CASE` where it would not add booleans, and
/// `CAST(? AS TEXT) IS NULL` where a course or a user may be left open. The one difference is
/// the learner table's key column and its type (`uid`, or `user_name`:
/// ``StoreDialect/key(ofUser:)``).
///
/// Each store makes one of these, once (every ``StoreSQL`` takes a slot of its own). The
/// enrolment's statement is in ``EnrolmentSQL``.
struct StoreStatements: Sendable {
    // MARK: The write path
    /// A course reset: every row of the learner in the course, table by table.
    let resetCourse = ["enrolment", "answer", "question_state", "lesson_completion", "review_log"].map {
        StoreSQL("DELETE FROM \($0) WHERE learner_id = ? AND course = ?")
    }
    let hideLearner = StoreSQL("UPDATE learner SET leaderboard_hidden = ? WHERE id = ?")
    let openCourse = StoreSQL("UPDATE learner SET last_course = ? WHERE id = ?")
    /// The learner's row id, made on their first write: key, profile, created_at. DO UPDATE,
    /// not DO NOTHING: RETURNING gives the row of an existing learner only then. It sets a
    /// column outside every key: in PostgreSQL, setting a key column (even to itself) locks the
    /// row against the foreign-key checks of another tutord's writes of that learner, and the
    /// two deadlocked.
    let learnerRow: StoreSQL
    let insertAnswer = StoreSQL("""
        INSERT INTO answer (learner_id, course, lesson, question, given, correct, attempt, hint_used, xp, answered_at, kind)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    /// A question's row as the write path reads it: attempts, correct, first_try, revealed, xp, hints_seen.
    let readQuestion = StoreSQL("""
        SELECT attempts, correct, first_try, revealed, xp, hints_seen FROM question_state
        WHERE learner_id = ? AND course = ? AND question = ?
        """)
    let writeQuestion = StoreSQL("""
        INSERT INTO question_state (learner_id, course, question, attempts, correct, first_try, revealed, xp, kind, hints_seen)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (learner_id, course, question) DO UPDATE SET
          attempts = excluded.attempts, correct = excluded.correct, first_try = excluded.first_try,
          revealed = excluded.revealed, xp = excluded.xp, kind = excluded.kind, hints_seen = excluded.hints_seen
        """)
    let insertReview = StoreSQL("""
        INSERT INTO review_log (learner_id, course, lesson, question, rating, reviewed_at, in_review, given, xp)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let completeLesson = StoreSQL("""
        INSERT INTO lesson_completion (learner_id, course, lesson, completed_at) VALUES (?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """)
    let studyDay = StoreSQL("INSERT INTO study_day (learner_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING")

    // MARK: A learner's reads
    /// key, profile → id
    let learnerID: StoreSQL
    /// key, profile → last_course
    let lastCourse: StoreSQL
    let learners: StoreSQL
    let enrolment = StoreSQL("""
        SELECT xp, started_at, finished_at, lesson, lesson_index, step, node, node_beat, finished, revision
        FROM enrolment WHERE learner_id = ? AND course = ?
        """)
    let enrolments = StoreSQL("""
        SELECT course, xp, started_at, finished_at, lesson, step, node, finished FROM enrolment WHERE learner_id = ? ORDER BY course
        """)
    let reviews = StoreSQL("""
        SELECT lesson, question, rating, reviewed_at, in_review, given, xp FROM review_log
        WHERE learner_id = ? AND course = ? ORDER BY id
        """)
    let completedLessons = StoreSQL("SELECT lesson FROM lesson_completion WHERE learner_id = ? AND course = ? ORDER BY completed_at, lesson")
    let questions = StoreSQL("""
        SELECT question, attempts, correct, first_try, revealed, xp, hints_seen, kind FROM question_state
        WHERE learner_id = ? AND course = ? ORDER BY question
        """)
    let answers = StoreSQL("""
        SELECT lesson, question, given, correct, attempt, hint_used, xp, answered_at, kind FROM answer
        WHERE learner_id = ? AND course = ? ORDER BY id
        """)
    let studyDays = StoreSQL("SELECT day FROM study_day WHERE learner_id = ? ORDER BY day")

    // MARK: An export in pages: keyset on id, up to the newest id when the export began
    let newestAnswer = StoreSQL("SELECT coalesce(max(id), 0) FROM answer")
    let newestReview = StoreSQL("SELECT coalesce(max(id), 0) FROM review_log")
    /// learner, course, after id, up to id, limit
    let answerPage = StoreSQL("""
        SELECT id, lesson, question, given, correct, attempt, hint_used, xp, answered_at, kind FROM answer
        WHERE learner_id = ? AND course = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?
        """)
    /// learner, course, after id, up to id, limit
    let reviewPage = StoreSQL("""
        SELECT id, lesson, question, rating, reviewed_at, in_review, given, xp FROM review_log
        WHERE learner_id = ? AND course = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?
        """)
    let lastCourseOfRow = StoreSQL("SELECT last_course FROM learner WHERE id = ?")

    // MARK: The class's totals: one statement each, for every learner at once
    // Each takes the course (twice; null for every course), then a user's key (twice; null
    // for every user).
    /// id, key, profile, leaderboard_hidden. The user's key (twice).
    let totalsLearners: StoreSQL
    /// Per learner: XP, last start.
    let enrolmentTotals: StoreSQL
    /// Per learner: XP of answers from a time (none when it is null: the first value) up to
    /// now (the second value; an answer stamped later, by a clock set forward, is not earned
    /// yet), last answer, and the XP of exercises' answers between two times (the third and
    /// fourth values).
    let answerTotals: StoreSQL
    /// Per learner: XP of reviews from a time in seconds (none when it is null: the first
    /// value) up to now in seconds (the second), last review.
    let reviewTotals: StoreSQL
    /// Per learner: lessons completed.
    let lessonTotals: StoreSQL
    /// Per learner: quiz questions right at the first try, quiz questions tried (exercises
    /// are not questions: their passes are self-reported).
    let questionTotals: StoreSQL
    /// Learners' study days (for their streaks). The user's key (twice) only.
    let totalsStudyDays: StoreSQL
    /// Course (twice), limit.
    let missedQuestions = StoreSQL("""
        SELECT course, question, CAST(sum(CASE WHEN first_try THEN 0 ELSE 1 END) AS BIGINT) AS missed, count(*) AS answered
        FROM question_state WHERE attempts > 0 AND kind = 'quiz' AND (CAST(? AS TEXT) IS NULL OR course = ?)
        GROUP BY course, question HAVING sum(CASE WHEN first_try THEN 0 ELSE 1 END) > 0
        ORDER BY missed DESC, answered DESC, course, question LIMIT ?
        """)

    /// `learnerKey`: the learner table's key column, of SQL type `keyType`.
    init(learnerKey key: String, keyType: String) {
        learnerRow = StoreSQL("""
            INSERT INTO learner (\(key), profile, created_at) VALUES (?, ?, ?)
            ON CONFLICT (\(key), profile) DO UPDATE SET created_at = learner.created_at
            RETURNING id
            """)
        learnerID = StoreSQL("SELECT id FROM learner WHERE \(key) = ? AND profile = ?")
        lastCourse = StoreSQL("SELECT last_course FROM learner WHERE \(key) = ? AND profile = ?")
        learners = StoreSQL("SELECT \(key), profile FROM learner")

        let inCourse = "(CAST(? AS TEXT) IS NULL OR course = ?)"
        let ofUser = "(CAST(? AS \(keyType)) IS NULL OR learner_id IN (SELECT id FROM learner WHERE \(key) = ?))"
        totalsLearners = StoreSQL("""
            SELECT id, \(key), profile, leaderboard_hidden FROM learner WHERE (CAST(? AS \(keyType)) IS NULL OR \(key) = ?)
            """)
        enrolmentTotals = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(xp), 0) AS BIGINT), max(started_at) FROM enrolment
            WHERE \(inCourse) AND \(ofUser) GROUP BY learner_id
            """)
        answerTotals = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(CASE WHEN answered_at >= ? AND answered_at <= ? THEN xp ELSE 0 END), 0) AS BIGINT), max(answered_at),
              CAST(coalesce(sum(CASE WHEN kind = 'exercise' AND answered_at >= ? AND answered_at <= ? THEN xp ELSE 0 END), 0) AS BIGINT)
            FROM answer WHERE \(inCourse) AND \(ofUser) GROUP BY learner_id
            """)
        reviewTotals = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(CASE WHEN reviewed_at >= ? AND reviewed_at <= ? THEN xp ELSE 0 END), 0) AS BIGINT), max(reviewed_at)
            FROM review_log WHERE \(inCourse) AND \(ofUser) GROUP BY learner_id
            """)
        lessonTotals = StoreSQL("""
            SELECT learner_id, count(*) FROM lesson_completion WHERE \(inCourse) AND \(ofUser) GROUP BY learner_id
            """)
        questionTotals = StoreSQL("""
            SELECT learner_id, CAST(coalesce(sum(CASE WHEN first_try THEN 1 ELSE 0 END), 0) AS BIGINT),
              CAST(coalesce(sum(CASE WHEN attempts > 0 OR revealed THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM question_state WHERE kind = 'quiz' AND \(inCourse) AND \(ofUser) GROUP BY learner_id
            """)
        totalsStudyDays = StoreSQL("SELECT learner_id, day FROM study_day WHERE \(ofUser)")
    }
}
