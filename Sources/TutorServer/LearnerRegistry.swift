import Dialogue
import NIOConcurrencyHelpers
import Tutoring

/// Who a learner is: a Unix user and, optionally, a named profile of that user.
public struct LearnerID: Hashable, Sendable, CustomStringConvertible {
    public var uid: UInt32
    /// Empty for the user's default profile.
    public var profile: String

    public init(uid: UInt32, profile: String = "") {
        self.uid = uid
        self.profile = profile
    }

    public var description: String { profile.isEmpty ? "uid \(uid)" : "uid \(uid) profile \(profile)" }

    /// Profile names are short and plain: they appear in logs and prompts.
    public static func isValidProfile(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 32 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}

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
    func withState<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try state.withLockedValue(body)
    }
}
