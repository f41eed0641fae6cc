/// Where a learner stands in one course: what a client's header and footer show.
///
/// Every conversation reply carries one (``Turn/standing(_:)``, just before `expect`), and
/// `courses` and `status` send one per course the learner has begun, so a client never has to
/// work out progress from the turns it happened to see.
public struct Standing: Sendable, Equatable, CustomStringConvertible {
    /// The course id.
    public var course: String
    /// The current lesson, 1-based (the last lesson once the course is finished).
    public var lesson: Int
    public var icon: String?
    /// The current lesson's title.
    public var title: String
    /// Score, XP and lessons done; `summary.lessons` is the number of lessons.
    public var summary: ProgressSummary
    /// Questions due for spaced review in this course now.
    public var due: Int
    /// During a review session: the card being asked (1-based) and the session's cards.
    public var review: ReviewPlace?

    /// Where a review session is: the card being asked (1-based) of how many.
    public struct ReviewPlace: Sendable, Equatable {
        public var number: Int
        public var total: Int

        public init(number: Int, total: Int) {
            self.number = number
            self.total = total
        }
    }

    public init(course: String, lesson: Int, icon: String?, title: String, summary: ProgressSummary, due: Int = 0,
                review: (number: Int, total: Int)? = nil) {
        self.course = course
        self.lesson = lesson
        self.icon = icon
        self.title = title
        self.summary = summary
        self.due = due
        self.review = review.map { ReviewPlace(number: $0.number, total: $0.total) }
    }

    /// `cpython-internals score 3/11 xp 25 lessons 1/10 first-try 2/11 answers 5 accuracy 60% due 2 | 3/10 🏭 Metaclass Mechanics`:
    /// the course id, the counts of ``ProgressSummary/text``, the questions due for review
    /// (and `review 1/2` during a review session), and the lesson as a `lesson` line has it.
    /// The title comes last, after the first ` | `, so it may contain anything.
    public var description: String { "Standing(\(text))" }

    public var text: String {
        // Every conversation reply carries one: built byte by byte (TextBuilder).
        let capacity = course.utf8.count + (icon?.utf8.count ?? 0) + title.utf8.count + ProgressSummary.textCapacity
            + 8 * TextBuilder.integerCapacity + 32
        return TextBuilder.build(capacity: capacity) { text in
            text.append(course)
            text.append(" ")
            summary.append(to: &text)
            text.append(" due ")
            text.append(due)
            if let review {
                text.append(" review ")
                text.append(review.number)
                text.append("/")
                text.append(review.total)
            }
            text.append(" | ")
            text.append(lesson)
            text.append("/")
            text.append(summary.lessons)
            text.append(" ")
            text.append(Turn.withIcon(icon, title))  // as a `lesson` line has it
        }
    }
}

/// What changed for a connection waiting in `idle` (docs/protocol.md, *Notifications*), as
/// MPD names its subsystems.
public enum Subsystem: String, Sendable, CaseIterable {
    /// The learner moved in a course: another connection went on, went back, or opened it.
    case position
    /// The learner's score, XP or finished lessons changed (an answer, a reset).
    case progress
    /// The daemon's courses changed: a reload added, removed or changed a course.
    case courses
}

/// How a question of a finished course was missed, for the end-of-course review list.
public enum Miss: String, Sendable, CaseIterable {
    /// Answered right, but not on the first try.
    case retried
    /// The answer was shown (`skip`) before a right answer.
    case revealed
    /// Never answered right.
    case unanswered
}
