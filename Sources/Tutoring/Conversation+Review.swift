import Dialogue
import LineProtocol
import SpacedReview

/// Spaced review: the questions due for review, asked one try each, then back to the lesson.
extension Conversation {
    /// A review session in progress. The lesson cursor does not move during it; what the
    /// tutor waited for before is kept to return to.
    struct ReviewSession: Equatable {
        /// The due questions when the session began, most overdue first.
        var queue: [String]
        var index = 0
        var right = 0
        var answered = 0
        /// The order the current card's options are shown in (indexes into its options).
        var order: [Int] = []
        var returnAwaiting: Awaiting
        var returnHints: Int
    }

    /// XP for a right answer in review.
    public static let reviewXP = 2

    /// `review`: starts a session on the due questions of this course.
    mutating func startReview() {
        if let session = review {
            say("You are reviewing already: question \(session.index + 1) of \(session.queue.count). `stop` ends the review.")
            // Shown whole (a second window joining the review has not seen the card's options).
            repeatStep()
            return
        }
        guard let now else {
            say("Review needs the time of day, and this conversation has no clock.")
            awaitUnchanged()
            return
        }
        let due = progress.dueQuestions(in: course, at: now)
        guard !due.isEmpty else {
            say(["Nothing is due for review right now.", nextDueSentence(at: now)].compactMap { $0 }.joined(separator: " "))
            awaitUnchanged()
            return
        }
        review = ReviewSession(queue: due.map(\.id), returnAwaiting: awaiting, returnHints: hintsShown)
        say("Review time: \(counted(due.count, "question")) due. One try each; `hint` helps, `skip` shows the answer, `stop` ends the review.")
        askCard()
    }

    /// Asks the card at the session's index, its options in a seeded shuffled order.
    mutating func askCard() {
        guard var session = review, let question = reviewQuestion else { return }
        let count = question.options.count
        var generator = SplitMix64(state: phrasing.seed ^ stableSeed(question.id) &+ UInt64(progress.reviewed))
        var order = Array(0..<count)
        // Fisher-Yates with our own generator: the order must not change with the standard library.
        for index in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        session.order = order
        review = session
        hintsShown = 0
        add(.review(number: session.index + 1, total: session.queue.count))
        ask(question)
    }

    /// The question of the card being asked, if a review is on and the course still has it.
    var reviewQuestion: Question? {
        guard let session = review, session.queue.indices.contains(session.index) else { return nil }
        return course.question(id: session.queue[session.index])?.question
    }

    /// Grades a review answer: one try, rated by FSRS from what happened.
    mutating func judgeCard(_ given: String, correct: Bool, feedback: String?, question: Question) {
        let xp = correct ? Self.reviewXP : 0
        gradeCard(question, rating: Rating(firstAnswerCorrect: correct, usedHint: hintsShown > 0), given: given, xp: xp)
        add(.verdict(correct ? .correct : .incorrect))
        say(pick(correct ? Phrasebook.praise : Phrasebook.notQuite))
        if let feedback { add(.feedback(feedback)) }
        if !correct { say("The answer: \(question.correctAnswerText)") }
        add(.explanation(question.explanation))
        add(.xp(gained: xp, total: progress.xp))
        awaiting = .answered
    }

    /// `skip` on a review card: the answer, graded `again`.
    mutating func revealCard(_ question: Question) {
        gradeCard(question, rating: .again, given: nil, xp: 0)
        add(.verdict(.revealed))
        say("The answer: \(question.correctAnswerText)")
        add(.explanation(question.explanation))
        add(.xp(gained: 0, total: progress.xp))
        awaiting = .answered
    }

    private mutating func gradeCard(_ question: Question, rating: Rating, given: String?, xp: Int) {
        guard let now, var session = review else { return }
        let lessonID = course.question(id: question.id).map { course.lessons[$0.lesson].id } ?? lesson.id
        emit(.cardReviewed(CardReview(lessonID: lessonID, questionID: question.id, rating: rating, at: now,
                                      isReview: true, given: given, xp: xp)))
        session.answered += 1
        if rating != .again { session.right += 1 }
        review = session
    }

    /// After a card's verdict: the next card, or the end of the session.
    mutating func nextCard() {
        guard var session = review else { return }
        session.index += 1
        review = session
        if reviewQuestion != nil {
            askCard()
        } else if session.index < session.queue.count {
            nextCard()  // a question the course no longer has
        } else {
            endReview(stopped: false)
        }
    }

    /// Ends the session (all cards done, or `stop`), says how it went and when the next card
    /// is due, and returns to the lesson.
    mutating func endReview(stopped: Bool) {
        guard let session = review else { return }
        say(stopped ? "Review stopped: \(session.answered) of \(session.queue.count) answered, \(session.right) right."
                    : "Review done: \(session.right) of \(session.queue.count) right.")
        if let now {
            add(.reviews(progress.reviewSummary(in: course, at: now)))
            if let next = nextDueSentence(at: now) { say(next) }
        }
        leaveReview()
        resumeLesson()
    }

    /// Drops the session and puts back what the tutor waited for before it.
    mutating func leaveReview() {
        guard let session = review else { return }
        review = nil
        awaiting = session.returnAwaiting
        hintsShown = session.returnHints
    }

    /// Back where the learner was before the review.
    private mutating func resumeLesson() {
        switch awaiting {
        case .end:
            say("Back at the end of the course.")
        case .answered:
            say("Back to lesson \(cursor.lesson + 1), \(lesson.displayTitle). Press Enter to go on.")
        case .start, .continue, .choice, .answer, .exercise:
            say("Back to lesson \(cursor.lesson + 1).")
            let shown = hintsShown
            announceLesson()
            deliver()
            hintsShown = shown
        }
    }

    /// `stop`: ends a review session.
    mutating func stop() {
        guard review != nil else {
            say("There is no review to stop. `review` starts one when questions are due.")
            awaitUnchanged()
            return
        }
        endReview(stopped: true)
    }

    /// "The next question is due in 3 days." (or that none is waiting). Questions still due
    /// now (a review stopped half-way) come first: the next one is not "in 10 minutes" then.
    func nextDueSentence(at now: Int64) -> String? {
        let summary = progress.reviewSummary(in: course, at: now)
        if summary.dueNow > 0 {
            return summary.dueNow == 1 ? "1 question is still due; `review` goes over it."
                : "\(summary.dueNow) questions are still due; `review` goes over them."
        }
        guard let next = summary.nextDue else {
            return progress.cards.isEmpty ? "Questions come up for review once you have answered them in the lessons." : nil
        }
        return "The next question is due in \(Self.span(seconds: next - now))."
    }

    /// A duration in the largest whole unit: `1 minute`, `10 minutes`, `5 hours`, `3 days`.
    static func span(seconds: Int64) -> String {
        switch seconds {
        case ..<60: return counted(Int(max(seconds, 1)), "second")
        case ..<3_600: return counted(Int(seconds / 60), "minute")
        case ..<86_400: return counted(Int(seconds / 3_600), "hour")
        default: return counted(Int(seconds / 86_400), "day")
        }
    }
}
