import Foundation
import Dialogue
import ProgressStore
import NIOConcurrencyHelpers
import Tutoring

/// The learners in memory, shared by all connections.
///
/// Each learner has one worker (``LearnerWorker``): requests from two connections of the same
/// learner are answered one after the other (never interleaved), while different learners
/// proceed in parallel.
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
        var conversations: [String: LoadedConversation] = [:]
        var lastCourse: String?
        /// Answers and gradings stored, when the daemon caps them (``WriteLimits/maxStored``):
        /// read with the learner's first conversation, `nil` until then and without a store.
        var storedAnswers: StoredAnswerCount?
        /// Conversations put in memory so far (each one's ``LoadedConversation/lineage``).
        private var loads: UInt64 = 0

        /// Puts a conversation in memory for `course`, as read from the store at `revision`.
        mutating func place(_ conversation: Conversation, generation: Int, revision: Int64?, for course: String) {
            loads += 1
            conversations[course] = LoadedConversation(conversation: conversation, generation: generation, revision: revision, lineage: loads)
        }

        /// Drops the conversation on `course` if it is still the one of `lineage` (a write made
        /// from it failed): one read since is newer than that failure and stays.
        mutating func drop(_ course: String, lineage: UInt64) {
            if conversations[course]?.lineage == lineage { conversations[course] = nil }
        }
    }

    /// Runs the learner's requests one at a time: the serialisation point of a learner. Only
    /// its jobs touch ``state``.
    let worker = LearnerWorker()

    /// Only the worker's running job reads or changes it (so its lock is never contended and
    /// never waited for); the lock is there because the compiler cannot see that.
    let state = NIOLockedValueBox(State())

    /// Runs `body` with the learner's state. Precondition: called from the job the learner's
    /// worker runs now.
    func withState<Value, Failure: Error>(_ body: (inout State) throws(Failure) -> Value) throws(Failure) -> Value {
        assert(worker.isBusy, "a learner's state is read outside its worker")
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

/// A learner's conversation on one course, as the daemon holds it between requests.
struct LoadedConversation {
    var conversation: Conversation
    /// The ``CourseLibrary`` generation the conversation's course came from.
    var generation: Int
    /// The enrolment revision the conversation's progress is at: read from the store, then
    /// the one its last write leaves (`nil`: not enrolled). Its next write must find it there.
    var revision: Int64?
    /// Which load of the learner's conversations this is (see ``Learner/State/drop(_:lineage:)``).
    let lineage: UInt64

    /// The write of `events` made from this conversation, which moves its revision on.
    mutating func write(_ events: [TutoringEvent], by learner: LearnerID, on course: String, at date: Date,
                        opensCourse: Bool) -> ProgressWrite {
        let write = ProgressWrite(learner: learner, course: course, events: events, date: date, opensCourse: opensCourse,
                                  precondition: revision.map(ProgressWrite.Precondition.revision) ?? .notEnrolled)
        revision = write.revision
        return write
    }
}
