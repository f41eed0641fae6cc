import Dispatch
import Foundation

/// Commits writes in groups: while one transaction is being written (and fsynced), new writes
/// wait, and the next transaction takes all of them at once. Concurrent learners therefore
/// share fsyncs instead of queueing behind each other's.
public final class GroupCommitter: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<Void, StoreError>) -> Void

    private let store: any ProgressStorage
    private let queue = DispatchQueue(label: "tutord.group-commit")
    /// Guards `pending` and `draining` (the commit itself runs on `queue`, outside the lock).
    private let lock = NSLock()
    private var pending: [(ProgressWrite, Completion)] = []
    private var draining = false
    private let maxBatch: Int

    public init(store: any ProgressStorage, maxBatch: Int = 2048) {
        self.store = store
        self.maxBatch = maxBatch
    }

    /// Queues a write; `completion` runs (on the committer's queue) once it is durable or failed.
    public func submit(_ write: ProgressWrite, completion: @escaping Completion) {
        lock.lock()
        pending.append((write, completion))
        let start = !draining
        draining = true
        lock.unlock()
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            do {
                let refused = try store.record(batch.map(\.0))
                for (index, (write, completion)) in batch.enumerated() {
                    completion(refused.contains(index) ? .failure(Self.conflict(write)) : .success(()))
                }
            } catch {
                for (_, completion) in batch { completion(.failure(error)) }
            }
        }
    }

    /// The error of a write refused by its precondition.
    static func conflict(_ write: ProgressWrite) -> StoreError {
        StoreError(.conflict, "the progress of \(write.learner) in \(write.course) moved on since this step was made (another tutord saved a newer one)")
    }

    /// Waits until every write submitted so far is committed or failed.
    public func flush() {
        let done = DispatchSemaphore(value: 0)
        submitBarrier { done.signal() }
        done.wait()
    }

    private func submitBarrier(_ body: @escaping @Sendable () -> Void) {
        // The queue is serial: a block queued now runs after the drain that holds earlier writes,
        // and any drain it starts.
        queue.async {
            self.lock.lock()
            let idle = self.pending.isEmpty
            self.lock.unlock()
            if idle { body() } else { self.queue.async { self.submitBarrier(body) } }
        }
    }
}
