import LineProtocol

/// What a learner's window showed when they typed a line (`answer <quiz> ...`, `chat ...`):
/// the line is judged only if the conversation is still there.
enum ShownStep: Equatable {
    /// The quiz with this id: the line is an answer to it.
    case quiz(String)
    /// No quiz: the line is no answer to any.
    case notAQuiz
    /// The exercise with this id (`checked`): the learner's run of its checks, `passed` of `total`.
    case exercise(String, passed: Int, total: Int)

    /// Why the line must not be taken, given the conversation's open quiz and open exercise
    /// (`nil` when none is open) and the exercises the learner has passed, or `nil` when it may.
    /// An exercise's reason stands alone (`tutord exercise check --report` prints it, without
    /// the step the reply shows).
    func refusal(openQuiz: String?, openExercise: String?, isPassed: (String) -> Bool = { _ in false }) -> ProtocolError? {
        if case .exercise(let shown, _, _) = self {
            switch openExercise {
            case shown?:
                return nil
            case _ where isPassed(shown):
                return ProtocolError(.stale, "exercise `\(shown)` is passed already; a run of its checks records nothing more")
            case let open?:
                return ProtocolError(.stale, "exercise `\(shown)` is not the open one; the open exercise is `\(open)`")
            case nil:
                return ProtocolError(.stale, "exercise `\(shown)` is not the step you are at (skipped, or moved past in another window)")
            }
        }
        switch (self, openQuiz) {
        case (.notAQuiz, nil):
            return nil
        case (.quiz(let shown), let open?) where shown == open:
            return nil
        case (.quiz(let shown), let open?):
            return ProtocolError(.stale, "quiz `\(shown)` is not the open one, so nothing was recorded: the open quiz is `\(open)`, shown above")
        case (.quiz(let shown), nil):
            return ProtocolError(.stale, "quiz `\(shown)` is not open any more (answered, or moved past in another window), so nothing was recorded; the current step is shown above")
        case (.exercise, _):
            return nil  // answered above
        case (.notAQuiz, let open?):
            return ProtocolError(.stale, "a quiz is open now (`\(open)`, another window went on to it), so your line was not taken as an answer and nothing was recorded; the quiz is shown above")
        }
    }
}
