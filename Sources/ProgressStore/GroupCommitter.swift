import Dispatch
import Foundation
import Tutoring

/// Commits writes in groups: while a transaction is being written (and synced), new writes
/// wait, and the next transaction takes all of them at once. Concurrent learners therefore
/// share syncs instead of queueing behind each other's.
///
/// A store that can usefully run several transactions at once (PostgreSQL, on connections of
/// its own: ``ProgressStorage/transactionsAtOnce``) gets that many batches in flight: while
/// one waits for its commit, the next may be sent.
///
/// A learner's writes are committed in the order they were submitted (the daemon submits a
/// learner's writes in the order the learner made them, and each is made from what the one
/// before it left). The argument: a batch is cut from the pending writes in submission order,
/// taking a write only if its learner has no write in a batch in flight and no earlier write
/// still pending (one left behind stops the learner's later ones too). So a learner's writes
/// enter batches in order, inside a batch the store applies them in order, and a batch with a
/// learner's later write starts only after the batch with their earlier one has ended
/// (committed or failed) and its completions have run. Two batches in flight never share a
/// learner, so neither can overtake the other for anyone.
///
/// A learner whose rows another session holds locked (PostgreSQL: another tutord, a person in
/// `psql`) does not stall the batch: the store leaves their writes out
/// (``ProgressStorage/recordUnlessHeld(_:)``) and commits the others. Those writes go back to
/// the front of the pending ones, unanswered (nothing of them was applied), ahead of any later
/// write of that learner, and the learner rests for ``retryWait`` before joining a batch again
/// (with others' writes or alone). So the order argument above still holds: the held writes
/// are still the learner's earliest uncommitted ones, and enter a later batch in order. Their
/// callers are answered only when a batch commits them. A lock held for minutes keeps the
/// learner retrying every ``retryWait`` for minutes: that learner waits, and ``flush()`` with
/// them, as they would have behind the lock; nobody else does, since a retry only rides along
/// in batches that commit without it.
public final class GroupCommitter: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<Void, StoreError>) -> Void

    private let store: any ProgressStorage
    private let queue = DispatchQueue(label: "tutord.group-commit", attributes: .concurrent)
    /// Guards everything below (the commits themselves run on `queue`, outside the lock).
    private let lock = NSLock()
    private var pending: [(write: ProgressWrite, completion: Completion)] = []
    /// Learners with a write in a batch in flight.
    private var committing: Set<LearnerID> = []
    private var batchesInFlight = 0
    /// Learners whose writes were held back by another session's lock, until their retry.
    private var resting: Set<LearnerID> = []
    /// Callers of ``flush()`` waiting for the committer to be idle.
    private var idleWaiters: [DispatchSemaphore] = []
    private let maxBatch: Int
    private let maxInFlight: Int

    /// `inFlight`: how many batches may be committing at once (the store's
    /// ``ProgressStorage/transactionsAtOnce`` unless given).
    public init(store: any ProgressStorage, maxBatch: Int = 2048, inFlight: Int? = nil) {
        self.store = store
        self.maxBatch = maxBatch
        maxInFlight = max(1, inFlight ?? store.transactionsAtOnce)
    }

    /// Queues a write; `completion` runs (on the committer's queue) once it is durable or failed.
    public func submit(_ write: ProgressWrite, completion: @escaping Completion) {
        lock.lock()
        pending.append((write, completion))
        let batch = nextBatch()
        lock.unlock()
        if let batch { start(batch) }
    }

    /// The next batch to commit, if one may start now (see the type's comment); call under the lock.
    private func nextBatch() -> [(write: ProgressWrite, completion: Completion)]? {
        guard batchesInFlight < maxInFlight, !pending.isEmpty else { return nil }
        var batch: [(write: ProgressWrite, completion: Completion)] = []
        var left: [(write: ProgressWrite, completion: Completion)] = []
        var waiting: Set<LearnerID> = []
        for entry in pending {
            let learner = entry.write.learner
            if batch.count < maxBatch, !committing.contains(learner), !resting.contains(learner), !waiting.contains(learner) {
                batch.append(entry)
            } else {
                left.append(entry)
                waiting.insert(learner)
            }
        }
        guard !batch.isEmpty else { return nil }
        pending = left
        for entry in batch { committing.insert(entry.write.learner) }
        batchesInFlight += 1
        return batch
    }

    private func start(_ batch: [(write: ProgressWrite, completion: Completion)]) {
        queue.async { self.commit(batch) }
    }

    /// How long a learner whose rows another session held waits before their writes are tried
    /// again: short, since a lock another tutord's batch holds lasts one commit.
    static let retryWait: DispatchTimeInterval = .milliseconds(20)

    private func commit(_ batch: [(write: ProgressWrite, completion: Completion)]) {
        var held: Set<Int> = []
        do {
            let outcome = try store.recordUnlessHeld(batch.map(\.write))
            held = outcome.held
            for (index, entry) in batch.enumerated() where !held.contains(index) {
                entry.completion(outcome.refused.contains(index) ? .failure(Self.conflict(entry.write)) : .success(()))
            }
        } catch {
            for entry in batch { entry.completion(.failure(error)) }
        }
        let retried = batch.indices.filter { held.contains($0) }.map { batch[$0] }
        let heldLearners = Set(retried.map(\.write.learner))
        lock.lock()
        for entry in batch { committing.remove(entry.write.learner) }
        // Ahead of everything pending: a held learner's pending writes all came after these.
        pending.insert(contentsOf: retried, at: 0)
        resting.formUnion(heldLearners)
        batchesInFlight -= 1
        let next = nextBatches()
        var idle: [DispatchSemaphore] = []
        if pending.isEmpty && batchesInFlight == 0 { swap(&idle, &idleWaiters) }
        lock.unlock()
        for batch in next { start(batch) }
        for waiter in idle { waiter.signal() }
        if !heldLearners.isEmpty {
            queue.asyncAfter(deadline: .now() + Self.retryWait) { self.retry(heldLearners) }
        }
    }

    /// Lets held learners' writes join batches again.
    private func retry(_ learners: Set<LearnerID>) {
        lock.lock()
        resting.subtract(learners)
        let next = nextBatches()
        lock.unlock()
        for batch in next { start(batch) }
    }

    /// Every batch that may start now; call under the lock.
    private func nextBatches() -> [[(write: ProgressWrite, completion: Completion)]] {
        var next: [[(write: ProgressWrite, completion: Completion)]] = []
        while let batch = nextBatch() { next.append(batch) }
        return next
    }

    /// The error of a write refused by its precondition.
    static func conflict(_ write: ProgressWrite) -> StoreError {
        StoreError(.conflict, "the progress of \(write.learner) in \(write.course) moved on since this step was made (another tutord saved a newer one)")
    }

    /// Waits until every write submitted so far is committed or failed (until the committer
    /// is idle).
    public func flush() {
        let done = DispatchSemaphore(value: 0)
        lock.lock()
        let idle = pending.isEmpty && batchesInFlight == 0
        if !idle { idleWaiters.append(done) }
        lock.unlock()
        if !idle { done.wait() }
    }
}
