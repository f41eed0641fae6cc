import Foundation
import Synchronization
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// The group committer keeps as many batches in flight as the store can run at once, and
/// never lets a learner's later write overtake an earlier one.
@Suite(.blockingThreads) struct CommitsInFlightTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)

    func step(_ learner: LearnerID, _ given: String) -> ProgressWrite {
        ProgressWrite(learner: learner, course: "tiny", events: [
            .answerRecorded(AnswerRecord(lessonID: "one", questionID: "q1", given: given, isCorrect: false, attempt: 1, usedHint: false)),
        ], date: Date())
    }

    @Test func aSecondBatchCommitsWhileTheFirstWaitsButNeverWithTheSameLearner() throws {
        let store = HeldStore()
        let committer = GroupCommitter(store: store, inFlight: 2)
        let bobDone = DispatchSemaphore(value: 0)
        committer.submit(step(alice, "alice 1")) { _ in }
        #expect(store.nextBatch() == ["alice 1"])
        // The first batch is held. Alice's next step waits for it; Bob's goes in a second
        // batch, which commits while the first is still held.
        committer.submit(step(alice, "alice 2")) { _ in }
        committer.submit(step(bob, "bob 1")) { _ in bobDone.signal() }
        #expect(store.nextBatch() == ["bob 1"])
        store.release(1)
        #expect(bobDone.wait(timeout: .now() + 10) == .success)
        // A batch could start now, but not with Alice's step while her first is in flight.
        #expect(store.batchesSeen == 2)
        store.release(0)
        #expect(store.nextBatch() == ["alice 2"])
        store.release(2)
        committer.flush()
        #expect(store.batchesSeen == 3)
    }

    @Test func withOneInFlightTheNextBatchWaitsForTheFirst() throws {
        let store = HeldStore()
        let committer = GroupCommitter(store: store, inFlight: 1)
        committer.submit(step(alice, "alice 1")) { _ in }
        #expect(store.nextBatch() == ["alice 1"])
        committer.submit(step(bob, "bob 1")) { _ in }
        committer.submit(step(alice, "alice 2")) { _ in }
        #expect(store.batchesSeen == 1)
        store.release(0)
        #expect(store.nextBatch() == ["bob 1", "alice 2"])
        store.release(1)
        committer.flush()
    }

    /// Each learner's steps are chained (each made from the revision the one before left),
    /// all submitted at once: with two batches in flight every one must still apply, in order.
    @Test(arguments: StoreKind.allCases) func chainedStepsOfManyLearnersAllApplyInOrder(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let committer = GroupCommitter(store: store, maxBatch: 16, inFlight: 2)
        let learners = (0..<12).map { LearnerID(uid: 4000 + UInt32($0)) }
        let failures = Mutex<[String]>([])
        let done = DispatchGroup()
        var last: [LearnerID: Int64] = [:]
        for round in 0..<25 {
            for learner in learners {
                var write = step(learner, "\(round)")
                write.precondition = last[learner].map { .revision($0) } ?? .notEnrolled
                last[learner] = write.revision
                done.enter()
                committer.submit(write) { result in
                    if case .failure(let error) = result { failures.withLock { $0.append("\(learner) \(round): \(error)") } }
                    done.leave()
                }
            }
        }
        #expect(done.wait(timeout: .now() + 120) == .success)
        #expect(failures.withLock { $0 } == [])
        for learner in learners {
            #expect(try store.storedProgress(for: learner, course: "tiny")?.revision == last[learner])
            #expect(try store.answers(for: learner, course: "tiny").map(\.given) == (0..<25).map { "\($0)" })
        }
    }
}

/// A store whose ``record(_:)`` waits until the test releases it, and says which answers
/// each batch carried.
final class HeldStore: ProgressStorage, @unchecked Sendable {
    let location = "held"
    let isReadOnly = false
    let readOnlyCause: String? = nil
    var transactionsAtOnce: Int { 2 }
    private let lock = NSLock()
    private var batches: [[String]] = []
    private var taken = 0
    private let arrived = DispatchSemaphore(value: 0)
    /// One gate per batch, in the order batches arrive.
    private let gates = (0..<16).map { _ in DispatchSemaphore(value: 0) }

    /// The next batch to reach the store (nil if none does within 10 s).
    func nextBatch() -> [String]? {
        guard arrived.wait(timeout: .now() + 10) == .success else { return nil }
        return lock.withLock {
            defer { taken += 1 }
            return batches[taken]
        }
    }

    /// Lets the batch that arrived `index`th (from 0) return.
    func release(_ index: Int) { gates[index].signal() }

    var batchesSeen: Int { lock.withLock { batches.count } }

    func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int> {
        let answers = writes.map { write in
            write.events.compactMap { event -> String? in
                if case .answerRecorded(let answer) = event { return answer.given }
                return nil
            }.joined()
        }
        let index = lock.withLock {
            batches.append(answers)
            return batches.count - 1
        }
        arrived.signal()
        gates[index].wait()
        return []
    }

    func forget(_ learner: LearnerID) {}
    func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress? { nil }
    func learners() throws(StoreError) -> [LearnerID] { [] }
    func lastCourse(for learner: LearnerID) throws(StoreError) -> String? { nil }
    func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String> { [] }
    func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer] { [] }
    func growingRows(for learner: LearnerID) throws(StoreError) -> [String: Int] { [:] }
    func progressExport(_ learner: LearnerID) throws(StoreError) -> ProgressExport { throw StoreError(.io, "not held") }
    func exportStream(_ learner: LearnerID, pageBytes: Int) throws(StoreError) -> ExportStream { throw StoreError(.io, "not held") }
    func learnerTotals(course: String?, since: Date?, uid: UInt32?, today: Date) throws(StoreError) -> [LearnerTotals] { [] }
    func missedQuestions(course: String?, limit: Int) throws(StoreError) -> [MissedQuestion] { [] }
}
