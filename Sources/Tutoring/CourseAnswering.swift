import LineProtocol

/// What answers a learner's own question from the courses (`ask`). The daemon gives each
/// conversation one (backed by a full-text index of the loaded courses); the conversation
/// decides when a line is a question and what the learner may be shown.
public protocol CourseAnswering: Sendable {
    /// The passages that answer `question`, best first (at most three), or none when nothing is
    /// relevant enough; `nil` when this daemon cannot search at all. A passage of a lesson with
    /// a quiz the learner has not settled comes without its text, only with where it is.
    ///
    /// - Parameters:
    ///   - courses: the course ids to search.
    ///   - answered: per course, the questions the learner has settled (answered right, or
    ///     revealed): a lesson is quoted only when all its quizzes are settled.
    ///   - lessonAt: per course, the 0-based lesson the learner is at; later ones are ahead.
    ///   - openQuiz: the quiz waiting for an answer when the learner asks at one: nothing
    ///     that could give its answer away is quoted.
    func answer(_ question: String, courses: Set<String>, answered: [String: Set<String>],
                lessonAt: [String: Int], openQuiz: (course: String, question: String)?) -> [FoundPassage]?
}

/// A passage found for a question, and where it is from.
public struct FoundPassage: Sendable, Equatable {
    /// Empty when the passage is withheld.
    public var text: String
    public var citation: Citation
    /// Why it is pointed to rather than quoted; `nil` when it is quoted.
    public var withheld: Withholding?

    public init(text: String, citation: Citation, withheld: Withholding? = nil) {
        self.text = withheld == nil ? text : ""
        self.citation = citation
        self.withheld = withheld
    }
}
