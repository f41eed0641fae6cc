import Foundation
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// A batch is written table by table, one statement per table over all its rows in
/// PostgreSQL, with every write's precondition checked as if the writes applied one by one.
/// Every store.
@Suite(.blockingThreads) struct BatchWriteTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)
    let carol = LearnerID(uid: 1002)
    let dave = LearnerID(uid: 1003, profile: "second")

    func answer(_ question: String, _ given: String, xp: Int = 10, moving step: Int? = nil) -> [TutoringEvent] {
        var events: [TutoringEvent] = [
            .answerRecorded(AnswerRecord(lessonID: "one", questionID: question, given: given, isCorrect: true, attempt: 1, usedHint: false)),
            .xpAwarded(questionID: question, points: xp),
        ]
        if let step {
            events.append(.positionMoved(CoursePosition(lessonID: "one", lessonIndex: 0, step: step, nodeID: nil, nodeBeat: 0, isFinished: false)))
        }
        return events
    }

    func write(_ learner: LearnerID, _ events: [TutoringEvent], from precondition: ProgressWrite.Precondition,
               opens: Bool = false) -> ProgressWrite {
        ProgressWrite(learner: learner, course: "tiny", events: events, date: Date(), opensCourse: opens, precondition: precondition)
    }

    @Test(arguments: StoreKind.allCases) func aBatchMixingNewAndKnownLearnersStoresEachAsItsOwnWritesSay(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let first = write(alice, answer("q1", "a1", moving: 1), from: .notEnrolled)
        #expect(try store.record([first]).isEmpty)
        // Alice is known (her row id remembered, her enrolment stored); Bob and Dave are new,
        // and Dave is a second profile; Alice writes twice, each from the last.
        let second = write(alice, answer("q2", "a2", xp: 5, moving: 2), from: .revision(first.revision))
        let bobs = write(bob, answer("q1", "b1"), from: .notEnrolled, opens: true)
        let third = write(alice, answer("q1", "a3", xp: 1), from: .revision(second.revision), opens: true)
        let daves = write(dave, answer("q2", "d1", xp: 7, moving: 5), from: .unconditional)
        #expect(try store.record([second, bobs, third, daves]).isEmpty)

        let aliceNow = try #require(try store.storedProgress(for: alice, course: "tiny"))
        #expect(aliceNow.revision == third.revision)
        #expect(aliceNow.progress.xp == 16)
        #expect(aliceNow.progress.position?.step == 2)
        #expect(aliceNow.progress.questions["q1"]?.xp == 11)
        #expect(aliceNow.progress.questions["q1"]?.attempts == 2)
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == ["a1", "a2", "a3"])
        #expect(try store.lastCourse(for: alice) == "tiny")
        let bobNow = try #require(try store.storedProgress(for: bob, course: "tiny"))
        #expect(bobNow.revision == bobs.revision)
        #expect(bobNow.progress.xp == 10)
        #expect(try store.lastCourse(for: bob) == "tiny")
        let daveNow = try #require(try store.storedProgress(for: dave, course: "tiny"))
        #expect(daveNow.progress.xp == 7)
        #expect(daveNow.progress.position?.step == 5)
        #expect(try store.lastCourse(for: dave) == nil)
        #expect(try store.learners().count == 3)
        #expect(try store.studyDays(for: dave).count == 1)
    }

    @Test(arguments: StoreKind.allCases) func aRefusedWriteInTheMiddleOfABatchRefusesWhatFollowsFromItOnly(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let alices = write(alice, answer("q1", "a1"), from: .notEnrolled)
        let bobs = write(bob, answer("q1", "b1"), from: .notEnrolled)
        #expect(try store.record([alices, bobs]).isEmpty)

        let aliceNext = write(alice, answer("q2", "a2"), from: .revision(alices.revision))
        let bobStale = write(bob, answer("q2", "stale"), from: .revision(12345))
        let carols = write(carol, answer("q1", "c1"), from: .notEnrolled)
        let bobChained = write(bob, answer("q1", "chained"), from: .revision(bobStale.revision))
        let aliceAgain = write(alice, answer("q1", "a3"), from: .notEnrolled)  // she is enrolled
        let aliceLast = write(alice, answer("q1", "a4", xp: 3), from: .revision(aliceNext.revision))
        let bobScript = write(bob, answer("q2", "script", xp: 1), from: .unconditional)
        let refused = try store.record([aliceNext, bobStale, carols, bobChained, aliceAgain, aliceLast, bobScript])
        #expect(refused == [1, 3, 4])

        let aliceNow = try #require(try store.storedProgress(for: alice, course: "tiny"))
        #expect(aliceNow.revision == aliceLast.revision)
        #expect(aliceNow.progress.xp == 23)
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == ["a1", "a2", "a4"])
        let bobNow = try #require(try store.storedProgress(for: bob, course: "tiny"))
        #expect(bobNow.revision == bobScript.revision)
        #expect(bobNow.progress.xp == 11)
        #expect(try store.answers(for: bob, course: "tiny").map(\.given) == ["b1", "script"])
        #expect(try store.storedProgress(for: carol, course: "tiny")?.revision == carols.revision)
    }

    @Test(arguments: StoreKind.allCases) func aResetInsideABatchKeepsOnlyWhatFollowsIt(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let before = write(alice, answer("q1", "old", moving: 3), from: .notEnrolled)
        #expect(try store.record([before]).isEmpty)
        let inBatch = write(alice, answer("q2", "gone"), from: .revision(before.revision))
        let fresh = write(alice, answer("q2", "new", xp: 4), from: .notEnrolled)
        let bobs = write(bob, answer("q1", "b1"), from: .notEnrolled)
        let strangersReset = ProgressWrite.reset(carol, course: "tiny", date: Date())
        #expect(try store.record([inBatch, .reset(alice, course: "tiny", date: Date()), fresh, bobs, strangersReset]).isEmpty)
        let aliceNow = try #require(try store.storedProgress(for: alice, course: "tiny"))
        #expect(aliceNow.revision == fresh.revision)
        #expect(aliceNow.progress.xp == 4)
        #expect(aliceNow.progress.questions["q1"] == nil)
        #expect(aliceNow.progress.questions["q2"]?.attempts == 1)
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == ["new"])
        #expect(try store.learners().count == 2)  // a reset alone makes no learner
    }

    /// PostgreSQL writes a batch in a fixed number of statements, whatever the number of
    /// learners in it: one per table.
    @Test func aPostgresBatchTakesAsManyStatementsForFortyLearnersAsForOne() throws {
        let directory = try TemporaryDirectory()
        let store = try #require(try StoreKind.postgres.open(directory) as? PostgresProgressStore)
        func statements(_ body: () throws -> Void) rethrows -> Int {
            let sent = { store.tables.dialect.writers.links.reduce(0) { $0 + $1.statementsSent.load(ordering: .relaxed) } }
            let before = sent()
            try body()
            return sent() - before
        }
        func batch(_ learners: Range<UInt32>, round: Int) -> [ProgressWrite] {
            learners.map { write(LearnerID(uid: 2000 + $0), answer("q\(round % 2 + 1)", "r\(round)", moving: round), from: .unconditional) }
        }
        // New learners, then known ones.
        let one = try statements { try store.record(batch(0..<1, round: 1)) }
        let forty = try statements { try store.record(batch(1..<41, round: 1)) }
        #expect(one == forty)
        let oneKnown = try statements { try store.record(batch(0..<1, round: 2)) }
        let fortyKnown = try statements { try store.record(batch(1..<41, round: 2)) }
        #expect(oneKnown == fortyKnown)
        // BEGIN, the learners locked, the enrolments and questions read, the enrolments,
        // questions and answers written, COMMIT.
        #expect(fortyKnown == 8)
        #expect(try store.answers(for: LearnerID(uid: 2040), course: "tiny").map(\.given) == ["r1", "r2"])
    }
}
