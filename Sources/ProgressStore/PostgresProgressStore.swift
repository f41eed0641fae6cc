import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import SpacedReview
import SystemSupport
import Tutoring

/// Learners' progress in PostgreSQL, through PostgresNIO: the ``ProgressStorage`` for sites
/// where learners move between machines, which share one database (#19).
///
/// The layout is SQLite's (``PostgresSchema``), except that a learner is known by user name,
/// not uid: uids differ between machines, names are what a site keeps the same. Every change
/// is committed with `synchronous_commit = on` before ``record(_:)`` returns. Calls block on
/// the answer of the server: make them where blocking is allowed (see ``ProgressStorage``).
public final class PostgresProgressStore: ProgressStorage {
    public let location: String
    public var isReadOnly: Bool { false }
    public var readOnlyCause: String? { nil }

    /// The connection writes go through (``StoreCopy`` writes through it too).
    let writer: PostgresLink
    private let reader: PostgresLink
    private let group: MultiThreadedEventLoopGroup
    /// Learner row ids and the last study day recorded, as the SQLite store keeps them: the
    /// write path neither asks for nor writes them again. Only committed values go in.
    private let known = NIOLockedValueBox([LearnerID: KnownLearner]())

    /// User names by uid, for ``userName(_:)``: as many as there are users who learn here.
    private let names = NIOLockedValueBox([UInt32: String]())

    private struct KnownLearner {
        var row: Int64
        var day: String
    }

    /// Connects to the database at `address` (see ``DatabaseAddress``) and brings its schema
    /// up to date.
    public static func open(_ address: DatabaseAddress.Postgres, logger: Logger = Logger(label: "tutord.postgres")) throws(StoreError) -> PostgresProgressStore {
        let configuration: PostgresConnection.Configuration
        switch address.endpoint {
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: address.user, password: address.password, database: address.database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch address.tls {
                case .disable: tls = .disable
                case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw StoreError(.address, "cannot set up TLS for \(DatabaseAddress.postgres(address)): \(error)")
            }
            configuration = .init(host: host, port: port, username: address.user, password: address.password,
                                  database: address.database, tls: tls)
        }
        return try open(configuration: configuration, location: "\(DatabaseAddress.postgres(address))", logger: logger)
    }

    /// Connects to the database and brings its schema up to date (refusing a database of
    /// another program or of a newer tutord, which it leaves untouched).
    ///
    /// `location` names the database in messages, without credentials.
    public static func open(configuration: PostgresConnection.Configuration, location: String,
                            logger: Logger = Logger(label: "tutord.postgres")) throws(StoreError) -> PostgresProgressStore {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let store = PostgresProgressStore(configuration: configuration, location: location, group: group, logger: logger)
        // On a refusal the store goes out of scope here: its deinit closes the connection
        // first and then the event loop (closing on a loop already shut down never returns).
        try store.writer.transaction { connection throws(StoreError) in try PostgresSchema.migrate(connection, location: location) }
        return store
    }

    private init(configuration: PostgresConnection.Configuration, location: String, group: MultiThreadedEventLoopGroup, logger: Logger) {
        self.location = location
        self.group = group
        let outage = PostgresOutage(logger: logger, location: location)
        writer = PostgresLink(configuration: configuration, eventLoop: group.next(), logger: logger, location: location, outage: outage)
        reader = PostgresLink(configuration: configuration, eventLoop: group.next(), logger: logger, location: location, outage: outage)
    }

    deinit {
        writer.close()
        reader.close()
        try? group.syncShutdownGracefully()
    }

    // MARK: - Writing

    /// Drops the learner's cached row id and study day (see ``ProgressStorage/forget(_:)``).
    public func forget(_ learner: LearnerID) {
        known.withLockedValue { _ = $0.removeValue(forKey: learner) }
    }

    @discardableResult
    public func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int> {
        var learned: [LearnerID: KnownLearner] = [:]
        // Learner by learner, in one order every tutord shares (user name, profile), each
        // learner's writes in their own order: two tutords committing batches of the same
        // learners then take those learners' row locks in the same order and never deadlock.
        let keys = writes.map { (userName($0.learner.uid), $0.learner.profile) }
        let order = writes.indices.sorted { (keys[$0].0, keys[$0].1, $0) < (keys[$1].0, keys[$1].1, $1) }
        let refused = try writer.transaction { connection throws(StoreError) -> Set<Int> in
            learned = [:]  // a retried transaction starts over
            var refused: Set<Int> = []
            for index in order where try !apply(writes[index], named: keys[index].0, on: connection, learned: &learned) {
                refused.insert(index)
            }
            return refused
        }
        // Remembered only now that the transaction is committed.
        known.withLockedValue { $0.merge(learned) { $1 } }
        return refused
    }

    /// Applies one write; `false` when its precondition does not hold (and nothing was applied).
    private func apply(_ write: ProgressWrite, named name: String, on connection: PostgresLink.Connection,
                       learned: inout [LearnerID: KnownLearner]) throws(StoreError) -> Bool {
        let cached = learned[write.learner] ?? known.withLockedValue { $0[write.learner] }
        if write.resetsCourse {
            var id = cached?.row
            if id == nil { id = try learnerID(write.learner, on: connection) }
            guard let id else { return true }
            for table in ["enrolment", "answer", "question_state", "lesson_completion", "review_log"] {
                connection.run("DELETE FROM \(unescaped: table) WHERE learner_id = \(id) AND course = \(write.course)")
            }
            return true
        }
        var row = cached?.row
        if row == nil { row = try learnerRow(named: name, profile: write.learner.profile, at: write.date, on: connection) }
        let learner = row!
        if let hidden = write.hidesFromLeaderboard {
            connection.run("UPDATE learner SET leaderboard_hidden = \(hidden) WHERE id = \(learner)")
            learned[write.learner] = KnownLearner(row: learner, day: cached?.day ?? "")
            return true
        }
        let date = StoredTime.rounded(write.date)
        let course = write.course
        let rows = ProgressRows(write.events)
        guard try enrol(write, rows, learner, at: date, on: connection) else { return false }
        if write.opensCourse {
            connection.run("UPDATE learner SET last_course = \(course) WHERE id = \(learner)")
        }
        for answer in rows.answers {
            connection.run("""
                INSERT INTO answer (learner_id, course, lesson, question, given, correct, attempt, hint_used, xp, answered_at)
                VALUES (\(learner), \(course), \(answer.lesson), \(answer.question), \(answer.given), \(answer.isCorrect),
                        \(answer.attempt), \(answer.usedHint), \(answer.xp), \(date))
                """)
        }
        // Each question's row is read once and written once per write, in a shared order.
        for touched in rows.questions.sorted(by: { $0.id < $1.id }) {
            let question = touched.id
            var state = try storedQuestion(learner, course, question, on: connection)
            for change in touched.changes { change.apply(to: &state) }
            connection.run("""
                INSERT INTO question_state (learner_id, course, question, attempts, correct, first_try, revealed, xp)
                VALUES (\(learner), \(course), \(question), \(state.attempts), \(state.isCorrect), \(state.isCorrectOnFirstTry),
                        \(state.isRevealed), \(state.xp))
                ON CONFLICT (learner_id, course, question) DO UPDATE SET
                  attempts = excluded.attempts, correct = excluded.correct, first_try = excluded.first_try,
                  revealed = excluded.revealed, xp = excluded.xp
                """)
        }
        for review in rows.reviews {
            connection.run("""
                INSERT INTO review_log (learner_id, course, lesson, question, rating, reviewed_at, in_review, given, xp)
                VALUES (\(learner), \(course), \(review.lessonID), \(review.questionID), \(review.rating.rawValue), \(review.at),
                        \(review.isReview), \(review.given), \(review.xp))
                """)
        }
        for lesson in rows.completedLessons {
            connection.run("""
                INSERT INTO lesson_completion (learner_id, course, lesson, completed_at) VALUES (\(learner), \(course), \(lesson), \(date))
                ON CONFLICT DO NOTHING
                """)
        }
        let day = StoredTime.day(write.date)
        if cached?.day != day {
            connection.run("INSERT INTO study_day (learner_id, day) VALUES (\(learner), \(day)) ON CONFLICT DO NOTHING")
        }
        learned[write.learner] = KnownLearner(row: learner, day: day)
        return true
    }

    /// Checks the write's precondition and applies its changes to the enrolment, in one
    /// statement (the same changes as ``EnrolmentSQL``); `false` when the precondition does not
    /// hold. A concurrent write of the same enrolment on another tutord holds its row until it
    /// commits; then the condition is checked against what it left.
    private func enrol(_ write: ProgressWrite, _ rows: ProgressRows, _ learner: Int64, at date: Date,
                       on connection: PostgresLink.Connection) throws(StoreError) -> Bool {
        let course = write.course
        let finished: Date? = rows.finishesCourse ? date : nil
        let moved = rows.position
        switch write.precondition {
        case .unconditional, .notEnrolled:
            let upsert: String = write.precondition == .notEnrolled ? "DO NOTHING" : moved == nil
                ? "DO UPDATE SET revision = excluded.revision, xp = enrolment.xp + excluded.xp, finished_at = coalesce(enrolment.finished_at, excluded.finished_at)"
                : """
                  DO UPDATE SET revision = excluded.revision, xp = enrolment.xp + excluded.xp, finished_at = coalesce(enrolment.finished_at, excluded.finished_at),
                    lesson = excluded.lesson, lesson_index = excluded.lesson_index, step = excluded.step, node = excluded.node,
                    node_beat = excluded.node_beat, finished = excluded.finished
                  """
            let made = try connection.fetch("""
                INSERT INTO enrolment (learner_id, course, started_at, revision, xp, finished_at, lesson, lesson_index, step, node, node_beat, finished)
                VALUES (\(learner), \(course), \(date), \(write.revision), \(rows.xp), \(finished), \(moved?.lessonID), \(moved?.lessonIndex),
                        \(moved?.step), \(moved?.nodeID), \(moved?.nodeBeat), \(moved?.isFinished ?? false))
                ON CONFLICT (learner_id, course) \(unescaped: upsert) RETURNING 1
                """)
            return write.precondition == .unconditional || !made.isEmpty
        case .revision(let expected):
            let changed: [PostgresRow]
            if let moved {
                changed = try connection.fetch("""
                    UPDATE enrolment SET revision = \(write.revision), xp = xp + \(rows.xp), finished_at = coalesce(finished_at, \(finished)),
                      lesson = \(moved.lessonID), lesson_index = \(moved.lessonIndex), step = \(moved.step), node = \(moved.nodeID),
                      node_beat = \(moved.nodeBeat), finished = \(moved.isFinished)
                    WHERE learner_id = \(learner) AND course = \(course) AND revision = \(expected) RETURNING 1
                    """)
            } else {
                changed = try connection.fetch("""
                    UPDATE enrolment SET revision = \(write.revision), xp = xp + \(rows.xp), finished_at = coalesce(finished_at, \(finished))
                    WHERE learner_id = \(learner) AND course = \(course) AND revision = \(expected) RETURNING 1
                    """)
            }
            return !changed.isEmpty
        }
    }

    /// A question's stored state, or a fresh one; the write folds its events into it as the
    /// conversation does (``QuestionProgress``).
    private func storedQuestion(_ learner: Int64, _ course: String, _ question: String,
                                on connection: PostgresLink.Connection) throws(StoreError) -> QuestionProgress {
        try connection.fetch("""
            SELECT attempts, correct, first_try, revealed, xp FROM question_state
            WHERE learner_id = \(learner) AND course = \(course) AND question = \(question)
            """).first.map(Self.questionProgress) ?? QuestionProgress()
    }

    private static func questionProgress(_ row: PostgresRow) throws(StoreError) -> QuestionProgress {
        let (attempts, correct, firstTry, revealed, xp) = try PostgresLink.decode(row, (Int, Bool, Bool, Bool, Int).self)
        var state = QuestionProgress()
        state.attempts = attempts
        state.isCorrect = correct
        state.isCorrectOnFirstTry = firstTry
        state.isRevealed = revealed
        state.xp = xp
        return state
    }

    /// The learner's row, made on their first write (one round trip either way). Learners are
    /// keyed by user name.
    private func learnerRow(named name: String, profile: String, at date: Date, on connection: PostgresLink.Connection) throws(StoreError) -> Int64 {
        // DO UPDATE, not DO NOTHING: RETURNING gives the row of an existing learner only then.
        // It sets a column outside every key: setting a key column (even to itself) locks the
        // row against the foreign-key checks of another tutord's writes of that learner, and
        // the two deadlocked.
        guard let row = try connection.fetch("""
            INSERT INTO learner (user_name, profile, created_at) VALUES (\(name), \(profile), \(StoredTime.rounded(date)))
            ON CONFLICT (user_name, profile) DO UPDATE SET created_at = learner.created_at
            RETURNING id
            """).first else {
            throw StoreError(.io, "cannot save progress: the learner row of \(name) is missing")
        }
        return try PostgresLink.decode(row, Int64.self)
    }

    private func learnerID(_ learner: LearnerID, on connection: PostgresLink.Connection) throws(StoreError) -> Int64? {
        try connection.fetch("SELECT id FROM learner WHERE user_name = \(userName(learner.uid)) AND profile = \(learner.profile)")
            .first.map { row throws(StoreError) in try PostgresLink.decode(row, Int64.self) }
    }

    /// The user name a learner is stored under: the login name of `uid` here (`uid<N>` when it
    /// has none), looked up once per uid (each look-up reads the passwd database).
    private func userName(_ uid: UInt32) -> String {
        if let name = names.withLockedValue({ $0[uid] }) { return name }
        let name = UserDatabase.name(of: uid)
        names.withLockedValue { $0[uid] = name }
        return name
    }

    /// The local uid of a stored user name (`uid<N>` for a user without a name here).
    private static func uid(ofUserNamed name: String) -> UInt32? {
        if let user = UserDatabase.user(named: name) { return user.uid }
        if name.hasPrefix("uid") { return UInt32(name.dropFirst(3)) }
        return nil
    }

    // MARK: - Reading

    public func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress? {
        try reader.with { connection throws(StoreError) in
            guard let id = try learnerID(learner, on: connection),
                  let enrolment = try connection.fetch("""
                      SELECT xp, started_at, finished_at, lesson, lesson_index, step, node, node_beat, finished, revision
                      FROM enrolment WHERE learner_id = \(id) AND course = \(course)
                      """).first else { return nil }
            var progress = LearnerProgress()
            // The cards first, by the same fold the conversation uses: the fold adds review XP,
            // which the enrolment's total below already counts.
            for review in try reviews(id, course, on: connection) { progress.apply(.cardReviewed(review)) }
            let (xp, started, finished, lesson, lessonIndex, step, node, nodeBeat, isFinished, revision) = try PostgresLink.decode(
                enrolment, (Int, Date, Date?, String?, Int?, Int?, String?, Int?, Bool, Int64).self)
            progress.xp = xp
            progress.isCourseCompleted = finished != nil
            progress.startedAt = Int64(started.timeIntervalSince1970)
            progress.finishedAt = finished.map { Int64($0.timeIntervalSince1970) }
            if let lesson {
                progress.position = CoursePosition(lessonID: lesson, lessonIndex: lessonIndex ?? 0, step: step ?? 0, nodeID: node,
                                                   nodeBeat: nodeBeat ?? 0, isFinished: isFinished)
            }
            progress.completedLessons = Set(try connection.fetch(
                "SELECT lesson FROM lesson_completion WHERE learner_id = \(id) AND course = \(course)").map { row throws(StoreError) in
                    try PostgresLink.decode(row, String.self)
                })
            for row in try connection.fetch("""
                SELECT attempts, correct, first_try, revealed, xp, question FROM question_state WHERE learner_id = \(id) AND course = \(course)
                """) {
                let question = try PostgresLink.decode(row, (Int, Bool, Bool, Bool, Int, String).self).5
                progress.questions[question] = try Self.questionProgress(row)
            }
            return StoredProgress(progress: progress, revision: revision)
        }
    }

    private func reviews(_ learner: Int64, _ course: String, on connection: PostgresLink.Connection) throws(StoreError) -> [CardReview] {
        try connection.fetch("""
            SELECT lesson, question, rating, reviewed_at, in_review, given, xp FROM review_log
            WHERE learner_id = \(learner) AND course = \(course) ORDER BY id
            """).map { row throws(StoreError) in
            let (lesson, question, rating, at, isReview, given, xp) = try PostgresLink.decode(row, (String, String, Int, Int64, Bool, String?, Int).self)
            return CardReview(lessonID: lesson, questionID: question, rating: Rating(rawValue: rating) ?? .again, at: at,
                              isReview: isReview, given: given, xp: xp)
        }
    }

    public func learners() throws(StoreError) -> [LearnerID] {
        try reader.with { connection throws(StoreError) in
            try connection.fetch("SELECT user_name, profile FROM learner").map { row throws(StoreError) -> LearnerID? in
                let (name, profile) = try PostgresLink.decode(row, (String, String).self)
                return Self.uid(ofUserNamed: name).map { LearnerID(uid: $0, profile: profile) }
            }.compactMap { $0 }.sorted { ($0.uid, $0.profile) < ($1.uid, $1.profile) }
        }
    }

    public func lastCourse(for learner: LearnerID) throws(StoreError) -> String? {
        try reader.with { connection throws(StoreError) in
            try connection.fetch("""
                SELECT last_course FROM learner WHERE user_name = \(userName(learner.uid)) AND profile = \(learner.profile)
                """).first.flatMap { row throws(StoreError) in try PostgresLink.decode(row, String?.self) }
        }
    }

    public func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String> {
        try reader.with { connection throws(StoreError) in
            guard let id = try learnerID(learner, on: connection) else { return [] }
            return Set(try connection.fetch("SELECT day FROM study_day WHERE learner_id = \(id)").map { row throws(StoreError) in
                try PostgresLink.decode(row, String.self)
            })
        }
    }

    public func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer] {
        try reader.with { connection throws(StoreError) in
            guard let id = try learnerID(learner, on: connection) else { return [] }
            return try answerRows(id, course, on: connection)
        }
    }

    private func answerRows(_ id: Int64, _ course: String, on connection: PostgresLink.Connection) throws(StoreError) -> [StoredAnswer] {
        try connection.fetch("""
            SELECT lesson, question, given, correct, attempt, hint_used, xp, answered_at FROM answer
            WHERE learner_id = \(id) AND course = \(course) ORDER BY id
            """).map { row throws(StoreError) in
            let (lesson, question, given, correct, attempt, hint, xp, at) = try PostgresLink.decode(
                row, (String, String, String, Bool, Int, Bool, Int, Date).self)
            return StoredAnswer(lesson: lesson, question: question, given: given, isCorrect: correct, attempt: attempt,
                                usedHint: hint, xp: xp, answeredAt: at)
        }
    }

    public func progressExport(_ learner: LearnerID) throws(StoreError) -> ProgressExport {
        try reader.with { connection throws(StoreError) in
            var export = ProgressExport(uid: Int(learner.uid), profile: learner.profile, lastCourse: nil, studyDays: [], courses: [])
            guard let id = try learnerID(learner, on: connection) else { return export }
            for enrolment in try connection.fetch("""
                SELECT course, xp, started_at, finished_at, lesson, step, node, finished FROM enrolment WHERE learner_id = \(id) ORDER BY course
                """) {
                let (course, xp, started, finished, lesson, step, node, isFinished) = try PostgresLink.decode(
                    enrolment, (String, Int, Date, Date?, String?, Int?, String?, Bool).self)
                let log = try reviews(id, course, on: connection)
                let questions = try connection.fetch("""
                    SELECT question, attempts, correct, first_try, revealed, xp FROM question_state
                    WHERE learner_id = \(id) AND course = \(course) ORDER BY question
                    """).map { row throws(StoreError) in
                    let (question, attempts, correct, firstTry, revealed, xp) = try PostgresLink.decode(row, (String, Int, Bool, Bool, Bool, Int).self)
                    return CourseProgressExport.Question(question: question, attempts: attempts, correct: correct, firstTry: firstTry,
                                                         revealed: revealed, xp: xp)
                }
                let lessons = try connection.fetch("""
                    SELECT lesson FROM lesson_completion WHERE learner_id = \(id) AND course = \(course) ORDER BY completed_at
                    """).map { row throws(StoreError) in try PostgresLink.decode(row, String.self) }
                export.courses.append(CourseProgressExport(
                    course: course, xp: xp, startedAt: started, finishedAt: finished, completedLessons: lessons,
                    position: lesson.map { .init(lesson: $0, step: step ?? 0, node: node, finished: isFinished) },
                    questions: questions,
                    answers: try answerRows(id, course, on: connection).map(CourseProgressExport.Answer.init),
                    reviewLog: log))
            }
            export.studyDays = try connection.fetch("SELECT day FROM study_day WHERE learner_id = \(id) ORDER BY day").map { row throws(StoreError) in
                try PostgresLink.decode(row, String.self)
            }
            export.lastCourse = try connection.fetch("SELECT last_course FROM learner WHERE id = \(id)").first.flatMap { row throws(StoreError) in
                try PostgresLink.decode(row, String?.self)
            }
            return export
        }
    }

    public func learnerTotals(course: String?, since: Date?, uid: UInt32?, today: Date) throws(StoreError) -> [LearnerTotals] {
        let learners: [(id: Int64, learner: LearnerID, hidden: Bool)] = try reader.with { connection throws(StoreError) in
            let query: PostgresQuery = uid.map { "SELECT id, user_name, profile, leaderboard_hidden FROM learner WHERE user_name = \(userName($0))" }
                ?? "SELECT id, user_name, profile, leaderboard_hidden FROM learner"
            return try connection.fetch(query).map { row throws(StoreError) -> (id: Int64, learner: LearnerID, hidden: Bool)? in
                let (id, name, profile, hidden) = try PostgresLink.decode(row, (Int64, String, String, Bool).self)
                return Self.uid(ofUserNamed: name).map { (id, LearnerID(uid: $0, profile: profile), hidden) }
            }.compactMap { $0 }
        }
        var totals: [LearnerTotals] = []
        for (id, learner, hidden) in learners {
            let row = try reader.with { connection throws(StoreError) in
                // A null `course` means every course; sums of bigint are numeric in PostgreSQL, hence the casts.
                let xp: Int
                if let since {
                    xp = try PostgresLink.decode(try connection.fetch("""
                        SELECT (SELECT coalesce(sum(xp), 0)::bigint FROM answer WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))
                                  AND answered_at >= \(since))
                             + (SELECT coalesce(sum(xp), 0)::bigint FROM review_log WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))
                                  AND reviewed_at >= \(Int64(since.timeIntervalSince1970)))
                        """)[0], Int.self)
                } else {
                    xp = try PostgresLink.decode(try connection.fetch("""
                        SELECT coalesce(sum(xp), 0)::bigint FROM enrolment WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))
                        """)[0], Int.self)
                }
                let row = try connection.fetch("""
                    SELECT
                      (SELECT count(*) FROM lesson_completion WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))),
                      (SELECT count(*) FILTER (WHERE first_try) FROM question_state WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))),
                      (SELECT count(*) FROM question_state WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course)) AND (attempts > 0 OR revealed)),
                      (SELECT max(answered_at) FROM answer WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))),
                      (SELECT max(reviewed_at) FROM review_log WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course))),
                      (SELECT max(started_at) FROM enrolment WHERE learner_id = \(id) AND (\(course)::text IS NULL OR course = \(course)))
                    """)[0]
                let (lessons, firstTry, answered, lastAnswer, lastReview, lastStart) = try PostgresLink.decode(
                    row, (Int, Int, Int, Date?, Int64?, Date?).self)
                return (xp, lessons, firstTry, answered, [lastAnswer, lastReview.map { Date(timeIntervalSince1970: TimeInterval($0)) }, lastStart].compactMap { $0 }.max())
            }
            let (xp, lessons, firstTry, tried, last) = row
            // Learners with nothing in this course are not on its board.
            if course != nil && last == nil { continue }
            totals.append(LearnerTotals(learner: learner, xp: xp, lessonsDone: lessons, firstTry: firstTry, questionsTried: tried,
                                        streak: try streak(for: learner, today: today), lastActive: last, isHidden: hidden))
        }
        return totals
    }

    public func missedQuestions(course: String?, limit: Int) throws(StoreError) -> [MissedQuestion] {
        try reader.with { connection throws(StoreError) in
            try connection.fetch("""
                SELECT course, question, count(*) FILTER (WHERE NOT first_try) AS missed, count(*) AS answered FROM question_state
                WHERE attempts > 0 AND (\(course)::text IS NULL OR course = \(course))
                GROUP BY course, question HAVING count(*) FILTER (WHERE NOT first_try) > 0
                ORDER BY missed DESC, answered DESC, course, question LIMIT \(limit)
                """).map { row throws(StoreError) in
                let (course, question, missed, answered) = try PostgresLink.decode(row, (String, String, Int, Int).self)
                return MissedQuestion(course: course, question: question, missed: missed, answered: answered)
            }
        }
    }
}
