import Dialogue
import ProgressStore
import NIOConcurrencyHelpers
import Tutoring

/// The learners in memory, shared by all connections.
///
/// Each learner has one lock: requests from two connections of the same learner are answered
/// one after the other (never interleaved), while different learners proceed in parallel.
///
/// A learner is in memory while something holds them (``LearnerHold``): a connection that
/// uses them, a request or a commit in flight. When the last hold goes, the learner is evicted
/// if everything they did is in the store (`evictsIdleLearners`), so a daemon that has seen
/// 200,000 profiles holds only those connected now. Without a writable store the memory is
/// the only copy, and nothing is evicted.
public final class LearnerRegistry: Sendable {
    private struct Entry {
        let learner: Learner
        var holds: Int
    }

    private let learners = NIOLockedValueBox([LearnerID: Entry]())
    let evictsIdleLearners: Bool
    /// Told of each learner evicted, outside the lock (the store forgets its cache of them).
    private let evicted: @Sendable (LearnerID) -> Void

    public init(evictsIdleLearners: Bool, evicted: @escaping @Sendable (LearnerID) -> Void = { _ in }) {
        self.evictsIdleLearners = evictsIdleLearners
        self.evicted = evicted
    }

    /// The learner's record, created on first use, held until the returned hold is released
    /// (by ARC: when the last copy of it goes).
    func hold(_ id: LearnerID) -> LearnerHold {
        let learner = learners.withLockedValue { learners in
            if let entry = learners[id] {
                learners[id]!.holds = entry.holds + 1
                return entry.learner
            }
            let learner = Learner()
            learners[id] = Entry(learner: learner, holds: 1)
            return learner
        }
        return LearnerHold(id: id, learner: learner, registry: self)
    }

    /// Learners in memory now (for status lines and tests).
    public var count: Int { learners.withLockedValue { $0.count } }

    fileprivate func release(_ id: LearnerID) {
        let gone = learners.withLockedValue { learners in
            guard let entry = learners[id] else { return false }
            if entry.holds > 1 || !evictsIdleLearners {
                learners[id]!.holds = entry.holds - 1
                return false
            }
            learners[id] = nil
            return true
        }
        if gone { evicted(id) }
    }
}

/// A claim on a learner's record that keeps it in memory: a connection keeps one for its
/// profile, and a commit keeps one until it is durable, so a learner is never read back from
/// the store before their last step is in it. Released when the last reference goes.
final class LearnerHold: Sendable {
    let id: LearnerID
    let learner: Learner
    private let registry: LearnerRegistry

    fileprivate init(id: LearnerID, learner: Learner, registry: LearnerRegistry) {
        self.id = id
        self.learner = learner
        self.registry = registry
    }

    deinit {
        registry.release(id)
    }
}

/// One learner's state: a conversation per course, and the course they used last.
final class Learner: Sendable {
    struct State {
        var conversations: [String: (conversation: Conversation, generation: Int)] = [:]
        var lastCourse: String?
    }

    let state = NIOLockedValueBox(State())

    /// Runs `body` with the learner's state locked: the serialisation point of a learner.
    func withState<Value, Failure: Error>(_ body: (inout State) throws(Failure) -> Value) throws(Failure) -> Value {
        let result: Result<Value, Failure> = state.withLockedValue { state in
            do throws(Failure) {
                return .success(try body(&state))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
