/// Something that changed a learner's progress: what storage persists.
///
/// A ``Conversation`` emits events with every ``Response``; applying them in order to a
/// ``LearnerProgress`` rebuilds the learner's state.
public enum TutoringEvent: Sendable, Equatable {
    /// The learner answered a question (right or wrong).
    case answerRecorded(AnswerRecord)
    /// Points awarded for a right answer.
    case xpAwarded(questionID: String, points: Int)
    /// The learner skipped a question and was shown the answer; it can earn no XP afterwards.
    case questionRevealed(questionID: String)
    case lessonCompleted(lessonID: String)
    case courseCompleted
    /// Where the conversation now stands, so it can resume there.
    case positionMoved(CoursePosition)
}

/// One answer as given by the learner.
public struct AnswerRecord: Sendable, Equatable {
    public var lessonID: String
    public var questionID: String
    /// What the learner typed.
    public var given: String
    public var isCorrect: Bool
    /// 1 for the first try at this question, 2 for the second, ...
    public var attempt: Int
    public var usedHint: Bool

    public init(lessonID: String, questionID: String, given: String, isCorrect: Bool, attempt: Int, usedHint: Bool) {
        self.lessonID = lessonID
        self.questionID = questionID
        self.given = given
        self.isCorrect = isCorrect
        self.attempt = attempt
        self.usedHint = usedHint
    }
}
