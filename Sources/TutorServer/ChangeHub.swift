import LineProtocol
import NIOConcurrencyHelpers
import Tutoring

/// Who hears about which changes: MPD's `idle`, for learners.
///
/// Every identified connection has a ``ChangeWatcher``, registered under its learner. A
/// request that changed a learner's standing publishes the change to the learner's other
/// connections once its reply is sent (after its commit), and a reload publishes `courses` to
/// everyone. A watcher collects changes while its connection is busy, so nothing that happens
/// between two `idle`s is missed.
final class ChangeHub: Sendable {
    private let watchers = NIOLockedValueBox([LearnerID: [ObjectIdentifier: ChangeWatcher]]())

    init() {}

    func watch(_ learner: LearnerID, with watcher: ChangeWatcher) {
        watchers.withLockedValue { $0[learner, default: [:]][ObjectIdentifier(watcher)] = watcher }
    }

    func unwatch(_ learner: LearnerID, with watcher: ChangeWatcher) {
        watchers.withLockedValue { watchers in
            watchers[learner]?[ObjectIdentifier(watcher)] = nil
            if watchers[learner]?.isEmpty == true { watchers[learner] = nil }
        }
    }

    /// Tells the learner's connections, except the one that made the change (it has the reply).
    func publish(_ changes: Set<Subsystem>, for learner: LearnerID, except origin: ChangeWatcher?) {
        guard !changes.isEmpty else { return }
        let targets = watchers.withLockedValue { $0[learner].map { Array($0.values) } ?? [] }
        for watcher in targets where watcher !== origin { watcher.add(changes) }
    }

    /// Tells every connection.
    func publishToAll(_ changes: Set<Subsystem>) {
        let targets = watchers.withLockedValue { $0.values.flatMap(\.values) }
        for watcher in targets { watcher.add(changes) }
    }
}

/// One connection's mailbox of changes, and its wake-up while it waits in `idle`.
final class ChangeWatcher: Sendable {
    private struct State {
        var pending: Set<Subsystem> = []
        /// Set while the connection is in `idle`: what it listens for, and how to wake it.
        var waiting: (subscriptions: Set<Subsystem>, wake: @Sendable () -> Void)?
    }

    /// A pthread lock (NIO's), which ThreadSanitizer sees; the standard library's `Mutex`
    /// is a futex on Linux, and TSan reported its users as racing.
    private let state = NIOLockedValueBox(State())

    init() {}

    /// Records changes; wakes the connection if it waits for one of them (outside the lock).
    func add(_ changes: Set<Subsystem>) {
        let wake: (@Sendable () -> Void)? = state.withLockedValue { state in
            state.pending.formUnion(changes)
            guard let waiting = state.waiting, !waiting.subscriptions.isDisjoint(with: state.pending) else { return nil }
            state.waiting = nil
            return waiting.wake
        }
        wake?()
    }

    /// Starts waiting for `subscriptions`. Returns `true` if one of them is already pending
    /// (then `wake` is not kept: answer at once); otherwise `wake` is called, once, on the
    /// first such change.
    func wait(for subscriptions: Set<Subsystem>, wake: @escaping @Sendable () -> Void) -> Bool {
        state.withLockedValue { state in
            if !subscriptions.isDisjoint(with: state.pending) { return true }
            state.waiting = (subscriptions, wake)
            return false
        }
    }

    /// Ends waiting, and takes the pending changes among `subscriptions` (the others stay).
    func take(_ subscriptions: Set<Subsystem>) -> Set<Subsystem> {
        state.withLockedValue { state in
            state.waiting = nil
            let taken = state.pending.intersection(subscriptions)
            state.pending.subtract(taken)
            return taken
        }
    }
}
