/// One lesson: a main flow of steps and the named nodes the flow can detour into.
public struct Lesson: Sendable, Equatable {
    public var id: String
    public var title: String
    /// An optional emoji shown next to the title.
    public var icon: String?
    /// What the learner walks through, in order.
    public var steps: [Step] {
        didSet { questions = Self.questions(in: steps) }
    }
    /// The lesson's questions, in order (validated: at least one). Kept with the steps rather
    /// than collected on each use: every reply's standing looks at them.
    public private(set) var questions: [Question]
    /// Detours (deeper dives, remedial explanations), keyed by their id. Entering a node
    /// plays its beats and then returns to the step that led there.
    public var nodes: [String: Node]

    public init(id: String, title: String, icon: String?, steps: [Step], nodes: [String: Node]) {
        self.id = id
        self.title = title
        self.icon = icon
        self.steps = steps
        self.nodes = nodes
        self.questions = Self.questions(in: steps)
    }

    private static func questions(in steps: [Step]) -> [Question] {
        steps.compactMap { step in
            if case .question(let question) = step { return question }
            return nil
        }
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

    public init(id: String, beats: [Beat]) {
        self.id = id
        self.beats = beats
    }
}
