import Foundation
import Tutoring

/// One request's worth of progress changes: the events a conversation emitted for a learner
/// on a course, with the time they happened.
public struct ProgressWrite: Sendable {
    public var learner: LearnerID
    public var course: String
    public var events: [TutoringEvent]
    public var date: Date
    /// Set when the learner opened this course, so `resume` finds it after a restart.
    public var opensCourse: Bool

    public init(learner: LearnerID, course: String, events: [TutoringEvent], date: Date, opensCourse: Bool = false) {
        self.learner = learner
        self.course = course
        self.events = events
        self.date = date
        self.opensCourse = opensCourse
    }
}
