/// One step of a lesson's main flow.
public enum Step: Sendable, Equatable {
    /// Tutor messages delivered together before the tutor waits for the learner.
    case beat(Beat)
    /// An optional detour the learner may accept or decline.
    case offer(Offer)
    /// The lesson's key takeaway.
    case takeaway(String)
    /// A question the learner answers.
    case question(Question)
    /// Code the learner writes, which the course's checks run.
    case exercise(Exercise)
}

/// What the tutor says before it waits for the learner: one or more short messages, and code.
public struct Beat: Sendable, Equatable {
    public var messages: [Message]

    public init(messages: [Message]) {
        self.messages = messages
    }
}

/// One thing the tutor says in a beat: a chat message, or a code block.
public enum Message: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case code(CodeBlock)

    public init(stringLiteral text: String) {
        self = .text(text)
    }

    /// The text of a chat message; `nil` for code.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// A fenced code block: lines kept as written (indentation included), never joined.
public struct CodeBlock: Sendable, Equatable {
    /// The language tag after the opening fence (```` ```python ````), if any.
    public var language: String?
    /// Marked `run` (```` ```python run ````): the course claims what it prints, and a test
    /// runs it with `python3` and compares the output block that follows.
    public var isRunnable: Bool
    public var lines: [String]

    public init(language: String?, isRunnable: Bool = false, lines: [String]) {
        self.language = language
        self.isRunnable = isRunnable
        self.lines = lines
    }

    /// An `output` block shows what the code before it prints.
    public var isOutput: Bool { language == "output" }
}

/// A yes/no invitation into a node, e.g. an optional deeper dive.
public struct Offer: Sendable, Equatable {
    /// The node entered when the learner accepts.
    public var node: String
    /// The tutor's invitation, phrased as a yes/no question.
    public var prompt: String

    public init(node: String, prompt: String) {
        self.node = node
        self.prompt = prompt
    }
}
