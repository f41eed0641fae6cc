/// A course: metadata and its lessons in teaching order.
///
/// Built by ``DialogueParser`` from a `.dialogue` file; every value in it has been
/// validated, so the tutoring logic can rely on its invariants (at least one lesson,
/// every lesson has a takeaway and a question, every jump names an existing node).
public struct Course: Sendable, Equatable {
    /// Stable identifier, used by learners (`start cpython-internals`) and by storage.
    public var id: String
    public var title: String
    /// Free-form level word, such as `beginner` or `advanced`.
    public var level: String
    /// One line that says what the course teaches.
    public var summary: String
    public var lessons: [Lesson] {
        didSet {
            questions = lessons.flatMap(\.questions)
            questionIDs = Set(questions.map(\.id))
            allQuestions = lessons.flatMap(\.allQuestions)
        }
    }
    /// Every main-flow question of the course, in teaching order: what the learner's score
    /// counts ("7 of 9 questions right"). Retry questions are left out, since only learners
    /// who missed a question meet one.
    public private(set) var questions: [Question]
    /// The ids of ``questions``, to ask whether the course has one without a walk.
    public private(set) var questionIDs: Set<String>
    /// Every question a learner can meet: ``questions`` with each retry question right after
    /// the question it stands in for. Kept with the lessons: the standing of every reply counts
    /// the learner's due questions among them (a retry question answered is reviewed too).
    public private(set) var allQuestions: [Question]

    public init(id: String, title: String, level: String, summary: String, lessons: [Lesson]) {
        self.id = id
        self.title = title
        self.level = level
        self.summary = summary
        self.lessons = lessons
        self.questions = lessons.flatMap(\.questions)
        self.questionIDs = Set(questions.map(\.id))
        self.allQuestions = lessons.flatMap(\.allQuestions)
    }

    /// Every exercise of the course, in teaching order.
    public var exercises: [Exercise] {
        lessons.flatMap { lesson in lesson.steps.compactMap { if case .exercise(let exercise) = $0 { exercise } else { nil } } }
    }

    /// The index of the lesson with this id, if there is one.
    public func lessonIndex(id: String) -> Int? {
        lessons.firstIndex { $0.id == id }
    }

    /// The question with this id (a retry question too) and the index of its lesson, if the
    /// course has it.
    public func question(id: String) -> (question: Question, lesson: Int)? {
        for (index, lesson) in lessons.enumerated() {
            if let question = lesson.allQuestions.first(where: { $0.id == id }) { return (question, index) }
        }
        return nil
    }
}
