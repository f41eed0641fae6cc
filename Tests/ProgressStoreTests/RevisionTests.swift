import Foundation
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// Several tutords on one database: a write made from progress that another one has
/// moved on since is refused whole, and the rest of its batch is applied. Every store.
@Suite(.blockingThreads) struct RevisionTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)

    func answer(_ question: String, _ given: String = "b") -> [TutoringEvent] {
        [.answerRecorded(AnswerRecord(lessonID: "one", questionID: question, given: given, isCorrect: true, attempt: 1, usedHint: false)),
         .xpAwarded(questionID: question, points: 10)]
    }

    func write(_ learner: LearnerID, _ events: [TutoringEvent], from precondition: ProgressWrite.Precondition) -> ProgressWrite {
        ProgressWrite(learner: learner, course: "tiny", events: events, date: Date(), precondition: precondition)
    }

    @Test(arguments: StoreKind.allCases) func aWriteFromTheStoredRevisionAppliesAndMovesItOn(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        #expect(try store.storedProgress(for: alice, course: "tiny") == nil)
        let first = write(alice, answer("q1"), from: .notEnrolled)
        #expect(try store.record([first]).isEmpty)
        let read = try #require(try store.storedProgress(for: alice, course: "tiny"))
        #expect(read.revision == first.revision)
        let second = write(alice, answer("q2"), from: .revision(read.revision))
        #expect(try store.record([second]).isEmpty)
        let after = try #require(try store.storedProgress(for: alice, course: "tiny"))
        #expect(after.revision == second.revision)
        #expect(after.progress.xp == 20)
    }

    @Test(arguments: StoreKind.allCases) func aWriteFromAStaleRevisionIsRefusedAndChangesNothing(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let (here, there) = try kind.openTwo(directory)
        try here.record([write(alice, answer("q1"), from: .notEnrolled)])
        // Both hosts read the same progress; the other one writes first.
        let readHere = try #require(try here.storedProgress(for: alice, course: "tiny"))
        let readThere = try #require(try there.storedProgress(for: alice, course: "tiny"))
        let theirs = write(alice, answer("q2", "theirs"), from: .revision(readThere.revision))
        #expect(try there.record([theirs]).isEmpty)
        let mine = write(alice, answer("q2", "mine"), from: .revision(readHere.revision))
        #expect(try here.record([mine]) == [0])
        let stored = try #require(try here.storedProgress(for: alice, course: "tiny"))
        #expect(stored.revision == theirs.revision)
        #expect(stored.progress.xp == 20)
        #expect(try here.answers(for: alice, course: "tiny").map(\.given) == ["b", "theirs"])
    }

    @Test(arguments: StoreKind.allCases) func twoHostsStartingTheSameCourseFromNothingCannotBothWin(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let (here, there) = try kind.openTwo(directory)
        let theirs = write(alice, answer("q1", "theirs"), from: .notEnrolled)
        #expect(try there.record([theirs]).isEmpty)
        #expect(try here.record([write(alice, answer("q1", "mine"), from: .notEnrolled)]) == [0])
        #expect(try here.answers(for: alice, course: "tiny").map(\.given) == ["theirs"])
    }

    @Test(arguments: StoreKind.allCases) func theRestOfABatchIsAppliedAroundARefusedWrite(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        try store.record([write(alice, answer("q1"), from: .notEnrolled)])
        let stale = write(alice, answer("q2", "stale"), from: .revision(ProgressWrite.freshRevision()))
        // A write made after the stale one, from what it would have left: refused with it.
        let chained = write(alice, answer("q3", "chained"), from: .revision(stale.revision))
        let other = write(bob, answer("q1"), from: .notEnrolled)
        #expect(try store.record([stale, other, chained]) == [0, 2])
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == ["b"])
        #expect(try store.progress(for: alice, course: "tiny")?.xp == 10)
        #expect(try store.progress(for: bob, course: "tiny")?.xp == 10)
    }

    @Test(arguments: StoreKind.allCases) func aResetAppliesWhateverIsStoredAndLeavesNothingEnrolled(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let (here, there) = try kind.openTwo(directory)
        try here.record([write(alice, answer("q1"), from: .notEnrolled)])
        let readHere = try #require(try here.storedProgress(for: alice, course: "tiny"))
        try there.reset(alice, course: "tiny")
        // What this host held before the reset is stale now; a fresh start is not.
        #expect(try here.record([write(alice, answer("q2"), from: .revision(readHere.revision))]) == [0])
        #expect(try here.record([write(alice, answer("q2", "fresh"), from: .notEnrolled)]).isEmpty)
        #expect(try here.answers(for: alice, course: "tiny").map(\.given) == ["fresh"])
    }

    /// Two tutords committing batches of the same two learners in opposite orders: on a server
    /// database each takes row locks as it goes, and without one shared order they deadlock.
    @Test(arguments: StoreKind.allCases) func batchesOfTheSameLearnersInOppositeOrdersBothCommit(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let (here, there) = try kind.openTwo(directory)
        let failures = CommitOutcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            let store = side == 0 ? here : there
            let learners = side == 0 ? [alice, bob] : [bob, alice]
            for round in 0..<60 {
                do {
                    try store.record(learners.map { write($0, answer("q\(round)"), from: .unconditional) })
                } catch let error as StoreError {
                    failures.set(side * 1000 + round, .failure(error))
                } catch {
                    failures.set(side * 1000 + round, .failure(StoreError(.io, "\(error)")))
                }
            }
        }
        #expect(failures.count == 0, "\(String(describing: failures.first))")
        #expect(try here.answers(for: alice, course: "tiny").count == 120)
        #expect(try here.answers(for: bob, course: "tiny").count == 120)
    }

    @Test(arguments: StoreKind.allCases) func theCommitterFailsARefusedWriteAsAConflictAndCommitsTheRest(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        try store.record([write(alice, answer("q1"), from: .notEnrolled)])
        let committer = GroupCommitter(store: store)
        let outcomes = CommitOutcomes()
        let done = DispatchGroup()
        let writes = [write(alice, answer("q2"), from: .revision(ProgressWrite.freshRevision())), write(bob, answer("q1"), from: .notEnrolled)]
        for (index, write) in writes.enumerated() {
            done.enter()
            committer.submit(write) { result in
                outcomes.set(index, result)
                done.leave()
            }
        }
        done.wait()
        #expect(outcomes.kind(0) == .conflict)
        #expect(outcomes.kind(1) == nil)
        #expect(try store.progress(for: bob, course: "tiny")?.xp == 10)
    }
}

/// The outcomes of a committer's writes, by index, from its queue.
private final class CommitOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Int: Result<Void, StoreError>] = [:]

    func set(_ index: Int, _ outcome: Result<Void, StoreError>) {
        lock.lock(); defer { lock.unlock() }
        outcomes[index] = outcome
    }

    var count: Int {
        lock.lock(); defer { lock.unlock() }
        return outcomes.count
    }

    /// One of the failures.
    var first: StoreError? {
        lock.lock(); defer { lock.unlock() }
        for case .failure(let error) in outcomes.values { return error }
        return nil
    }

    /// The failure's kind, or `nil` for a success.
    func kind(_ index: Int) -> StoreError.Kind? {
        lock.lock(); defer { lock.unlock() }
        if case .failure(let error) = outcomes[index] { return error.kind }
        return nil
    }
}
