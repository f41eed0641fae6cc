import Dispatch
import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import TestPostgres
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// In PostgreSQL, a learner whose rows another session holds locked does not stall the
/// others: the group committer commits their writes while the lock is held, and the held
/// learner's writes, in order, once it is let go.
@Suite(.blockingThreads) struct HeldLearnerTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)
    let carol = LearnerID(uid: 1002)

    func step(_ learner: LearnerID, _ given: String, after revision: Int64?) -> ProgressWrite {
        var write = ProgressWrite(learner: learner, course: "tiny", events: [
            .answerRecorded(AnswerRecord(lessonID: "one", questionID: "q1", given: given, isCorrect: false, attempt: 1, usedHint: false)),
        ], date: Date())
        write.precondition = revision.map { .revision($0) } ?? .notEnrolled
        return write
    }

    /// A session outside the store holding `SELECT … FOR UPDATE` on one learner's learner
    /// row until `release` is signalled (as `psql` in `tutord-bench class --stall` does).
    final class RowLock: @unchecked Sendable {
        private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        private let link: PostgresLink
        private let release = DispatchSemaphore(value: 0)
        private let done = DispatchSemaphore(value: 0)

        init(_ store: PostgresProgressStore, _ learner: LearnerID) throws {
            let server = PostgresServer.shared
            let configuration = PostgresConnection.Configuration(unixSocketPath: server.socketPath, username: server.user, password: nil,
                                                                 database: store.location)
            link = PostgresLink(configuration: configuration, eventLoop: group.next(), logger: Logger(label: "test"),
                                location: store.location, outage: PostgresOutage(logger: Logger(label: "test"), location: store.location))
            let name = store.tables.dialect.userName(learner.uid), profile = learner.profile
            let locked = DispatchSemaphore(value: 0)
            let found = Mutex(0)
            let link = link, release = release, done = done
            Thread.detachNewThread {
                _ = try? link.transaction { connection throws(StoreError) in
                    let rows = try connection.fetch("SELECT id FROM learner WHERE user_name = \(name) AND profile = \(profile) FOR UPDATE")
                    found.withLock { $0 = rows.count }
                    locked.signal()
                    release.wait()
                }
                done.signal()
            }
            locked.wait()
            try #require(found.withLock { $0 } == 1, "the learner row to lock is not there")
        }

        /// Ends the session's transaction, letting the lock go.
        func letGo() {
            release.signal()
            done.wait()
            link.close()
            try? group.syncShutdownGracefully()
        }
    }

    @Test func aLockedLearnerDoesNotHoldUpTheBatchAndIsCommittedInOrderOnceLetGo() throws {
        let directory = try TemporaryDirectory()
        let store = try #require(try StoreKind.postgres.open(directory) as? PostgresProgressStore)
        var last: [LearnerID: Int64] = [:]
        for learner in [alice, bob, carol] {
            let first = step(learner, "1", after: nil)
            try store.record([first])
            last[learner] = first.revision
        }
        // One batch in flight: whichever batch Alice's step lands in, with others or alone,
        // nobody's writes may wait for her lock (with two, a second batch could hide a stall).
        let committer = GroupCommitter(store: store, inFlight: 1)
        let lock = try RowLock(store, alice)
        var letGo = false
        defer { if !letGo { lock.letGo() } }

        // Alice's two steps (the second made from the first) and Bob's and Carol's, submitted
        // together while Alice's row is locked.
        let results = Mutex<[String: Result<Void, StoreError>]>([:])
        let others = DispatchGroup(), alices = DispatchGroup()
        func submit(_ learner: LearnerID, _ given: String, _ group: DispatchGroup) {
            let write = step(learner, given, after: last[learner])
            last[learner] = write.revision
            group.enter()
            committer.submit(write) { result in
                results.withLock { $0["\(learner.uid) \(given)"] = result }
                group.leave()
            }
        }
        submit(alice, "2", alices)
        submit(bob, "2", others)
        submit(carol, "2", others)
        submit(alice, "3", alices)
        submit(bob, "3", others)

        // The others' steps are committed while the lock is still held.
        #expect(others.wait(timeout: .now() + 30) == .success, "the others waited for the locked learner")
        let committedMeanwhile = results.withLock { $0 }
        for key in ["1001 2", "1002 2", "1001 3"] {
            #expect((try? committedMeanwhile[key]?.get()) != nil, "\(key): \(String(describing: committedMeanwhile[key]))")
        }
        // Nothing of Alice's is answered or stored while her row is locked.
        #expect(committedMeanwhile["1000 2"] == nil && committedMeanwhile["1000 3"] == nil)
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == ["1"])
        #expect(try store.answers(for: bob, course: "tiny").map(\.given) == ["1", "2", "3"])

        lock.letGo()
        letGo = true
        #expect(alices.wait(timeout: .now() + 30) == .success, "the locked learner's steps were never committed")
        let after = results.withLock { $0 }
        #expect((try? after["1000 2"]?.get()) != nil && (try? after["1000 3"]?.get()) != nil,
                "\(String(describing: after["1000 2"])) \(String(describing: after["1000 3"]))")
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == ["1", "2", "3"])
        #expect(try store.storedProgress(for: alice, course: "tiny")?.revision == last[alice])
        committer.flush()
    }

    /// The store itself: the held learner's writes are left out untouched, the rest committed;
    /// a learner who only resets and has no row is not taken for a held one.
    @Test func aBatchLeavesOutTheHeldLearnersWrites() throws {
        let directory = try TemporaryDirectory()
        let (first, second) = try StoreKind.postgres.openTwo(directory)
        let store = try #require(first as? PostgresProgressStore)
        let other = try #require(second as? PostgresProgressStore)
        let aliceFirst = step(alice, "1", after: nil), bobFirst = step(bob, "1", after: nil)
        try store.record([aliceFirst, bobFirst])
        let lock = try RowLock(store, alice)
        var letGo = false
        defer { if !letGo { lock.letGo() } }
        // `other` knows neither learner: Alice's reset is held too, though it inserts nothing.
        let writes = [step(alice, "2", after: aliceFirst.revision), step(bob, "2", after: bobFirst.revision),
                      .reset(alice, course: "tiny", date: Date()), .reset(carol, course: "tiny", date: Date()),
                      step(bob, "3", after: aliceFirst.revision)]
        // On a thread of its own, so that a store waiting for the lock fails the test (and is
        // let go) instead of hanging it.
        let outcome = Mutex<Result<BatchOutcome, StoreError>?>(nil)
        let recorded = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let result = Result { () throws(StoreError) in try other.recordUnlessHeld(writes) }
            outcome.withLock { $0 = result }
            recorded.signal()
        }
        let returned = recorded.wait(timeout: .now() + 30) == .success
        #expect(returned, "the batch waited for the held learner")
        if !returned {
            lock.letGo()
            letGo = true
            recorded.wait()
            return
        }
        #expect(try outcome.withLock { $0 }?.get() == BatchOutcome(refused: [4], held: [0, 2]))
        #expect(try other.answers(for: alice, course: "tiny").map(\.given) == ["1"])
        #expect(try other.answers(for: bob, course: "tiny").map(\.given) == ["1", "2"])
        #expect(try other.learners().count == 2)
        // A reset alone, of a learner `other` does not know, whose row is held: held, not
        // taken for a learner with nothing stored.
        #expect(try other.recordUnlessHeld([.reset(alice, course: "tiny", date: Date())]) == BatchOutcome(held: [0]))
        #expect(try other.answers(for: alice, course: "tiny").map(\.given) == ["1"])
    }
}
