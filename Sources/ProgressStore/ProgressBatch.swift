import Foundation
import Tutoring

/// A batch of writes resolved against what is stored, and the rows each table gets: the
/// set-based half of ``ProgressTables/record(_:)``, with no connection of its own.
///
/// Each course of each learner (a ``Pair``) is resolved as its writes would apply one after
/// another, in the batch's order: a reset forgets what is stored, and any other write applies
/// when its precondition holds against what the writes before it left (the stored revision,
/// or no enrolment), and is refused otherwise. What applies after the pair's last reset is then
/// folded into one row per table key: one enrolment row (a new one, or the stored one moved
/// on: the last revision, the XP added up, the first finish, the last position), one row
/// per question touched (the conversation's own fold, ``QuestionProgress``, applied to the
/// stored row in order), and every answer, review and lesson in order.
struct ProgressBatch {
    /// A learner's course, by the learner's row id.
    struct Pair: Hashable {
        var learner: Int64
        var course: String
    }

    /// A question of a pair.
    struct QuestionKey: Hashable {
        var pair: Pair
        var question: String
    }

    /// How the batch leaves a pair.
    struct Course {
        /// An enrolment is stored, and no reset of the batch removes it.
        var isStored: Bool
        /// A reset of the batch removes the pair's stored rows first.
        var resets = false
        /// The writes applied after the pair's last reset, in order.
        var applied: [Int] = []
    }

    let writes: [ProgressWrite]
    /// Each learner's row id (a learner with only resets may have none: nothing of theirs is stored).
    let ids: [LearnerID: Int64]
    /// The pairs written, in the order first written.
    private(set) var pairs: [Pair] = []
    private(set) var courses: [Pair: Course] = [:]
    /// The writes refused by their precondition.
    private(set) var refused: Set<Int> = []
    /// Each applied write's rows (``ProgressRows``), by index: a write a later reset undoes
    /// too (its learner still studied that day, and opened the course).
    private var folded: [Int: ProgressRows] = [:]

    /// The batch's pairs, before anything is resolved (``resolve(stored:)``).
    init(_ writes: [ProgressWrite], ids: [LearnerID: Int64]) {
        self.writes = writes
        self.ids = ids
        for write in writes where write.hidesFromLeaderboard == nil {
            guard let id = ids[write.learner] else { continue }
            let pair = Pair(learner: id, course: write.course)
            if courses[pair] == nil {
                courses[pair] = Course(isStored: false)
                pairs.append(pair)
            }
        }
    }

    /// Checks every write's precondition, given the pairs' stored revisions (a pair not in
    /// `stored` has no enrolment).
    mutating func resolve(stored: [Pair: Int64]) {
        var revisions = stored
        for pair in pairs { courses[pair]?.isStored = stored[pair] != nil }
        for (index, write) in writes.enumerated() where write.hidesFromLeaderboard == nil {
            guard let id = ids[write.learner] else { continue }
            let pair = Pair(learner: id, course: write.course)
            if write.resetsCourse {
                courses[pair] = Course(isStored: false, resets: true)
                revisions[pair] = nil
                continue
            }
            let applies = switch write.precondition {
            case .unconditional: true
            case .notEnrolled: revisions[pair] == nil
            case .revision(let expected): revisions[pair] == expected
            }
            if applies {
                courses[pair]?.applied.append(index)
                revisions[pair] = write.revision
                folded[index] = ProgressRows(write.events)
            } else {
                refused.insert(index)
            }
        }
    }

    /// The questions whose stored rows the fold starts from: those the applied writes touch,
    /// in pairs no reset removes.
    var questionsToRead: [QuestionKey] {
        var keys: [QuestionKey] = []
        var seen: Set<QuestionKey> = []
        for pair in pairs {
            guard let course = courses[pair], !course.resets else { continue }
            for index in course.applied {
                for question in folded[index]?.questions ?? [] {
                    let key = QuestionKey(pair: pair, question: question.id)
                    if seen.insert(key).inserted { keys.append(key) }
                }
            }
        }
        return keys
    }

    /// What the batch writes, table by table.
    struct Rows {
        /// learner_id, course: pairs whose stored rows a reset removes.
        var resets: [StoreRow] = []
        var newEnrolments: [StoreRow] = []
        var movedEnrolments: [StoreRow] = []
        var questions: [StoreRow] = []
        var answers: [StoreRow] = []
        var reviews: [StoreRow] = []
        var lessons: [StoreRow] = []
        var studyDays: [StoreRow] = []
        var learners: [StoreRow] = []
        /// Each learner's last study day written (or known before).
        var days: [LearnerID: String] = [:]
    }

    /// The rows, given the questions' stored states, the study day each learner is known to
    /// have stored, and how the store keeps a time.
    func rows(questions stored: [QuestionKey: QuestionProgress], knownDays: [LearnerID: String],
              time: (Date) -> StoreValue) -> Rows {
        var rows = Rows()
        var stamps: [Int: StoreValue] = [:]  // made once per write
        func stamp(_ index: Int) -> StoreValue {
            if let made = stamps[index] { return made }
            let made = time(writes[index].date)
            stamps[index] = made
            return made
        }
        for pair in pairs {
            guard let course = courses[pair] else { continue }
            let learner = StoreValue.integer(pair.learner), name = StoreValue.text(pair.course)
            if course.resets { rows.resets.append([learner, name]) }
            guard let first = course.applied.first, let last = course.applied.last else { continue }
            var xp = 0
            var finished = StoreValue.null
            var position: CoursePosition?
            var states: [String: (state: QuestionProgress, kind: AnswerKind)] = [:]
            var touched: [String] = []
            for index in course.applied {
                guard let folded = folded[index] else { continue }
                xp += folded.xp
                if folded.finishesCourse, finished == .null { finished = stamp(index) }
                if let moved = folded.position { position = moved }
                for question in folded.questions {
                    var state = states[question.id]?.state
                        ?? (course.resets ? nil : stored[QuestionKey(pair: pair, question: question.id)]) ?? QuestionProgress()
                    if states[question.id] == nil { touched.append(question.id) }
                    for change in question.changes { change.apply(to: &state) }
                    states[question.id] = (state, question.kind)
                }
            }
            let place: [StoreValue] = position.map {
                [.text($0.lessonID), .int($0.lessonIndex), .int($0.step), .optional($0.nodeID), .int($0.nodeBeat), .bool($0.isFinished)]
            } ?? [.null, .null, .null, .null, .null, .bool(false)]
            if course.isStored {
                rows.movedEnrolments.append([learner, name, .integer(writes[last].revision), .int(xp), finished, .bool(position != nil)] + place)
            } else {
                rows.newEnrolments.append([learner, name, stamp(first), .integer(writes[last].revision), .int(xp), finished] + place)
            }
            for question in touched {
                guard let folded = states[question] else { continue }
                let state = folded.state
                rows.questions.append([learner, name, .text(question), .int(state.attempts), .bool(state.isCorrect),
                                       .bool(state.isCorrectOnFirstTry), .bool(state.isRevealed), .int(state.xp),
                                       .text(folded.kind.rawValue), .int(state.hintsSeen)])
            }
        }
        // Rows that are added, and what a learner's writes set, in the batch's order.
        var lastCourses: [LearnerID: String] = [:]
        var hidden: [LearnerID: Bool] = [:]
        var learners: [LearnerID] = []
        var seen: Set<LearnerID> = []
        var days: [LearnerID: [String]] = [:]
        for (index, write) in writes.enumerated() {
            guard let id = ids[write.learner] else { continue }
            if seen.insert(write.learner).inserted { learners.append(write.learner) }
            if let hides = write.hidesFromLeaderboard {
                hidden[write.learner] = hides
                continue
            }
            guard let folded = folded[index] else { continue }
            if write.opensCourse { lastCourses[write.learner] = write.course }
            let day = StoredTime.day(write.date)
            if days[write.learner]?.last != day { days[write.learner, default: []].append(day) }
            // What a later reset of the batch removes is not written at all.
            guard courses[Pair(learner: id, course: write.course)]?.applied.contains(index) == true else { continue }
            let learner = StoreValue.integer(id), course = StoreValue.text(write.course), at = stamp(index)
            for answer in folded.answers {
                rows.answers.append([learner, course, .text(answer.lesson), .text(answer.question), .text(answer.given),
                                     .bool(answer.isCorrect), .int(answer.attempt), .bool(answer.usedHint), .int(answer.xp), at,
                                     .text(answer.kind.rawValue)])
            }
            for review in folded.reviews {
                rows.reviews.append([learner, course, .text(review.lessonID), .text(review.questionID), .int(review.rating.rawValue),
                                     .integer(review.at), .bool(review.isReview), .optional(review.given), .int(review.xp)])
            }
            for lesson in folded.completedLessons {
                rows.lessons.append([learner, course, .text(lesson), at])
            }
        }
        for learner in learners {
            guard let id = ids[learner] else { continue }
            let known = knownDays[learner]
            for day in Set(days[learner] ?? []).sorted() where day != known {
                rows.studyDays.append([.integer(id), .text(day)])
            }
            rows.days[learner] = days[learner]?.last ?? known ?? ""
            if lastCourses[learner] != nil || hidden[learner] != nil {
                rows.learners.append([.integer(id), .optional(lastCourses[learner]), hidden[learner].map(StoreValue.bool) ?? .null])
            }
        }
        return rows
    }
}
