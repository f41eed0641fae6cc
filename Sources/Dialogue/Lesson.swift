/// One lesson: a main flow of steps and the named nodes the flow can detour into.
public struct Lesson: Sendable, Equatable {
    public var id: String
    public var title: String
    /// An optional emoji shown next to the title.
    public var icon: String?
    /// What the learner walks through, in order.
    public var steps: [Step] {
        didSet { collectQuestions() }
    }
    /// The lesson's main-flow questions, in order (validated: at least one). Kept with the
    /// steps rather than collected on each use: every reply's standing looks at them. Retry
    /// questions are not among them: see ``retryQuestions``.
    public private(set) var questions: [Question]
    /// The retry questions of the lesson's nodes, each asked instead of the main-flow question
    /// whose `on-wrong:` names its node; in the order of those questions.
    public private(set) var retryQuestions: [Question]
    /// Every question a learner can meet in the lesson: each main-flow question, followed by
    /// its retry question if it has one.
    public private(set) var allQuestions: [Question]
    /// Detours (deeper dives, remedial explanations), keyed by their id. Entering a node
    /// plays its beats and then returns to the step that led there, or asks the node's own
    /// question (``Node/question``).
    public var nodes: [String: Node] {
        didSet { collectQuestions() }
    }

    public init(id: String, title: String, icon: String?, steps: [Step], nodes: [String: Node]) {
        self.id = id
        self.title = title
        self.icon = icon
        self.steps = steps
        self.nodes = nodes
        self.questions = []
        self.retryQuestions = []
        self.allQuestions = []
        collectQuestions()
    }

    private mutating func collectQuestions() {
        questions = steps.compactMap { step in
            if case .question(let question) = step { return question }
            return nil
        }
        retryQuestions = questions.compactMap(retryQuestion(after:))
        allQuestions = questions.flatMap { question in [question] + (retryQuestion(after: question).map { [$0] } ?? []) }
    }

    /// The question asked instead of `question` after its first wrong answer: the retry
    /// question of its `on-wrong:` node, if that node has one.
    public func retryQuestion(after question: Question) -> Question? {
        question.remedialNode.flatMap { nodes[$0]?.question }
    }

    /// The lesson's key takeaway (validated: exactly one per lesson).
    public var takeaway: String {
        for case .takeaway(let text) in steps { return text }
        return ""
    }

    /// Title with its icon in front, as shown in headers and lists.
    public var displayTitle: String {
        if let icon { return "\(icon) \(title)" }
        return title
    }
}

/// A named detour inside a lesson.
public struct Node: Sendable, Equatable {
    public var id: String
    public var beats: [Beat]
    /// The node's retry question, asked after its beats instead of the question whose wrong
    /// answer led here (validated: only `on-wrong:` of one question enters such a node, and
    /// the question has no `on-wrong:` of its own).
    public var question: Question?

    public init(id: String, beats: [Beat], question: Question? = nil) {
        self.id = id
        self.beats = beats
        self.question = question
    }
}
