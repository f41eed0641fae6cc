/// How well a learner recalled a card, FSRS's four grades.
///
/// tutord derives the grade from what happened rather than asking for it (see
/// ``Rating/init(firstAnswerCorrect:usedHint:)``); `easy` exists for the scheduler's sake.
public enum Rating: Int, Sendable, Codable, CaseIterable {
    case again = 1, hard = 2, good = 3, easy = 4

    /// The grade of one encounter with a question, from its first graded answer: wrong (or
    /// revealed before any answer) is `again`; right after a hint is `hard`; right unaided is
    /// `good`. A right answer after a wrong one is still `again`: the first try showed the
    /// learner did not recall it, and later tries among a few options are partly guesses.
    public init(firstAnswerCorrect: Bool, usedHint: Bool) {
        self = !firstAnswerCorrect ? .again : usedHint ? .hard : .good
    }
}
