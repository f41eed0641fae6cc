import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs one learner's jobs one at a time, in the order they were submitted, whichever
/// connection or event loop submitted them: the serialisation point of a learner.
///
/// Nobody ever waits for the worker. A job submitted while another runs (or waits) is queued,
/// and the submitter gets its result later, through `deliver`; the queue is drained on the
/// learner pool (`ServerContext.learnerPool`), one job after the other. A job submitted to a free worker runs at once on the
/// submitting thread if `runsHere` says it may (it will not block: an event loop answers a
/// step in memory without a thread hop), or else on the pool.
///
/// The lock here guards only the queue, for the time of an append or a removal; no job runs
/// under it.
final class LearnerWorker: Sendable {
    /// Where a job runs.
    enum Placement: Sendable {
        /// On the thread that submitted it (an event loop): it must not block.
        case here
        /// On the learner pool: it may read the store.
        case pool
    }

    private struct Queue {
        /// A job runs (here or on the pool), or the pool is about to run the queue.
        var busy = false
        var jobs = CircularBuffer<@Sendable (Bool) -> Void>(initialCapacity: 1)
    }

    private let queue = NIOLockedValueBox(Queue())

    /// Whether a job of this worker runs now (for assertions and tests).
    var isBusy: Bool { queue.withLockedValue { $0.busy } }

    /// Runs `job` after every job submitted before it.
    ///
    /// - Parameters:
    ///   - runsHere: asked only when the worker is free, before `job` runs and with nothing
    ///     else running: whether `job` may run on the calling thread.
    ///   - stopped: the result when the pool no longer runs jobs (the daemon is stopping).
    ///   - deliver: given the result when `job` did not run here, on the pool's thread.
    /// - Returns: the result if `job` ran here; `nil` if it will be delivered.
    func submit<Result: Sendable>(
        on pool: NIOThreadPool,
        runsHere: () -> Bool,
        _ job: @escaping @Sendable (Placement) -> Result,
        stopped: @escaping @Sendable () -> Result,
        deliver: @escaping @Sendable (Result) -> Void
    ) -> Result? {
        let queued: @Sendable (Bool) -> Void = { runs in deliver(runs ? job(.pool) : stopped()) }
        let free = queue.withLockedValue { queue in
            guard !queue.busy else {
                queue.jobs.append(queued)
                return false
            }
            queue.busy = true
            return true
        }
        guard free else { return nil }
        guard runsHere() else {
            drain(on: pool, first: queued)
            return nil
        }
        let result = job(.here)
        if let next = nextOrFree() { drain(on: pool, first: next) }
        return result
    }

    /// Runs `first`, then every job queued meanwhile, on the pool, until the queue is empty.
    private func drain(on pool: NIOThreadPool, first: @escaping @Sendable (Bool) -> Void) {
        pool.submit { [self] state in
            let runs = state == .active
            var job = first
            while true {
                job(runs)
                guard let next = nextOrFree() else { return }
                job = next
            }
        }
    }

    /// The next queued job, or `nil` after marking the worker free.
    private func nextOrFree() -> (@Sendable (Bool) -> Void)? {
        queue.withLockedValue { queue in
            if let next = queue.jobs.popFirst() { return next }
            queue.busy = false
            return nil
        }
    }
}
