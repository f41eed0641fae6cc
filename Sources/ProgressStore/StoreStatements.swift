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
    // MARK: The write path: one statement per table, over the batch's rows (BatchSQL)
    /// Learners not yet stored: key, profile, created_at. DO NOTHING: an existing row is left
    /// as it is (and unlocked); ``lockLearners`` reads every id.
    let insertLearners: BatchSQL
    /// key, profile → id, key, profile. In PostgreSQL it also locks the learners' rows, in id
    /// order (see ``ProgressTables/record(_:)``).
    let lockLearners: BatchSQL
    /// As ``lockLearners``, but in PostgreSQL a learner whose row another session holds locked
    /// is skipped (`SKIP LOCKED`) instead of waited for: the group committer's batches.
    let lockFreeLearners: BatchSQL
    /// learner_id, course → learner_id, course, revision.
    let readEnrolments = BatchSQL("""
        SELECT e.learner_id, e.course, e.revision FROM BATCH
        JOIN enrolment AS e ON e.learner_id = batch.learner_id AND e.course = batch.course
        """, [("learner_id", .integer), ("course", .text)],
        perRow: "SELECT learner_id, course, revision FROM enrolment WHERE learner_id = ?1 AND course = ?2")
    /// learner_id, course, question → learner_id, course, question, attempts, correct,
    /// first_try, revealed, xp, hints_seen.
    let readQuestions = BatchSQL("""
        SELECT q.learner_id, q.course, q.question, q.attempts, q.correct, q.first_try, q.revealed, q.xp, q.hints_seen FROM BATCH
        JOIN question_state AS q ON q.learner_id = batch.learner_id AND q.course = batch.course AND q.question = batch.question
        """, [("learner_id", .integer), ("course", .text), ("question", .text)], perRow: """
        SELECT learner_id, course, question, attempts, correct, first_try, revealed, xp, hints_seen FROM question_state
        WHERE learner_id = ?1 AND course = ?2 AND question = ?3
        """)
    /// A course reset: every row of the learner in the course, table by table (learner_id, course).
    let resetCourses = ["enrolment", "answer", "question_state", "lesson_completion", "review_log"].map {
        BatchSQL("DELETE FROM \($0) WHERE (learner_id, course) IN (SELECT learner_id, course FROM BATCH)",
                 [("learner_id", .integer), ("course", .text)])
    }
    /// A new enrolment, with what its writes changed.
    let insertEnrolments = BatchSQL.insert(into: "enrolment", [
        ("learner_id", .integer), ("course", .text), ("started_at", .time), ("revision", .integer), ("xp", .integer),
        ("finished_at", .time), ("lesson", .text), ("lesson_index", .integer), ("step", .integer), ("node", .text),
        ("node_beat", .integer), ("finished", .bool),
    ])
    /// A stored enrolment moved on: the new revision, XP added, the first finish kept, and
    /// the position when `moved`.
    let updateEnrolments = BatchSQL("""
        UPDATE enrolment SET revision = batch.revision, xp = enrolment.xp + batch.xp,
          finished_at = coalesce(enrolment.finished_at, batch.finished_at),
          lesson = CASE WHEN batch.moved THEN batch.lesson ELSE enrolment.lesson END,
          lesson_index = CASE WHEN batch.moved THEN batch.lesson_index ELSE enrolment.lesson_index END,
          step = CASE WHEN batch.moved THEN batch.step ELSE enrolment.step END,
          node = CASE WHEN batch.moved THEN batch.node ELSE enrolment.node END,
          node_beat = CASE WHEN batch.moved THEN batch.node_beat ELSE enrolment.node_beat END,
          finished = CASE WHEN batch.moved THEN batch.finished ELSE enrolment.finished END
        FROM BATCH WHERE enrolment.learner_id = batch.learner_id AND enrolment.course = batch.course
        """, [
        ("learner_id", .integer), ("course", .text), ("revision", .integer), ("xp", .integer), ("finished_at", .time),
        ("moved", .bool), ("lesson", .text), ("lesson_index", .integer), ("step", .integer), ("node", .text),
        ("node_beat", .integer), ("finished", .bool),
    ], perRow: """
        UPDATE enrolment SET revision = ?3, xp = xp + ?4, finished_at = coalesce(finished_at, ?5),
          lesson = CASE WHEN ?6 THEN ?7 ELSE lesson END, lesson_index = CASE WHEN ?6 THEN ?8 ELSE lesson_index END,
          step = CASE WHEN ?6 THEN ?9 ELSE step END, node = CASE WHEN ?6 THEN ?10 ELSE node END,
          node_beat = CASE WHEN ?6 THEN ?11 ELSE node_beat END, finished = CASE WHEN ?6 THEN ?12 ELSE finished END
        WHERE learner_id = ?1 AND course = ?2
        """)
    let writeQuestions = BatchSQL.insert(into: "question_state", [
        ("learner_id", .integer), ("course", .text), ("question", .text), ("attempts", .integer), ("correct", .bool),
        ("first_try", .bool), ("revealed", .bool), ("xp", .integer), ("kind", .text), ("hints_seen", .integer),
    ], """
        ON CONFLICT (learner_id, course, question) DO UPDATE SET
          attempts = excluded.attempts, correct = excluded.correct, first_try = excluded.first_try,
          revealed = excluded.revealed, xp = excluded.xp, kind = excluded.kind, hints_seen = excluded.hints_seen
        """)
    let insertAnswers = BatchSQL.insert(into: "answer", [
        ("learner_id", .integer), ("course", .text), ("lesson", .text), ("question", .text), ("given", .text), ("correct", .bool),
        ("attempt", .integer), ("hint_used", .bool), ("xp", .integer), ("answered_at", .time), ("kind", .text),
    ])
    let insertReviews = BatchSQL.insert(into: "review_log", [
        ("learner_id", .integer), ("course", .text), ("lesson", .text), ("question", .text), ("rating", .integer),
        ("reviewed_at", .integer), ("in_review", .bool), ("given", .text), ("xp", .integer),
    ])
    let completeLessons = BatchSQL.insert(into: "lesson_completion", [
        ("learner_id", .integer), ("course", .text), ("lesson", .text), ("completed_at", .time),
    ], "ON CONFLICT DO NOTHING")
    let insertStudyDays = BatchSQL.insert(into: "study_day", [("learner_id", .integer), ("day", .text)], "ON CONFLICT DO NOTHING")
    /// The course opened last and the leaderboard choice, each left as stored when null.
    let updateLearners = BatchSQL("""
        UPDATE learner SET last_course = coalesce(batch.last_course, learner.last_course),
          leaderboard_hidden = coalesce(batch.hidden, learner.leaderboard_hidden)
        FROM BATCH WHERE learner.id = batch.learner_id
        """, [("learner_id", .integer), ("last_course", .text), ("hidden", .bool)])

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

    /// `learnerKey`: the learner table's key column, of type `keyType`.
    init(learnerKey key: String, keyType: BatchColumn) {
        insertLearners = BatchSQL.insert(into: "learner", [(key, keyType), ("profile", .text), ("created_at", .time)],
                                         "ON CONFLICT (\(key), profile) DO NOTHING")
        let learnerIDs = """
            SELECT learner.id, learner.\(key), learner.profile FROM BATCH
            JOIN learner ON learner.\(key) = batch.\(key) AND learner.profile = batch.profile
            """
        let oneLearnerID = "SELECT id, \(key), profile FROM learner WHERE \(key) = ?1 AND profile = ?2"
        lockLearners = BatchSQL(learnerIDs, [(key, keyType), ("profile", .text)],
                                postgresTail: " ORDER BY learner.id FOR NO KEY UPDATE OF learner", perRow: oneLearnerID)
        lockFreeLearners = BatchSQL(learnerIDs, [(key, keyType), ("profile", .text)],
                                    postgresTail: " ORDER BY learner.id FOR NO KEY UPDATE OF learner SKIP LOCKED", perRow: oneLearnerID)
        learnerID = StoreSQL("SELECT id FROM learner WHERE \(key) = ? AND profile = ?")
        lastCourse = StoreSQL("SELECT last_course FROM learner WHERE \(key) = ? AND profile = ?")
        learners = StoreSQL("SELECT \(key), profile FROM learner")

        classTotals = .everyLearner(learnerKey: key)
        userTotals = .oneUser(learnerKey: key)
    }
}
