import Foundation
import Tutoring

/// What leaderboards and teachers' reports are made of: every learner's totals, read in one
/// pass over the store.
public struct LearnerTotals: Sendable, Equatable {
    public var learner: LearnerID
    public var xp: Int
    /// The part of ``xp`` from exercises: self-reported, since their checks ran on the
    /// learner's side.
    public var exerciseXP: Int = 0
    public var lessonsDone: Int
    /// Questions right at the first try, and questions tried (answered, or answer shown).
    public var firstTry: Int
    public var questionsTried: Int
    public var streak: Int
    /// The last time the learner answered, reviewed or opened a course.
    public var lastActive: Date?
    public var isHidden: Bool
}

/// A question many learners missed: the class's weak spots.
public struct MissedQuestion: Sendable, Equatable {
    public var course: String
    public var question: String
    /// Learners who did not get it right on the first try, of those who answered it.
    public var missed: Int
    public var answered: Int
}
