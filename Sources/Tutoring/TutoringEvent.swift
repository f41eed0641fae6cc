import SpacedReview

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
    /// An exercise's model solution was shown before it was passed (`solution`, `skip`): a
    /// pass after it earns no XP.
    case solutionShown(exerciseID: String)
    /// The learner has now seen `hints` of an exercise's hints (`hint`, or a failed check):
    /// kept so a resume goes on with the next one.
    case exerciseHintsSeen(exerciseID: String, hints: Int)
    /// A question's review card was graded: at its first encounter in a lesson, or in a review
    /// session. The card's schedule is the fold of these (``LearnerProgress/cards``).
    case cardReviewed(CardReview)
    case lessonCompleted(lessonID: String)
    case courseCompleted
    /// Where the conversation now stands, so it can resume there.
    case positionMoved(CoursePosition)
}

/// One grading of a review card.
public struct CardReview: Sendable, Equatable {
    public var lessonID: String
    public var questionID: String
    public var rating: Rating
    /// When, in seconds since 1970: the schedule is computed from it.
    public var at: Int64
    /// In a review session (counted for retention and XP), or the question's first encounter
    /// in its lesson.
    public var isReview: Bool
    /// What the learner typed; `nil` when the answer was revealed.
    public var given: String?
    /// XP for a right review answer (0 otherwise, and in lessons, whose XP is `xpAwarded`).
    public var xp: Int

    public init(lessonID: String, questionID: String, rating: Rating, at: Int64, isReview: Bool, given: String?, xp: Int = 0) {
        self.lessonID = lessonID
        self.questionID = questionID
        self.rating = rating
        self.at = at
        self.isReview = isReview
        self.given = given
        self.xp = xp
    }
}

/// What an answer answers.
public enum AnswerKind: String, Sendable, Equatable {
    /// A quiz's question, judged by the tutor.
    case quiz
    /// An exercise: the learner's own run of its checks (`checked`), which the tutor cannot
    /// verify: self-reported.
    case exercise
}

/// One answer as given by the learner.
public struct AnswerRecord: Sendable, Equatable {
    public var lessonID: String
    /// The question's id, or the exercise's.
    public var questionID: String
    /// What the learner typed; for an exercise, the checks that passed, as `2/3`.
    public var given: String
    public var isCorrect: Bool
    /// 1 for the first try at this question, 2 for the second, ...
    public var attempt: Int
    public var usedHint: Bool
    public var kind: AnswerKind

    public init(lessonID: String, questionID: String, given: String, isCorrect: Bool, attempt: Int, usedHint: Bool,
                kind: AnswerKind = .quiz) {
        self.kind = kind
        self.lessonID = lessonID
        self.questionID = questionID
        self.given = given
        self.isCorrect = isCorrect
        self.attempt = attempt
        self.usedHint = usedHint
    }
}
