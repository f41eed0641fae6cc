import Dialogue
import Foundation
import GRDB
import Logging
import NIOPosix
import PostgresNIO
import TestPostgres
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// A fresh directory per test, removed afterwards.
final class TemporaryDirectory {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-store-\(UUID().uuidString.prefix(8))").path
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var database: String { path + "/tutord.sqlite" }
}

let storeCourse: Course = DialogueParser().parse("""
    course tiny
    title: Tiny
    level: beginner
    summary: Two lessons.
    lesson one
    title: One
    > First beat.
    takeaway: Remember one.
    question q1
    ask: Pick b.
    - a
    + b
    explain: Because b.
    hint: Not a.
    lesson two
    title: Two
    > Second lesson.
    takeaway: Remember two.
    question q2
    ask: Pick y.
    - x
    + y
    explain: Because y.
    hint: Not x.
    """, file: "tiny").course!

/// The stores the behaviour tests run against: the conformance suite of ``ProgressStorage``.
/// A test that takes a `StoreKind` holds every store to the same contract; the others test
/// what only the SQLite file has (migrations, foreign files, checkpoints).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    /// A database of its own on the tests' PostgreSQL server (``PostgresServer``).
    case postgres

    /// A new, empty store of this kind (an SQLite file in `directory`).
    func open(_ directory: TemporaryDirectory) throws -> any ProgressStorage {
        switch self {
        case .sqlite:
            return try SQLiteProgressStore.open(path: directory.database)
        case .postgres:
            let server = PostgresServer.shared
            let database = try server.makeDatabase()
            return try PostgresProgressStore.open(
                configuration: .init(unixSocketPath: server.socketPath, username: server.user, password: nil, database: database),
                location: database)
        }
    }

    /// Two stores on one new, empty database: two tutords on two hosts sharing it.
    func openTwo(_ directory: TemporaryDirectory) throws -> (any ProgressStorage, any ProgressStorage) {
        switch self {
        case .sqlite:
            return (try SQLiteProgressStore.open(path: directory.database), try SQLiteProgressStore.open(path: directory.database))
        case .postgres:
            let server = PostgresServer.shared
            let database = try server.makeDatabase()
            let configuration = PostgresConnection.Configuration(unixSocketPath: server.socketPath, username: server.user, password: nil,
                                                                 database: database)
            return (try PostgresProgressStore.open(configuration: configuration, location: database),
                    try PostgresProgressStore.open(configuration: configuration, location: database))
        }
    }

    var testDescription: String { rawValue }
}

@Suite(.blockingThreads) struct ProgressStoreTests {
    let alice = LearnerID(uid: 1000)

    /// Runs a conversation, storing each response's events; returns it.
    func converse(_ inputs: [String], store: any ProgressStorage, learner: LearnerID, date: Date = Date()) throws -> Conversation {
        var conversation = Conversation(course: storeCourse, progress: try store.progress(for: learner, course: "tiny") ?? LearnerProgress())
        let opened = conversation.open()
        try store.record([ProgressWrite(learner: learner, course: "tiny", events: opened.events, date: date, opensCourse: true)])
        for input in inputs {
            let response = conversation.respond(to: input)
            try store.record([ProgressWrite(learner: learner, course: "tiny", events: response.events, date: date)])
        }
        return conversation
    }

    @Test func migratesAnEmptyFile() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteProgressStore.open(path: directory.database)
        #expect(try store.integrityCheck() == "ok")
        let tables = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        for table in ["answer", "enrolment", "learner", "lesson_completion", "question_state", "review_log", "study_day"] {
            #expect(tables.contains(table))
        }
        let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        // Small pages: a commit writes about a page per learner (SQLiteProgressStore.pageSize).
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 1024)
        // Opening again is a no-op migration.
        _ = try SQLiteProgressStore.open(path: directory.database)
    }

    /// The connection that commits syncs the log at every commit (FULL, 2): an acknowledged
    /// write survives a crash of the machine. GRDB's WAL set-up leaves a pool's writer at
    /// NORMAL (1), which syncs only at checkpoints; the store sets FULL after it.
    @Test func theWriterSyncsEveryCommit() throws {
        let directory = try TemporaryDirectory()
        for _ in 0..<2 {  // a new file, then an existing one
            let store = try SQLiteProgressStore.open(path: directory.database)
            #expect(try store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func storedEventsRebuildTheSameProgress(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let conversation = try converse(["", "", "a", "hint", "b", "", "", "skip"], store: store, learner: alice)
        var stored = try #require(try store.progress(for: alice, course: "tiny"))
        // The store dates the course from its writes; this conversation was given no clock.
        #expect(stored.startedAt != nil && stored.finishedAt == nil)
        stored.startedAt = nil
        #expect(stored == conversation.progress)
        #expect(stored.xp == 5)
        #expect(stored.completedLessons == ["one"])
        #expect(stored.questions["q1"]?.attempts == 2)
        #expect(stored.position == conversation.position)
    }

    /// The whole course in one write, the enrolment's changes (position, XP, finish) in one
    /// statement: from nothing stored (`notEnrolled`), whatever is stored (`unconditional`),
    /// and on top of a stored revision.
    @Test(arguments: StoreKind.allCases) func aWholeCourseInOneWriteRebuildsTheSameProgress(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let date = Date(timeIntervalSince1970: 1_790_000_000.25)
        func wholeCourse(from progress: LearnerProgress = LearnerProgress()) -> (Conversation, [TutoringEvent]) {
            var conversation = Conversation(course: storeCourse, progress: progress)
            var events = conversation.open().events
            var wrongOnce = false  // q1 is answered wrong first, then right; q2 right at once
            for _ in 0..<60 where conversation.expectation != .end {
                var input = conversation.expectation == .choice ? "no" : ""
                if conversation.expectation == .answer, let quiz = conversation.openQuiz {
                    input = quiz.question == "q2" || wrongOnce ? "2" : "1"
                    if quiz.question == "q1" { wrongOnce = true }
                }
                events += conversation.respond(to: input).events
            }
            return (conversation, events)
        }
        let bob = LearnerID(uid: 1001), carol = LearnerID(uid: 1002)
        let (finished, events) = wholeCourse()
        #expect(finished.progress.isCourseCompleted && finished.progress.xp > 0)
        let first = ProgressWrite(learner: alice, course: "tiny", events: events, date: date, opensCourse: true, precondition: .notEnrolled)
        try store.record([first,
                          ProgressWrite(learner: bob, course: "tiny", events: events, date: date, precondition: .unconditional)])
        // Carol's course goes on from a stored start: a revision chain.
        var carolStart = Conversation(course: storeCourse)
        let opening = ProgressWrite(learner: carol, course: "tiny", events: carolStart.open().events, date: date, precondition: .notEnrolled)
        try store.record([opening])
        let (carolFinished, carolEvents) = wholeCourse(from: carolStart.progress)
        #expect(try store.record([ProgressWrite(learner: carol, course: "tiny", events: carolEvents, date: date,
                                                precondition: .revision(opening.revision))]).isEmpty)
        for (learner, conversation) in [(alice, finished), (bob, finished), (carol, carolFinished)] {
            var stored = try #require(try store.progress(for: learner, course: "tiny"))
            #expect(stored.startedAt == 1_790_000_000 && stored.finishedAt == 1_790_000_000)
            stored.startedAt = nil
            stored.finishedAt = nil
            #expect(stored == conversation.progress, "\(learner)")
        }
        #expect(try store.answers(for: alice, course: "tiny").map(\.xp) == (try store.answers(for: bob, course: "tiny").map(\.xp)))
    }

    @Test(arguments: StoreKind.allCases) func answersAreKeptInFull(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try converse(["", "", "a", "hint", "b"], store: store, learner: alice)
        let answers = try store.answers(for: alice, course: "tiny")
        #expect(answers.map(\.given) == ["a", "b"])
        #expect(answers.map(\.isCorrect) == [false, true])
        #expect(answers.map(\.attempt) == [1, 2])
        #expect(answers.map(\.usedHint) == [false, true])
        #expect(answers.map(\.xp) == [0, 5])
    }

    @Test(arguments: StoreKind.allCases) func aRestoredConversationContinuesWhereItStopped(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try converse(["", ""], store: store, learner: alice)
        var resumed = Conversation(course: storeCourse, progress: try #require(try store.progress(for: alice, course: "tiny")))
        let reply = resumed.open()
        #expect(reply.turns.contains(.quiz(id: "q1", prompt: "Pick b.", isFreeText: false)))
    }

    @Test(arguments: StoreKind.allCases) func learnersAndProfilesAreSeparate(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try converse(["", "", "b"], store: store, learner: alice)
        let work = LearnerID(uid: 1000, profile: "work")
        #expect(try store.progress(for: work, course: "tiny") == nil)
        #expect(try store.progress(for: LearnerID(uid: 1001), course: "tiny") == nil)
        #expect(try store.lastCourse(for: alice) == "tiny")
        #expect(try store.lastCourse(for: work) == nil)
    }

    @Test(arguments: StoreKind.allCases) func streakCountsConsecutiveDays(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let day: TimeInterval = 86_400
        let today = Date()
        for offset in [0.0, 1, 2, 4] {
            try store.record([ProgressWrite(learner: alice, course: "tiny", events: [], date: today - offset * day)])
        }
        #expect(try store.streak(for: alice, today: today) == 3)
        #expect(try store.streak(for: alice, today: today + day) == 3)  // not studied yet today: yesterday counts
        #expect(try store.streak(for: alice, today: today + 2 * day) == 0)
        #expect(try store.streak(for: LearnerID(uid: 7), today: today) == 0)
    }

    @Test(arguments: StoreKind.allCases) func resetForgetsOneCourse(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try converse(["", "", "b"], store: store, learner: alice)
        try store.record([ProgressWrite(learner: alice, course: "other", events: [.xpAwarded(questionID: "x", points: 3)], date: Date())])
        try store.reset(alice, course: "tiny")
        #expect(try store.progress(for: alice, course: "tiny") == nil)
        #expect(try store.answers(for: alice, course: "tiny").isEmpty)
        #expect(try store.progress(for: alice, course: "other")?.xp == 3)
    }

    @Test(arguments: StoreKind.allCases) func writesAfterAResetStartAFreshEnrolment(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try converse(["", ""], store: store, learner: alice)  // the store now remembers the enrolment
        try store.reset(alice, course: "tiny")
        let position = CoursePosition(lessonID: "two", lessonIndex: 1, step: 0)
        try store.record([ProgressWrite(learner: alice, course: "tiny", events: [.positionMoved(position)], date: Date())])
        #expect(try store.progress(for: alice, course: "tiny")?.position == position)
    }

    @Test(arguments: StoreKind.allCases) func exportIsJSONWithEveryAnswer(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        _ = try converse(["", "", "a", "b"], store: store, learner: alice)
        let object = try #require(try JSONSerialization.jsonObject(with: try store.export(alice)) as? [String: Any])
        #expect(object["uid"] as? Int == 1000)
        #expect(object["last_course"] as? String == "tiny")
        let courses = try #require(object["courses"] as? [[String: Any]])
        #expect(courses.first?["course"] as? String == "tiny")
        #expect((courses.first?["answers"] as? [Any])?.count == 2)
        #expect(courses.first?["xp"] as? Int == 5)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndUntouched() throws {
        let directory = try TemporaryDirectory()
        try "my notes, not a database\n".write(toFile: directory.database, atomically: true, encoding: .utf8)
        #expect { try SQLiteProgressStore.open(path: directory.database) } throws: { error in
            (error as? StoreError)?.kind == .foreignFile
        }
        #expect(try String(contentsOfFile: directory.database, encoding: .utf8) == "my notes, not a database\n")
    }

    @Test func anotherProgramsDatabaseIsRefusedAndUntouched() throws {
        let directory = try TemporaryDirectory()
        let other = try DatabaseQueue(path: directory.database)
        try other.write { db in try db.execute(sql: "CREATE TABLE recipes (name TEXT)") }
        try other.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: directory.database))
        #expect { try SQLiteProgressStore.open(path: directory.database) } throws: { error in
            (error as? StoreError)?.kind == .foreignFile
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.database)) == before)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        _ = try SQLiteProgressStore.open(path: directory.database)
        let queue = try DatabaseQueue(path: directory.database)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        #expect { try SQLiteProgressStore.open(path: directory.database) } throws: { error in
            (error as? StoreError)?.kind == .newerSchema
        }
    }

    @Test(arguments: StoreKind.allCases) func groupCommitCommitsEverythingSubmitted(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let committer = GroupCommitter(store: store)
        let done = DispatchGroup()
        let failures = NSLock()
        nonisolated(unsafe) var failed = 0
        for learner in 0..<50 {
            for question in 0..<20 {
                done.enter()
                let answer = AnswerRecord(lessonID: "one", questionID: "q\(question)", given: "b", isCorrect: true, attempt: 1, usedHint: false)
                committer.submit(ProgressWrite(learner: LearnerID(uid: UInt32(learner)), course: "tiny",
                                               events: [.answerRecorded(answer)], date: Date())) { result in
                    if case .failure = result { failures.lock(); failed += 1; failures.unlock() }
                    done.leave()
                }
            }
        }
        done.wait()
        #expect(failed == 0)
        for learner in 0..<50 {
            #expect(try store.answers(for: LearnerID(uid: UInt32(learner)), course: "tiny").count == 20)
        }
    }
}

@Suite struct StoreErrorCauseTests {
    @Test func aFailedWriteSaysWhyInWords() {
        #expect(StoreError(.io, "cannot save progress: SQLite error 13: database or disk is full").cause == ("the disk is full", false))
        #expect(StoreError(.io, "cannot save progress: SQLite error 8: attempt to write a readonly database").cause
                == ("the progress database has become read-only", true))
        #expect(StoreError(.io, "cannot save progress: SQLite error 10: disk I/O error").cause == ("the disk reported an error", false))
    }
}

/// What only the PostgreSQL store has to refuse: a database of another program, and one a
/// newer tutord migrated (its ledger names a migration this tutord does not know). Both are
/// left as they were.
@Suite(.blockingThreads) struct PostgresSchemaRefusalTests {
    func connection(_ database: String) -> PostgresConnection.Configuration {
        .init(unixSocketPath: PostgresServer.shared.socketPath, username: PostgresServer.shared.user, password: nil, database: database)
    }

    /// Runs statements on `database` through a store-independent link.
    func execute(_ statements: [String], on database: String) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let link = PostgresLink(configuration: connection(database), eventLoop: group.next(), logger: Logger(label: "test"),
                                location: database, outage: PostgresOutage(logger: Logger(label: "test"), location: database))
        defer { link.close() }
        try link.with { connection throws(StoreError) in
            for statement in statements { connection.run(PostgresQuery(unsafeSQL: statement)) }
        }
    }

    @Test func anotherProgramsDatabaseIsRefusedAndUntouched() throws {
        let database = try PostgresServer.shared.makeDatabase()
        try execute(["CREATE TABLE invoices (id int)"], on: database)
        #expect { try PostgresProgressStore.open(configuration: connection(database), location: database) } throws: { error in
            (error as? StoreError)?.kind == .foreignFile && "\(error)".contains("holds tables of another program")
        }
        // Nothing was added: no ledger, no tutord table.
        #expect { try execute(["SELECT 1 FROM tutord_migration"], on: database) } throws: { _ in true }
    }

    @Test func aDatabaseOfANewerTutordIsRefused() throws {
        let database = try PostgresServer.shared.makeDatabase()
        _ = try PostgresProgressStore.open(configuration: connection(database), location: database)
        try execute(["INSERT INTO tutord_migration (id) VALUES ('v99-from-the-future')"], on: database)
        #expect { try PostgresProgressStore.open(configuration: connection(database), location: database) } throws: { error in
            (error as? StoreError)?.kind == .newerSchema && "\(error)".contains("written by a newer tutord")
        }
    }
}
