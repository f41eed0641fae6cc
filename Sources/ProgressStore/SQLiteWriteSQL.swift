extension SQLiteProgressStore {
    /// The statements of the SQLite write path, each made once (``WriteSQL``). The enrolment's
    /// are in ``EnrolmentSQL``.
    enum SQL {
        /// A course reset: every row of the learner in the course, table by table.
        static let resetCourse = ["enrolment", "answer", "question_state", "lesson_completion", "review_log"].map {
            WriteSQL("DELETE FROM \($0) WHERE learner_id = ? AND course = ?")
        }
        static let hideLearner = WriteSQL("UPDATE learner SET leaderboard_hidden = ? WHERE id = ?")
        static let openCourse = WriteSQL("UPDATE learner SET last_course = ? WHERE id = ?")
        static let insertLearner = WriteSQL("INSERT INTO learner (uid, profile, created_at) VALUES (?, ?, ?)")
        static let insertAnswer = WriteSQL("""
            INSERT INTO answer (learner_id, course, lesson, question, given, correct, attempt, hint_used, xp, answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        /// A question's row as the write path reads it: attempts, correct, first_try, revealed, xp.
        static let readQuestion = WriteSQL("""
            SELECT attempts, correct, first_try, revealed, xp FROM question_state
            WHERE learner_id = ? AND course = ? AND question = ?
            """)
        static let writeQuestion = WriteSQL("""
            INSERT INTO question_state (learner_id, course, question, attempts, correct, first_try, revealed, xp)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (learner_id, course, question) DO UPDATE SET
              attempts = excluded.attempts, correct = excluded.correct, first_try = excluded.first_try,
              revealed = excluded.revealed, xp = excluded.xp
            """)
        static let insertReview = WriteSQL("""
            INSERT INTO review_log (learner_id, course, lesson, question, rating, reviewed_at, in_review, given, xp)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        static let completeLesson = WriteSQL("""
            INSERT INTO lesson_completion (learner_id, course, lesson, completed_at) VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        static let studyDay = WriteSQL("INSERT INTO study_day (learner_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING")
    }
}
