import Dispatch
import NIOConcurrencyHelpers
import NIOPosix
import Testing
@testable import TutorServer

/// The learner's worker: one job at a time, in submission order, and nobody ever waits for it.
@Suite struct LearnerWorkerTests {
    @Test func aFreeWorkerRunsAJobThatMayRunHereAtOnceOnTheCallersThread() throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer { try? pool.syncShutdownGracefully() }
        let worker = LearnerWorker()
        let result = worker.submit(on: pool, runsHere: { true }, { placement in placement == .here ? "here" : "pool" },
                                   stopped: { "stopped" }, deliver: { _ in Issue.record("delivered, not returned") })
        #expect(result == "here")
        #expect(!worker.isBusy)
    }

    @Test func aJobThatMustNotRunHereGoesToThePoolAndIsDelivered() throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer { try? pool.syncShutdownGracefully() }
        let worker = LearnerWorker()
        let delivered = DispatchSemaphore(value: 0)
        let placements = NIOLockedValueBox<[LearnerWorker.Placement]>([])
        let result = worker.submit(on: pool, runsHere: { false }, { placement in placement }, stopped: { .here },
                                   deliver: { placement in placements.withLockedValue { $0.append(placement) }; delivered.signal() })
        #expect(result == nil)
        #expect(delivered.wait(timeout: .now() + 10) == .success)
        #expect(placements.withLockedValue { $0 } == [.pool])
    }

    /// While a job runs (here: blocked, as a store read is when the store hangs), a submitter
    /// gets `nil` at once, and its job runs after the first, then the next, in order.
    @Test func jobsSubmittedWhileOneRunsWaitInOrderWithoutHoldingUpTheSubmitter() throws {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        defer { try? pool.syncShutdownGracefully() }
        let worker = LearnerWorker()
        let order = NIOLockedValueBox<[Int]>([])
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        _ = worker.submit(on: pool, runsHere: { false }, { _ in
            started.signal()
            release.wait()  // the frozen store
            order.withLockedValue { $0.append(0) }
        }, stopped: {}, deliver: { done.signal() })
        #expect(started.wait(timeout: .now() + 10) == .success)
        for index in 1...20 {
            // Even a job that could run here is queued behind the running one.
            let result: Void? = worker.submit(on: pool, runsHere: { Issue.record("asked while busy"); return true }, { _ in
                order.withLockedValue { $0.append(index) }
            }, stopped: {}, deliver: { done.signal() })
            #expect(result == nil)
        }
        #expect(order.withLockedValue { $0 }.isEmpty)
        release.signal()
        for _ in 0...20 { #expect(done.wait(timeout: .now() + 10) == .success) }
        #expect(order.withLockedValue { $0 } == Array(0...20))
        // (Whether the worker is free yet is not asked: the last job's reply is delivered
        // before the worker marks itself free.)
    }

    /// A job that ran here hands the jobs queued meanwhile to the pool, and they run.
    @Test func aJobQueuedWhileOneRunsHereRunsOnThePoolAfterIt() throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer { try? pool.syncShutdownGracefully() }
        let worker = LearnerWorker()
        let delivered = DispatchSemaphore(value: 0)
        let order = NIOLockedValueBox<[String]>([])
        let result = worker.submit(on: pool, runsHere: { true }, { _ in
            // Another connection of the learner, meanwhile:
            let queued: Void? = worker.submit(on: pool, runsHere: { true }, { placement in
                order.withLockedValue { $0.append("second \(placement)") }
            }, stopped: {}, deliver: { delivered.signal() })
            #expect(queued == nil)
            order.withLockedValue { $0.append("first") }
            return "first done"
        }, stopped: { "stopped" }, deliver: { _ in Issue.record("delivered, not returned") })
        #expect(result == "first done")
        #expect(delivered.wait(timeout: .now() + 10) == .success)
        #expect(order.withLockedValue { $0 } == ["first", "second pool"])
    }

    @Test func aStoppedPoolGivesTheStoppedResult() throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        try pool.syncShutdownGracefully()
        let worker = LearnerWorker()
        let delivered = NIOLockedValueBox<String?>(nil)
        _ = worker.submit(on: pool, runsHere: { false }, { _ in "ran" }, stopped: { "stopped" },
                          deliver: { value in delivered.withLockedValue { $0 = value } })
        #expect(delivered.withLockedValue { $0 } == "stopped")
        #expect(!worker.isBusy)
    }
}
