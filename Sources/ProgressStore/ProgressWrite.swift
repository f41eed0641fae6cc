import Foundation
import Tutoring

/// One request's worth of progress changes: the events a conversation emitted for a learner
/// on a course, with the time they happened, or the reset of that course.
///
/// Every change to stored progress is one of these, and all of them go through the
/// ``GroupCommitter`` in the order they are submitted: a reset is ordered against a learner's
/// steps like any two steps.
public struct ProgressWrite: Sendable {
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

    public init(learner: LearnerID, course: String, events: [TutoringEvent], date: Date, opensCourse: Bool = false) {
        self.learner = learner
        self.course = course
        self.events = events
        self.date = date
        self.opensCourse = opensCourse
        self.resetsCourse = false
    }

    /// The write that hides a learner from other learners' leaderboards, or shows them again.
    public static func leaderboard(_ learner: LearnerID, hidden: Bool, date: Date) -> ProgressWrite {
        var write = ProgressWrite(learner: learner, course: "", events: [], date: date)
        write.hidesFromLeaderboard = hidden
        return write
    }

    /// The write that forgets a learner's progress in one course.
    public static func reset(_ learner: LearnerID, course: String, date: Date) -> ProgressWrite {
        var write = ProgressWrite(learner: learner, course: course, events: [], date: date)
        write.resetsCourse = true
        return write
    }
}
