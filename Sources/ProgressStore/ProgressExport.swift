import Foundation
import GRDB
import Tutoring

/// A learner's whole progress, as `export` writes it: every course with its position, XP,
/// completed lessons, per-question state, every answer, the review log and the review cards it
/// schedules. For teachers, backups and scripts.
///
/// The same values are built from the rows `ProgressTables` reads (for both stores) and are the JSON written
/// (Codable, keys sorted, dates in ISO 8601, absent values as `null`).
public struct ProgressExport: Codable, Sendable, Equatable {
    public var uid: Int
    public var profile: String
    public var lastCourse: String?
    public var studyDays: [String]
    public var courses: [CourseProgressExport]

    enum CodingKeys: String, CodingKey {
        case uid, profile, courses
        case lastCourse = "last_course"
        case studyDays = "study_days"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uid, forKey: .uid)
        try container.encode(profile, forKey: .profile)
        try container.encode(lastCourse, forKey: .lastCourse)  // null when none
        try container.encode(studyDays, forKey: .studyDays)
        try container.encode(courses, forKey: .courses)
    }
}

/// One course of an export.
public struct CourseProgressExport: Codable, Sendable, Equatable {
    public var course: String
    public var xp: Int
    public var startedAt: Date
    public var finishedAt: Date?
    public var completedLessons: [String]
    public var position: Position?
    public var questions: [Question]
    public var answers: [Answer]
    public var reviews: [Review]
    public var cards: [Card]

    enum CodingKeys: String, CodingKey {
        case course, xp, position, questions, answers, reviews, cards
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case completedLessons = "completed_lessons"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(course, forKey: .course)
        try container.encode(xp, forKey: .xp)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)  // null while unfinished
        try container.encode(completedLessons, forKey: .completedLessons)
        try container.encodeIfPresent(position, forKey: .position)  // absent before the first step
        try container.encode(questions, forKey: .questions)
        try container.encode(answers, forKey: .answers)
        try container.encode(reviews, forKey: .reviews)
        try container.encode(cards, forKey: .cards)
    }

    /// Where the learner stands.
    public struct Position: Codable, Sendable, Equatable {
        public var lesson: String
        public var step: Int
        public var node: String?
        public var finished: Bool

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lesson, forKey: .lesson)
            try container.encode(step, forKey: .step)
            try container.encode(node, forKey: .node)  // null outside a detour
            try container.encode(finished, forKey: .finished)
        }
    }

    /// A row of `question_state`.
    public struct Question: Codable, Sendable, Equatable, FetchableRecord {
        public var question: String
        public var attempts: Int
        public var correct: Bool
        public var firstTry: Bool
        public var revealed: Bool
        public var xp: Int
        /// `quiz`, or `exercise` (whose attempts are the learner's own reported runs of its checks).
        public var kind: String = AnswerKind.quiz.rawValue
        /// An exercise's hints seen (0 for a quiz).
        public var hintsSeen: Int = 0

        enum CodingKeys: String, CodingKey {
            case question, attempts, correct, revealed, xp, kind
            case firstTry = "first_try"
            case hintsSeen = "hints_seen"
        }
    }

    /// A row of `answer`: one answer as given.
    public struct Answer: Codable, Sendable, Equatable, FetchableRecord {
        public var lesson: String
        public var question: String
        public var given: String
        public var correct: Bool
        public var attempt: Int
        public var hintUsed: Bool
        public var xp: Int
        public var answeredAt: Date
        /// `quiz`, or `exercise`: the learner's own run of the exercise's checks, `given` as
        /// `passed/total`.
        public var kind: String = AnswerKind.quiz.rawValue
        /// The daemon did not judge it: an exercise's checks ran on the learner's side.
        public var selfReported: Bool { kind == AnswerKind.exercise.rawValue }

        enum CodingKeys: String, CodingKey {
            case lesson, question, given, correct, attempt, xp, kind
            case hintUsed = "hint_used"
            case answeredAt = "answered_at"
            case selfReported = "self_reported"
        }

        public init(lesson: String, question: String, given: String, correct: Bool, attempt: Int, hintUsed: Bool, xp: Int,
                    answeredAt: Date, kind: String = AnswerKind.quiz.rawValue) {
            self.lesson = lesson
            self.question = question
            self.given = given
            self.correct = correct
            self.attempt = attempt
            self.hintUsed = hintUsed
            self.xp = xp
            self.answeredAt = answeredAt
            self.kind = kind
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(lesson: try container.decode(String.self, forKey: .lesson), question: try container.decode(String.self, forKey: .question),
                      given: try container.decode(String.self, forKey: .given), correct: try container.decode(Bool.self, forKey: .correct),
                      attempt: try container.decode(Int.self, forKey: .attempt), hintUsed: try container.decode(Bool.self, forKey: .hintUsed),
                      xp: try container.decode(Int.self, forKey: .xp), answeredAt: try container.decode(Date.self, forKey: .answeredAt),
                      kind: try container.decodeIfPresent(String.self, forKey: .kind) ?? AnswerKind.quiz.rawValue)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lesson, forKey: .lesson)
            try container.encode(question, forKey: .question)
            try container.encode(given, forKey: .given)
            try container.encode(correct, forKey: .correct)
            try container.encode(attempt, forKey: .attempt)
            try container.encode(hintUsed, forKey: .hintUsed)
            try container.encode(xp, forKey: .xp)
            try container.encode(answeredAt, forKey: .answeredAt)
            try container.encode(kind, forKey: .kind)
            try container.encode(selfReported, forKey: .selfReported)
        }
    }
}

extension CourseProgressExport {
    /// A row of `review_log`: one grading of a question's review card.
    public struct Review: Codable, Sendable, Equatable {
        public var lesson: String
        public var question: String
        /// `again`, `hard`, `good` or `easy`.
        public var rating: String
        public var reviewedAt: Date
        /// In a review session, or the question's first encounter in its lesson.
        public var inReview: Bool
        public var given: String?
        public var xp: Int

        enum CodingKeys: String, CodingKey {
            case lesson, question, rating, given, xp
            case reviewedAt = "reviewed_at"
            case inReview = "in_review"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lesson, forKey: .lesson)
            try container.encode(question, forKey: .question)
            try container.encode(rating, forKey: .rating)
            try container.encode(reviewedAt, forKey: .reviewedAt)
            try container.encode(inReview, forKey: .inReview)
            try container.encode(given, forKey: .given)  // null when the answer was revealed
            try container.encode(xp, forKey: .xp)
        }
    }

    /// A question's review card as the log schedules it (FSRS): derived, not stored.
    public struct Card: Codable, Sendable, Equatable {
        public var question: String
        /// `learning`, `review` or `relearning`.
        public var phase: String
        public var due: Date
        public var stability: Double
        public var difficulty: Double
    }
}

extension CourseProgressExport {
    /// The cards a course's review log (oldest first) schedules: the same FSRS fold the
    /// conversation uses.
    static func cards(scheduledBy reviewLog: [CardReview]) -> [Card] {
        var fold = LearnerProgress()
        for review in reviewLog { fold.apply(.cardReviewed(review)) }
        return cards(of: fold)
    }

    /// The cards of a fold of review log rows, by question.
    static func cards(of fold: LearnerProgress) -> [Card] {
        fold.cards.sorted { $0.key < $1.key }.map { question, card in
            Card(question: question, phase: "\(card.phase)", due: Date(timeIntervalSince1970: TimeInterval(card.due)),
                 stability: card.stability ?? 0, difficulty: card.difficulty ?? 0)
        }
    }
}

extension CourseProgressExport.Review {
    init(_ review: CardReview) {
        self.init(lesson: review.lessonID, question: review.questionID, rating: "\(review.rating)",
                  reviewedAt: Date(timeIntervalSince1970: TimeInterval(review.at)),
                  inReview: review.isReview, given: review.given, xp: review.xp)
    }
}

extension CourseProgressExport.Answer {
    init(_ answer: StoredAnswer) {
        self.init(lesson: answer.lesson, question: answer.question, given: answer.given, correct: answer.isCorrect,
                  attempt: answer.attempt, hintUsed: answer.usedHint, xp: answer.xp, answeredAt: answer.answeredAt,
                  kind: answer.kind.rawValue)
    }
}
