/// Every statement of the store algorithms (``ProgressTables``), in SQL both SQLite and
/// PostgreSQL run: the same tables and columns, `?` placeholders, `CAST(… AS BIGINT)` where
/// PostgreSQL would sum into `numeric`, `CASE` where it would not add booleans, and
/// `CAST(? AS TEXT) IS NULL` where a course may be left open (a user never is: a read of one
/// user's rows has statements of its own, ``TotalsStatements``, that use the indexes). The one
/// difference is the learner table's key column (`uid`, or `user_name`:
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
    /// Every learner's totals: grouped reads of whole tables.
    let classTotals: TotalsStatements
    /// One user's totals, read by the indexes on `learner_id`.
    let userTotals: TotalsStatements
    /// Course (twice), limit.
    let missedQuestions = StoreSQL("""
        SELECT course, question, CAST(sum(CASE WHEN first_try THEN 0 ELSE 1 END) AS BIGINT) AS missed, count(*) AS answered
        FROM question_state WHERE attempts > 0 AND kind = 'quiz' AND (CAST(? AS TEXT) IS NULL OR course = ?)
        GROUP BY course, question HAVING sum(CASE WHEN first_try THEN 0 ELSE 1 END) > 0
        ORDER BY missed DESC, answered DESC, course, question LIMIT ?
        """)

    /// `learnerKey`: the learner table's key column.
    init(learnerKey key: String) {
        learnerRow = StoreSQL("""
            INSERT INTO learner (\(key), profile, created_at) VALUES (?, ?, ?)
            ON CONFLICT (\(key), profile) DO UPDATE SET created_at = learner.created_at
            RETURNING id
            """)
        learnerID = StoreSQL("SELECT id FROM learner WHERE \(key) = ? AND profile = ?")
        lastCourse = StoreSQL("SELECT last_course FROM learner WHERE \(key) = ? AND profile = ?")
        learners = StoreSQL("SELECT \(key), profile FROM learner")

        classTotals = .everyLearner(learnerKey: key)
        userTotals = .oneUser(learnerKey: key)
    }
}
