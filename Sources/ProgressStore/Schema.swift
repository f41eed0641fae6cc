import GRDB

/// The database layout, as migrations from an empty file. A migration, once released, never
/// changes; new needs get new migrations.
enum Schema {
    /// `PRAGMA application_id` of tutord databases ("tuto"): how a foreign file is recognised.
    static let applicationID: Int32 = 0x7475_746F

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "learner") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("uid", .integer).notNull()
                t.column("profile", .text).notNull()
                t.column("last_course", .text)
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["uid", "profile"])
            }
            try db.create(table: "enrolment") { t in
                t.column("learner_id", .integer).notNull().references("learner", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("started_at", .datetime).notNull()
                t.column("finished_at", .datetime)
                t.column("xp", .integer).notNull().defaults(to: 0)
                // The position, in stable ids (see CoursePosition).
                t.column("lesson", .text)
                t.column("lesson_index", .integer)
                t.column("step", .integer)
                t.column("node", .text)
                t.column("node_beat", .integer)
                t.column("finished", .boolean).notNull().defaults(to: false)
                t.primaryKey(["learner_id", "course"])
            }
            try db.create(table: "answer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("learner_id", .integer).notNull().references("learner", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("lesson", .text).notNull()
                t.column("question", .text).notNull()
                t.column("given", .text).notNull()
                t.column("correct", .boolean).notNull()
                t.column("attempt", .integer).notNull()
                t.column("hint_used", .boolean).notNull()
                t.column("xp", .integer).notNull().defaults(to: 0)
                t.column("answered_at", .datetime).notNull()
            }
            try db.create(index: "answer_by_learner", on: "answer", columns: ["learner_id", "course"])
            // The fold of answers and reveals per question: what resuming needs.
            try db.create(table: "question_state") { t in
                t.column("learner_id", .integer).notNull().references("learner", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("question", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("correct", .boolean).notNull()
                t.column("first_try", .boolean).notNull()
                t.column("revealed", .boolean).notNull()
                t.column("xp", .integer).notNull()
                t.primaryKey(["learner_id", "course", "question"])
            }
            try db.create(table: "lesson_completion") { t in
                t.column("learner_id", .integer).notNull().references("learner", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("lesson", .text).notNull()
                t.column("completed_at", .datetime).notNull()
                t.primaryKey(["learner_id", "course", "lesson"])
            }
            try db.create(table: "study_day") { t in
                t.column("learner_id", .integer).notNull().references("learner", onDelete: .cascade)
                t.column("day", .text).notNull()  // YYYY-MM-DD in the daemon's time zone
                t.primaryKey(["learner_id", "day"])
            }
        }
        // Spaced review: every grading of a question's review card, in order. A card's
        // schedule is the FSRS fold of its rows (LearnerProgress.cards), so the log is the truth
        // and nothing derived is stored.
        migrator.registerMigration("v2-review-log") { db in
            try db.create(table: "review_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("learner_id", .integer).notNull().references("learner", onDelete: .cascade)
                t.column("course", .text).notNull()
                t.column("lesson", .text).notNull()
                t.column("question", .text).notNull()
                t.column("rating", .integer).notNull()  // FSRS: 1 again, 2 hard, 3 good, 4 easy
                t.column("reviewed_at", .integer).notNull()  // seconds since 1970, UTC
                t.column("in_review", .boolean).notNull()  // a review session, or the first encounter in a lesson
                t.column("given", .text)  // null when the answer was revealed
                t.column("xp", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "review_log_by_learner", on: "review_log", columns: ["learner_id", "course"])
            // Questions answered before review existed get their card from their first answer,
            // graded as the conversation grades a first encounter (Rating(firstAnswerCorrect:usedHint:)).
            try db.execute(sql: """
                INSERT INTO review_log (learner_id, course, lesson, question, rating, reviewed_at, in_review, given, xp)
                SELECT learner_id, course, lesson, question,
                       CASE WHEN NOT correct THEN 1 WHEN hint_used THEN 2 ELSE 3 END,
                       CAST(strftime('%s', answered_at) AS INTEGER), 0, given, 0
                FROM answer
                WHERE id IN (SELECT min(id) FROM answer GROUP BY learner_id, course, question)
                ORDER BY id
                """)
        }
        // Classroom: a learner may keep out of other learners' leaderboards.
        migrator.registerMigration("v3-leaderboard-hidden") { db in
            try db.alter(table: "learner") { t in
                t.add(column: "leaderboard_hidden", .boolean).notNull().defaults(to: false)
            }
        }
        // Many tutords on one database: each write to an enrolment names the revision it
        // was made from and leaves a new one, so a write from stale progress is refused. Rows
        // from before have revision 0, which no write leaves.
        migrator.registerMigration("v4-enrolment-revision") { db in
            try db.alter(table: "enrolment") { t in
                t.add(column: "revision", .integer).notNull().defaults(to: 0)
            }
        }
        // Exercises: a learner's own run of an exercise's checks is an answer row of kind
        // `exercise` (self-reported: the daemon cannot know the checks ran), and the
        // exercise's fold a question_state row of that kind, with the hints seen (kept so a
        // resume goes on with the next). Rows from before are quiz rows.
        migrator.registerMigration("v5-exercise-kind") { db in
            try db.alter(table: "answer") { t in
                t.add(column: "kind", .text).notNull().defaults(to: "quiz")
            }
            try db.alter(table: "question_state") { t in
                t.add(column: "kind", .text).notNull().defaults(to: "quiz")
                t.add(column: "hints_seen", .integer).notNull().defaults(to: 0)
            }
        }
        return migrator
    }
}
