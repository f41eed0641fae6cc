import LineProtocol
import Dialogue

/// One learner's conversation with the tutor about one course.
///
/// A value: it answers each input with a ``Response`` (the tutor's turns and the progress
/// events to store), and nothing else. No I/O, no clock, no randomness: the same inputs
/// always give the same outputs. Varied phrasing comes from a seeded choice.
public struct Conversation: Sendable {
    public let course: Course
    public internal(set) var progress: LearnerProgress
    /// `progress.summary(for: course)`, kept by ``emit(_:)`` as events change it: every reply's
    /// standing carries it, and most replies (a step on) change nothing it counts.
    private(set) var summary: ProgressSummary
    let phrasing: SeededChoice
    /// Counts responses, so seeded phrasing varies from one reply to the next.
    var counter: UInt64 = 0
    var cursor: Cursor
    var awaiting: Awaiting = .start
    /// Hints shown for the question at the cursor, during this visit.
    var hintsShown = 0
    var reply = Response()
    /// The time given with the current input (seconds since 1970), if any.
    var now: Int64?
    /// A review session in progress (``startReview()``).
    var review: ReviewSession?
    /// Answers the learner's own questions (`ask`); without one, `ask` says it cannot.
    public var answerer: (any CourseAnswering)?

    /// Where in the course the conversation is; see ``CoursePosition`` for the stored form.
    struct Cursor: Equatable {
        var lesson: Int
        var step: Int
        var detour: Detour?
    }

    /// Inside a node: which beat, and where to go when it ends.
    struct Detour: Equatable {
        var node: String
        var beat: Int
        /// After an offer the lesson continues with the next step; after a wrong answer
        /// (a remedial node) the question is asked again.
        var returnsToQuestion: Bool
    }

    enum Awaiting: Equatable {
        /// `exercise`: an exercise waits for the learner's run of its checks.
        case start, `continue`, choice, answer, answered, exercise, end

        var expectation: Expectation {
            switch self {
            case .start, .continue, .answered: .continue
            case .choice: .choice
            case .answer: .answer
            case .exercise: .exercise
            case .end: .end
            }
        }
    }

    /// The phrasing seed of a profile's conversation on a course (`""` for a user's default
    /// profile). It leaves out who the user is, so the same requests read the same for anyone
    /// who sends them: the protocol's example session is checked against the daemon that way.
    public static func phrasingSeed(profile: String, course: String) -> UInt64 {
        stableSeed("\(profile)/\(course)")
    }

    /// A conversation at the learner's saved position (or at the start when there is none).
    ///
    /// - Parameter seed: picks the phrasing variants; use ``phrasingSeed(profile:course:)`` so
    ///   a learner sees the same wording every time.
    public init(course: Course, progress: LearnerProgress = LearnerProgress(), seed: UInt64 = 0) {
        self.course = course
        self.progress = progress
        self.summary = progress.summary(for: course)
        self.phrasing = SeededChoice(seed: seed)
        self.cursor = Cursor(lesson: 0, step: 0)
    }

    /// What the tutor waits for now.
    public var expectation: Expectation { awaiting.expectation }

    /// The `expect` turn every reply ends with: what the tutor waits for, naming the open quiz
    /// or exercise.
    public var expect: Turn { .expect(awaiting.expectation, quiz: openQuiz?.question, exercise: openExercise) }

    /// Where the learner stands: the lesson at the cursor and the progress counts.
    public var standing: Standing { standing(at: now) }

    /// The standing with what is due at `now` (a reader's time, not the last input's).
    public func standing(at now: Int64?) -> Standing {
        let due = now.map { progress.dueCount(in: course, at: $0) } ?? 0
        var standing = Standing(course: course, lessonIndex: cursor.lesson, summary: summary, due: due)
        if let review { standing.review = Standing.ReviewPlace(number: min(review.index + 1, review.queue.count), total: review.queue.count) }
        return standing
    }

    /// Whether a review session is in progress.
    public var isReviewing: Bool { review != nil }

    /// The current position in stable terms.
    public var position: CoursePosition {
        let lesson = course.lessons[cursor.lesson]
        return CoursePosition(
            lessonID: lesson.id, lessonIndex: cursor.lesson, step: cursor.step, nodeID: cursor.detour?.node,
            nodeBeat: cursor.detour?.beat ?? 0, isFinished: (review?.returnAwaiting ?? awaiting) == .end)
    }

    var lesson: Lesson { course.lessons[cursor.lesson] }

    // MARK: - Entry points

    /// Opens the conversation: a greeting and lesson 1 for a new learner, or a welcome back
    /// and the step they left off at.
    ///
    /// - Parameter now: the time, in seconds since 1970, if the caller has a clock: it dates
    ///   the start and the end of the course, and the end-of-course summary says how long it
    ///   took. Without it the conversation works the same, without that line.
    public mutating func open(at now: Int64? = nil) -> Response {
        begin(at: now)
        if let saved = progress.position {
            let (restored, note) = CourseLocator(course: course).cursor(for: saved)
            cursor = restored
            say("Welcome back to \(course.title).")
            if let note { say(note) }
            announceDue()
            if saved.isFinished && note == nil {
                finishCourse()
            } else {
                announceLesson()
                if let settled = settledQuestionAtCursor {
                    showSettled(settled)
                } else if let passed = passedExerciseAtCursor {
                    showPassed(passed)
                } else {
                    deliver()
                }
            }
        } else {
            add(.course(id: course.id, title: course.title, level: course.level,
                        summary: course.summary, lessons: course.lessons.count))
            say("Welcome to \(course.title). \(course.summary)")
            say("\(counted(course.lessons.count, "lesson")), each ending with a quiz. Press Enter to go on; type `help` any time to see what else I understand.")
            announceLesson()
            deliver()
        }
        return end()
    }

    /// Answers one line from the learner; `now` as for ``open(at:)``.
    public mutating func respond(to input: String, at now: Int64? = nil) -> Response {
        begin(at: now)
        if awaiting == .start {
            return open(at: now)
        }
        switch LearnerInput(input) {
        case .help: help()
        case .repeatStep: repeatStep()
        case .back where review != nil: stop()  // out of the review, back to the lesson
        case .back: back()
        case .skip: skip()
        case .hint: hint()
        case .solution: solution()
        case .lessons: listLessons()
        case .progress:
            add(.progress(summary))
            if let now { add(.reviews(progress.reviewSummary(in: course, at: now))) }
            listLessons()
        case .restart:
            leaveReview()
            restart()
        case .goto(let target):
            leaveReview()
            goto(target)
        case .review: startReview()
        case .stop: stop()
        case .ask(let question): ask(question)
        case .text(let text): chat(text)
        }
        return end()
    }

    /// Answers the open quiz with `text`, taken as an answer whatever it says (`hint` or `2`
    /// alike): the protocol's `answer <quiz> <text>`, sent once the caller made sure the quiz
    /// is the open one. Without an open quiz it is a chat line.
    public mutating func respond(answer text: String, at now: Int64? = nil) -> Response {
        begin(at: now)
        if awaiting == .answer, let question = currentQuestion {
            answer(text, to: question)
        } else {
            chat(text)
        }
        return end()
    }

    // MARK: - Reply assembly

    mutating func begin(at now: Int64?) {
        counter += 1
        reply = Response()
        self.now = now
        if progress.startedAt == nil { progress.startedAt = now }
    }

    mutating func end() -> Response {
        let current = position
        if progress.position != current {
            emit(.positionMoved(current))
        }
        add(.standing(standing))
        add(expect)
        let finished = reply
        reply = Response()
        return finished
    }

    mutating func add(_ turn: Turn) {
        reply.turns.append(turn)
    }

    mutating func say(_ text: String) {
        add(.tutor(text))
    }

    /// The learner's line was not understood: say what is expected, marked as a nudge.
    mutating func nudge(_ text: String) {
        add(.nudge(text))
    }

    /// Records an event and applies it at once, so later turns see the new totals.
    mutating func emit(_ event: TutoringEvent) {
        reply.events.append(event)
        // Only what the event changes is counted again: every answer emits events, and a full
        // count looks up every question of the course.
        switch event {
        case .answerRecorded(let answer):
            recount(answer.questionID) { $0.apply(event) }
        case .questionRevealed(let question), .solutionShown(let question), .exerciseHintsSeen(let question, _):
            recount(question) { $0.apply(event) }
        case .xpAwarded, .cardReviewed:
            progress.apply(event)
            summary.xp = progress.xp
        case .lessonCompleted:
            progress.apply(event)
            summary = progress.summary(for: course)
        case .positionMoved, .courseCompleted:
            progress.apply(event)
        }
    }

    /// Applies `change` to the progress, counting `question`'s record out of the summary
    /// before and in after (if the course has the question; the summary counts only its own).
    private mutating func recount(_ question: String, _ change: (inout LearnerProgress) -> Void) {
        let counted = course.questionIDs.contains(question)
        if counted { summary.count(progress.questions[question], as: -1) }
        change(&progress)
        if counted { summary.count(progress.questions[question], as: 1) }
    }

    /// "3 questions are due for review", when some are.
    mutating func announceDue() {
        guard let now else { return }
        let due = progress.dueCount(in: course, at: now)
        guard due > 0 else { return }
        add(.due(count: due))
        say("\(counted(due, "question")) \(due == 1 ? "is" : "are") due for review; type `review` to go over \(due == 1 ? "it" : "them").")
    }

    func pick(_ phrases: [String]) -> String {
        phrasing.pick(phrases, counter: counter)
    }
}
