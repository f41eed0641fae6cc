/// One item of the chat transcript.
public struct ChatEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case tutor, learner, lesson, takeaway, quiz, option, correct, incorrect, revealed
        case feedback, explanation, hint, xp, info, system
    }

    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// The text a monochrome terminal shows in front of the entry, so kinds stay apart
    /// without colour. Colour terminals get styles instead (see ``Style``).
    var prefix: String {
        switch kind {
        case .tutor: "  "
        case .learner: "› "
        case .lesson: "── "
        case .takeaway: "★ "
        case .quiz: "? "
        case .option: "    "
        case .correct: "✓ "
        case .incorrect: "✗ "
        case .revealed: "→ "
        case .feedback, .explanation: "  "
        case .hint: "💡 "
        case .xp: "  "
        case .info: "  "
        case .system: "! "
        }
    }

    var style: Style {
        switch kind {
        case .tutor, .feedback: .tutor
        case .learner: .learner
        case .lesson: .heading
        case .takeaway: .takeaway
        case .quiz, .option: .quiz
        case .correct, .xp: .good
        case .incorrect: .bad
        case .revealed, .explanation, .hint, .info: .dim
        case .system: .system
        }
    }
}

/// How a screen line is drawn; the terminal layer maps styles to colours and attributes.
public enum Style: Sendable, Equatable {
    case plain, tutor, learner, heading, takeaway, quiz, selected, good, bad, dim, system
    case header, footer, input, overlay
}

/// One line of the screen, at most as wide as the screen.
public struct StyledLine: Sendable, Equatable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style) {
        self.text = text
        self.style = style
    }
}
