import Dialogue
import ProgressStore
import NIOConcurrencyHelpers
import Tutoring

/// Every learner's conversations, shared by all connections.
///
/// Each learner has one lock: requests from two connections of the same learner are answered
/// one after the other (never interleaved), while different learners proceed in parallel.
public final class LearnerRegistry: Sendable {
    private let learners = NIOLockedValueBox([LearnerID: Learner]())

    public init() {}

    /// The learner's record, created on first use.
    func learner(_ id: LearnerID) -> Learner {
        learners.withLockedValue { learners in
            if let learner = learners[id] { return learner }
            let learner = Learner()
            learners[id] = learner
            return learner
        }
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
