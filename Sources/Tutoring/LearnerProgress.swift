import LineProtocol
import Dialogue
import SpacedReview

/// A learner's progress in one course: the fold of every ``TutoringEvent`` so far.
///
/// Storage rebuilds it from saved events or rows; the conversation updates it as it emits
/// events, so the two can never disagree.
public struct LearnerProgress: Sendable, Equatable {
    public var xp = 0
    public var completedLessons: Set<String> = []
    public var questions: [String: QuestionProgress] = [:]
    public var isCourseCompleted = false
    /// Where to resume; `nil` before the course was started.
    public var position: CoursePosition?
    /// When the course was begun and first finished, in seconds since 1970: kept by the store
    /// from the dates of its writes, and by the conversation from the time it is given
    /// (``Conversation/respond(to:at:)``). Not part of the fold of events.
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// The review card of every question graded so far, by question id: the FSRS fold of the
    /// ``TutoringEvent/cardReviewed(_:)`` events.
    public var cards: [String: CardState] = [:] {
        didSet { earliestDue = cards.values.lazy.map(\.due).min() }
    }
    /// The soonest due time of any card (`nil` without cards), kept with them: the due count
    /// that every reply's standing carries is 0 without a look at the course while nothing
    /// can be due yet, which is most of the time.
    public private(set) var earliestDue: Int64?
    /// Answers given in review sessions, and how many were right.
    public var reviewed = 0
    public var reviewedRight = 0

    /// How tutord schedules reviews: FSRS-6 with its default parameters, desired retention
    /// 0.9, learning steps of 1 and 10 minutes, relearning 10 minutes, no fuzz.
    public static let scheduler = FSRS()

    public init() {}

    public mutating func apply(_ event: TutoringEvent) {
        switch event {
        case .answerRecorded(let answer):
            questions[answer.questionID, default: QuestionProgress()].record(isCorrect: answer.isCorrect, attempt: answer.attempt, kind: answer.kind)
        case .xpAwarded(let questionID, let points):
            xp += points
            questions[questionID, default: QuestionProgress()].xp += points
        case .questionRevealed(let questionID), .solutionShown(let questionID):
            questions[questionID, default: QuestionProgress()].isRevealed = true
        case .exerciseHintsSeen(let exerciseID, let hints):
            questions[exerciseID, default: QuestionProgress()].see(hints: hints)
        case .cardReviewed(let review):
            let card = cards[review.questionID] ?? CardState(due: review.at)
            cards[review.questionID] = Self.scheduler.review(card, rating: review.rating, at: review.at)
            if review.isReview {
                reviewed += 1
                if review.rating != .again { reviewedRight += 1 }
                xp += review.xp
            }
        case .lessonCompleted(let lessonID):
            completedLessons.insert(lessonID)
        case .courseCompleted:
            isCourseCompleted = true
        case .positionMoved(let position):
            self.position = position
        }
    }

    /// Counts for `progress` and the final summary: of the main-flow questions (a retry
    /// question is met only after a miss, so counting it would make a clean run look short).
    public func summary(for course: Course) -> ProgressSummary {
        // One pass, no arrays: every reply's standing carries these counts.
        var summary = ProgressSummary(lessonsDone: 0, lessons: course.lessons.count, xp: xp, questions: course.questions.count,
                                      correct: 0, firstTry: 0, tried: 0, answers: 0)
        for question in course.questions { summary.count(questions[question.id], as: 1) }
        for lesson in course.lessons where completedLessons.contains(lesson.id) { summary.lessonsDone += 1 }
        return summary
    }

    /// Where the learner stands in the course: the stored position's lesson (or lesson 1
    /// before any), with these counts. For a course the learner is not talking about now; an
    /// open conversation has its own ``Conversation/standing``.
    public func standing(in course: Course, at now: Int64? = nil) -> Standing {
        let index = position.map { CourseLocator(course: course).cursor(for: $0).0.lesson } ?? 0
        let due = now.map { dueCount(in: course, at: $0) } ?? 0
        return Standing(course: course, lessonIndex: index, summary: summary(for: course), due: due)
    }

    /// The course's questions due for review at `now`, most overdue first (course order
    /// among equals). Cards of questions the course no longer has are left out. Retry
    /// questions are among them: one has a card once answered, and is reviewed as any other.
    public func dueQuestions(in course: Course, at now: Int64) -> [Question] {
        course.allQuestions.enumerated()
            .compactMap { index, question in cards[question.id].map { (question, $0.due, index) } }
            .filter { $0.1 <= now }
            .sorted { ($0.1, $0.2) < ($1.1, $1.2) }
            .map(\.0)
    }

    /// How many of the course's questions are due at `now`: ``dueQuestions(in:at:)``'s count,
    /// without building and sorting the list (every reply's standing carries it).
    public func dueCount(in course: Course, at now: Int64) -> Int {
        guard let earliestDue, earliestDue <= now else { return 0 }
        var count = 0
        for question in course.allQuestions where (cards[question.id]?.due ?? .max) <= now { count += 1 }
        return count
    }

    /// Counts for the `reviews` turn at `now`.
    public func reviewSummary(in course: Course, at now: Int64) -> ReviewSummary {
        let dues = course.allQuestions.compactMap { cards[$0.id]?.due }
        let week = now + 7 * 86_400
        return ReviewSummary(dueNow: dues.filter { $0 <= now }.count, dueThisWeek: dues.filter { $0 <= week }.count,
                             reviewed: reviewed, right: reviewedRight, nextDue: dues.filter { $0 > now }.min())
    }

    /// The questions whose answers the learner has seen (answered right, or revealed): only
    /// their explanations may be quoted in answers to `ask`.
    public var questionsWithAnswersSeen: Set<String> {
        Set(questions.filter { $0.value.isCorrect || $0.value.isRevealed }.keys)
    }

    /// Whether answering this question can still earn XP.
    func canEarnXP(_ questionID: String) -> Bool {
        guard let record = questions[questionID] else { return true }
        return !record.isCorrect && !record.isRevealed
    }
}

extension ProgressSummary {
    /// Counts one question's record in (`sign` 1) or out (-1): the one definition of what a
    /// record adds to the summary, for the full count and for one question's change.
    mutating func count(_ record: QuestionProgress?, as sign: Int) {
        guard let record else { return }
        if record.isCorrect { correct += sign }
        if record.isCorrectOnFirstTry { firstTry += sign }
        if record.attempts > 0 || record.isRevealed { tried += sign }
        answers += sign * record.attempts
    }
}

/// How a learner has fared with one question.
public struct QuestionProgress: Sendable, Equatable {
    /// Answers given so far, right or wrong.
    public var attempts = 0
    public var isCorrect = false
    public var isCorrectOnFirstTry = false
    /// The answer was shown after a skip (an exercise's model solution, before a pass).
    public var isRevealed = false
    public var xp = 0
    /// How many of an exercise's hints the learner has seen (0 for a quiz, whose hints are
    /// counted per visit and not kept).
    public var hintsSeen = 0

    public init() {}

    /// An exercise's hints seen: only ever more.
    public mutating func see(hints: Int) {
        hintsSeen = max(hintsSeen, hints)
    }

    /// Counts one answer. The first right answer marks the question right (on the first try
    /// if it was attempt 1), unless a quiz's answer had been revealed before: a quiz answered
    /// after it was shown is no answer of the learner's. An exercise passed after its model
    /// solution was shown is passed (without XP, which its reveal already ruled out): its pass
    /// is what closes it, and a resume must not open it again.
    public mutating func record(isCorrect: Bool, attempt: Int, kind: AnswerKind) {
        attempts += 1
        let counts = kind == .exercise || !isRevealed
        if isCorrect && counts && !self.isCorrect {
            self.isCorrect = true
            isCorrectOnFirstTry = attempt == 1 && !isRevealed
        }
    }
}

/// XP for a right answer: full on the first try, half on the second, a quarter after that,
/// and at least one point.
public func xpForCorrectAnswer(worth xp: Int, attempt: Int) -> Int {
    switch attempt {
    case ...1: xp
    case 2: max(1, xp / 2)
    default: max(1, xp / 4)
    }
}

extension Standing {
    init(course: Course, lessonIndex: Int, summary: ProgressSummary, due: Int) {
        let lesson = course.lessons[lessonIndex]
        self.init(course: course.id, lesson: lessonIndex + 1, icon: lesson.icon, title: lesson.title, summary: summary, due: due)
    }
}
