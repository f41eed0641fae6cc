/// Why a passage that answers a learner's question is not quoted, but pointed to: quoting it
/// could give away the answer of a quiz the learner has not settled (answered right, or
/// revealed).
public enum Withholding: Sendable, Equatable {
    /// It could give away a quiz the learner has not settled: its lesson has one (any passage
    /// of that lesson, a beat before the quiz, its takeaway, an explanation, a detour, may say
    /// the answer), or it says the right answer of one elsewhere.
    case quizUnsettled
    /// It is in the lesson of the quiz waiting for the learner's answer, after that quiz.
    case afterOpenQuiz
    /// It is in the lesson of the quiz waiting for the learner's answer, before that quiz (the
    /// learner has read it, and it may say the answer).
    case beforeOpenQuiz
}
