import NIOConcurrencyHelpers
import ProgressStore

/// A write handed to the group committer, whose reply waits for it.
///
/// Created (and so submitted) by a job of the learner's worker, so the committer receives one
/// learner's writes in the order their conversation changed, whichever connection or event
/// loop made them. The connection then waits for the outcome with ``whenCommitted(_:)``.
///
/// It holds the learner in memory until the write is durable (the committer keeps it until
/// then): evicted earlier, the learner could be read back from a store that lacks the write.
final class PendingCommit: Sendable {
    typealias Outcome = Result<Void, StoreError>

    let write: ProgressWrite
    /// The learner the write belongs to.
    let hold: LearnerHold
    /// The load of the conversation the write was made from (`nil`: a reset or a setting).
    let lineage: UInt64?
    /// Run once the write is committed, before the connection hears of it.
    private let whenDurable: (@Sendable () -> Void)?
    private let state = NIOLockedValueBox<(outcome: Outcome?, waiter: (@Sendable (Outcome) -> Void)?)>((nil, nil))

    /// Submits `write` to `committer` now. Call from a job of the learner's worker.
    /// `whenDurable` runs once it is committed (not if it failed), before the reply is sent.
    init(_ write: ProgressWrite, holding hold: LearnerHold, from lineage: UInt64? = nil, to committer: GroupCommitter,
         whenDurable: (@Sendable () -> Void)? = nil) {
        self.write = write
        self.hold = hold
        self.lineage = lineage
        self.whenDurable = whenDurable
        committer.submit(write) { [self] outcome in complete(outcome) }
    }

    /// Runs `body` once the write is committed or failed: at once if it already is, else on
    /// the committer's queue.
    func whenCommitted(_ body: @escaping @Sendable (Outcome) -> Void) {
        let done: Outcome? = state.withLockedValue { state in
            if let outcome = state.outcome { return outcome }
            state.waiter = body
            return nil
        }
        if let done { body(done) }
    }

    private func complete(_ outcome: Outcome) {
        if case .success = outcome { whenDurable?() }
        let waiter = state.withLockedValue { state in
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?(outcome)
    }
}
