import PostgresNIO

/// The PostgreSQL layout, as migrations kept beside SQLite's (``Schema``): the same tables and
/// keys, in PostgreSQL's types, with learners known by user name. A migration, once released,
/// never changes; the ids applied are kept in `tutord_migration`, and a database that has one
/// this tutord does not know was written by a newer tutord and is refused.
enum PostgresSchema {
    static let migrations: [(id: String, statements: [String])] = [
        ("v1", [
            """
            CREATE TABLE learner (
              id BIGSERIAL PRIMARY KEY,
              user_name TEXT NOT NULL,
              profile TEXT NOT NULL,
              last_course TEXT,
              created_at TIMESTAMPTZ NOT NULL,
              leaderboard_hidden BOOLEAN NOT NULL DEFAULT false,
              UNIQUE (user_name, profile))
            """,
            """
            CREATE TABLE enrolment (
              learner_id BIGINT NOT NULL REFERENCES learner ON DELETE CASCADE,
              course TEXT NOT NULL,
              started_at TIMESTAMPTZ NOT NULL,
              finished_at TIMESTAMPTZ,
              xp BIGINT NOT NULL DEFAULT 0,
              lesson TEXT,
              lesson_index BIGINT,
              step BIGINT,
              node TEXT,
              node_beat BIGINT,
              finished BOOLEAN NOT NULL DEFAULT false,
              PRIMARY KEY (learner_id, course))
            """,
            """
            CREATE TABLE answer (
              id BIGSERIAL PRIMARY KEY,
              learner_id BIGINT NOT NULL REFERENCES learner ON DELETE CASCADE,
              course TEXT NOT NULL,
              lesson TEXT NOT NULL,
              question TEXT NOT NULL,
              given TEXT NOT NULL,
              correct BOOLEAN NOT NULL,
              attempt BIGINT NOT NULL,
              hint_used BOOLEAN NOT NULL,
              xp BIGINT NOT NULL DEFAULT 0,
              answered_at TIMESTAMPTZ NOT NULL)
            """,
            "CREATE INDEX answer_by_learner ON answer (learner_id, course)",
            """
            CREATE TABLE question_state (
              learner_id BIGINT NOT NULL REFERENCES learner ON DELETE CASCADE,
              course TEXT NOT NULL,
              question TEXT NOT NULL,
              attempts BIGINT NOT NULL,
              correct BOOLEAN NOT NULL,
              first_try BOOLEAN NOT NULL,
              revealed BOOLEAN NOT NULL,
              xp BIGINT NOT NULL,
              PRIMARY KEY (learner_id, course, question))
            """,
            """
            CREATE TABLE lesson_completion (
              learner_id BIGINT NOT NULL REFERENCES learner ON DELETE CASCADE,
              course TEXT NOT NULL,
              lesson TEXT NOT NULL,
              completed_at TIMESTAMPTZ NOT NULL,
              PRIMARY KEY (learner_id, course, lesson))
            """,
            """
            CREATE TABLE study_day (
              learner_id BIGINT NOT NULL REFERENCES learner ON DELETE CASCADE,
              day TEXT NOT NULL,
              PRIMARY KEY (learner_id, day))
            """,
            """
            CREATE TABLE review_log (
              id BIGSERIAL PRIMARY KEY,
              learner_id BIGINT NOT NULL REFERENCES learner ON DELETE CASCADE,
              course TEXT NOT NULL,
              lesson TEXT NOT NULL,
              question TEXT NOT NULL,
              rating BIGINT NOT NULL,
              reviewed_at BIGINT NOT NULL,
              in_review BOOLEAN NOT NULL,
              given TEXT,
              xp BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX review_log_by_learner ON review_log (learner_id, course)",
        ]),
        // As SQLite's v4: the revision each write checks and moves on.
        ("v2-enrolment-revision", [
            "ALTER TABLE enrolment ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
        ]),
        // As SQLite's v5: exercise rows (self-reported) told apart from quiz rows.
        ("v3-exercise-kind", [
            "ALTER TABLE answer ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'",
            "ALTER TABLE question_state ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'",
            "ALTER TABLE question_state ADD COLUMN hints_seen BIGINT NOT NULL DEFAULT 0",
        ]),
    ]

    /// Brings the database up to date inside the caller's transaction. Several tutords may
    /// start at once against one database: an advisory lock makes them take turns.
    static func migrate(_ connection: PostgresLink.Connection, location: String) throws(StoreError) {
        connection.run("SELECT pg_advisory_xact_lock(\(Int64(0x7475_746F)))")
        let hasLedger = try PostgresLink.decode(try connection.fetch("SELECT to_regclass('tutord_migration') IS NOT NULL")[0], Bool.self)
        if !hasLedger {
            let tables = try PostgresLink.decode(try connection.fetch("""
                SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()
                """)[0], Int.self)
            if tables > 0 {
                throw StoreError(.foreignFile, "the PostgreSQL database \(location) holds tables of another program; refusing to use it")
            }
            connection.run("CREATE TABLE tutord_migration (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        }
        let applied = Set(try connection.fetch("SELECT id FROM tutord_migration").map { row throws(StoreError) in
            try PostgresLink.decode(row, String.self)
        })
        let known = Set(migrations.map(\.id))
        if !applied.isSubset(of: known) {
            throw StoreError(.newerSchema, "the PostgreSQL database \(location) was written by a newer tutord; refusing to use it (upgrade tutord)")
        }
        for migration in migrations where !applied.contains(migration.id) {
            for statement in migration.statements { connection.run(PostgresQuery(unsafeSQL: statement)) }
            connection.run("INSERT INTO tutord_migration (id) VALUES (\(migration.id))")
        }
    }
}
