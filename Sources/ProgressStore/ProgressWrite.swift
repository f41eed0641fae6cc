import Foundation
import Synchronization
import Tutoring

/// One request's worth of progress changes: the events a conversation emitted for a learner
/// on a course, with the time they happened, or the reset of that course.
///
/// Every change to stored progress is one of these, and all of them go through the
/// ``GroupCommitter`` in the order they are submitted: a reset is ordered against a learner's
/// steps like any two steps.
///
/// A write to a course carries the enrolment's revision it was made from (``precondition``)
/// and the one it leaves (``revision``): several tutords may serve one learner from one
/// database, and a write made from progress that another has moved on since is refused
/// as a whole (``StoreError/Kind/conflict``) instead of being mixed into it.
public struct ProgressWrite: Sendable {
    /// What the stored enrolment must be for the write to apply.
    public enum Precondition: Sendable, Equatable {
        /// Applies whatever is stored (a reset, a script's write, the leaderboard choice).
        case unconditional
        /// The learner must not be enrolled: the conversation began from nothing stored.
        case notEnrolled
        /// The enrolment must still be at this revision: the one the conversation was read at,
        /// or its last write left.
        case revision(Int64)
    }

    public var learner: LearnerID
    public var course: String
    public var events: [TutoringEvent]
    public var date: Date
    /// Set when the learner opened this course, so `resume` finds it after a restart.
    public var opensCourse: Bool
    /// Forgets the learner's progress in the course (answers included) instead of adding to it.
    public var resetsCourse: Bool
    /// Keeps the learner out of other learners' leaderboards (`true`), or lets them back in.
    public var hidesFromLeaderboard: Bool?
    /// Checked before anything of the write is applied.
    public var precondition: Precondition
    /// The enrolment's revision once the write is applied: a fresh random value, so two
    /// writes made from the same progress on two hosts never leave the same one.
    public var revision: Int64

    public init(learner: LearnerID, course: String, events: [TutoringEvent], date: Date, opensCourse: Bool = false,
                precondition: Precondition = .unconditional, revision: Int64 = ProgressWrite.freshRevision()) {
        self.learner = learner
        self.course = course
        self.events = events
        self.date = date
        self.opensCourse = opensCourse
        self.resetsCourse = false
        self.precondition = precondition
        self.revision = revision
    }

    /// A revision no write has left before: distinct within this process (a counter mixed by
    /// SplitMix64's finalizer, a bijection), and across processes as unlikely to repeat as
    /// 63 random bits, since each process starts from a random point. 0, an enrolment stored
    /// before revisions existed, is never drawn. Asking the system for random bits instead
    /// cost a system call per write on the event loops.
    public static func freshRevision() -> Int64 {
        let count = revisionCounter.wrappingAdd(1, ordering: .relaxed).newValue
        var mixed = revisionStart &+ count &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        let revision = Int64(bitPattern: mixed >> 1)
        return revision == 0 ? 1 : revision
    }

    private static let revisionStart = UInt64.random(in: .min ... .max)
    private static let revisionCounter = Atomic<UInt64>(0)

    /// The write that hides a learner from other learners' leaderboards, or shows them again.
    public static func leaderboard(_ learner: LearnerID, hidden: Bool, date: Date) -> ProgressWrite {
        var write = ProgressWrite(learner: learner, course: "", events: [], date: date)
        write.hidesFromLeaderboard = hidden
        return write
    }

    /// The write that forgets a learner's progress in one course, whatever another tutord did
    /// meanwhile (the learner asked for it); the course is then not enrolled (``Precondition/notEnrolled``).
    public static func reset(_ learner: LearnerID, course: String, date: Date) -> ProgressWrite {
        var write = ProgressWrite(learner: learner, course: course, events: [], date: date)
        write.resetsCourse = true
        return write
    }
}
