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
            let result: Result<Void, StoreError>
            do {
                try store.record(batch.map(\.0))
                result = .success(())
            } catch {
                result = .failure(error)
            }
            for (_, completion) in batch { completion(result) }
        }
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
