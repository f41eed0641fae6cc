import Tutoring

/// What one write changes, table by table: its events folded in order into rows. The one
/// mapping from conversation events to stored rows, which ``ProgressTables`` writes in both
/// stores, and so the one place an answer's text is cut to what is stored (``StoredAnswerText``).
///
/// Folding first is what keeps a write cheap: the enrolment's changes (revision, XP, position,
/// finish) become one statement, an answer goes in with the XP its write awards it, and each
/// question touched is read and written once however many events touch it.
struct ProgressRows: Equatable {
    /// One answer row; `xp` is what the write awards for it (the XP events that follow it).
    struct Answer: Equatable {
        var lesson: String
        var question: String
        var given: String
        var isCorrect: Bool
        var attempt: Int
        var usedHint: Bool
        var xp: Int
        var kind: AnswerKind
    }

    /// A change to a question's stored state, applied with the conversation's own fold
    /// (``QuestionProgress``) to the row as stored.
    enum QuestionChange: Equatable {
        case answered(isCorrect: Bool, attempt: Int, kind: AnswerKind)
        case xp(Int)
        case revealed
        case hintsSeen(Int)

        func apply(to state: inout QuestionProgress) {
            switch self {
            case .answered(let isCorrect, let attempt, let kind): state.record(isCorrect: isCorrect, attempt: attempt, kind: kind)
            case .xp(let points): state.xp += points
            case .revealed: state.isRevealed = true
            case .hintsSeen(let hints): state.see(hints: hints)
            }
        }
    }

    /// A question the write touches, with its changes in order; `kind` is `exercise` when
    /// an exercise's event touched it.
    struct TouchedQuestion: Equatable {
        var id: String
        var changes: [QuestionChange]
        var kind: AnswerKind = .quiz
    }

    var answers: [Answer] = []
    /// The questions touched, in the order first touched.
    var questions: [TouchedQuestion] = []
    var reviews: [CardReview] = []
    var completedLessons: [String] = []
    /// XP the enrolment gains: lessons' answers and reviews.
    var xp = 0
    /// Where the conversation stands after the write (the last position it moved to).
    var position: CoursePosition?
    /// The write finished the course (the enrolment's `finished_at` is set if it is not yet).
    var finishesCourse = false

    init(_ events: [TutoringEvent]) {
        var questionIndex: [String: Int] = [:]
        func change(_ question: String, _ change: QuestionChange, kind: AnswerKind? = nil) {
            if let index = questionIndex[question] {
                questions[index].changes.append(change)
                if let kind { questions[index].kind = kind }
            } else {
                questionIndex[question] = questions.count
                questions.append(TouchedQuestion(id: question, changes: [change], kind: kind ?? .quiz))
            }
        }
        for event in events {
            switch event {
            case .answerRecorded(let answer):
                answers.append(Answer(lesson: answer.lessonID, question: answer.questionID, given: StoredAnswerText.capped(answer.given),
                                      isCorrect: answer.isCorrect, attempt: answer.attempt, usedHint: answer.usedHint, xp: 0,
                                      kind: answer.kind))
                change(answer.questionID, .answered(isCorrect: answer.isCorrect, attempt: answer.attempt, kind: answer.kind), kind: answer.kind)
            case .xpAwarded(let question, let points):
                xp += points
                // Counted with the answer it follows, as the SQLite store always stored it.
                if !answers.isEmpty { answers[answers.count - 1].xp += points }
                change(question, .xp(points))
            case .questionRevealed(let question):
                change(question, .revealed)
            case .solutionShown(let exercise):
                change(exercise, .revealed, kind: .exercise)
            case .exerciseHintsSeen(let exercise, let hints):
                change(exercise, .hintsSeen(hints), kind: .exercise)
            case .cardReviewed(var review):
                review.given = review.given.map(StoredAnswerText.capped)
                reviews.append(review)
                xp += review.xp
            case .lessonCompleted(let lesson):
                completedLessons.append(lesson)
            case .courseCompleted:
                finishesCourse = true
            case .positionMoved(let moved):
                position = moved
            }
        }
    }
}
