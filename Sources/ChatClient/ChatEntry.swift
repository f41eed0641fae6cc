/// One item of the chat transcript.
public struct ChatEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case tutor, learner, lesson, takeaway, quiz, option, correct, incorrect, revealed
        case feedback, explanation, hint, xp, info, system
        /// A line of a code block: kept as written, continued on the next line when too wide.
        case code
        /// A row of one of the client's own tables (lessons, progress, summary): aligned by the
        /// client, wrapped under its value column when too wide.
        case row
        /// A table's title.
        case rowHeading
        /// A table's highlighted row (the current lesson).
        case rowCurrent
        /// A passage of the course quoted in answer to the learner's question, and where it is from.
        case answer, cite
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
        case .code: "  │ "
        case .row, .rowHeading, .rowCurrent: "  "
        case .answer: "  ┃ "
        case .cite: "  ┃ — "
        }
    }

    /// Prefixes that carry meaning and stay in colour too (a mark, the code bar).
    var keepsPrefixInColour: Bool {
        switch kind {
        case .learner, .option, .correct, .incorrect, .revealed, .code, .answer, .cite: true
        default: false
        }
    }

    /// What starts each wrapped line after the first, given the first line's `prefix`: the
    /// quote bar goes down a whole passage; an option's lines align with its text, not its number.
    func continuationPrefix(after prefix: String) -> String {
        let blank = String(repeating: " ", count: DisplayWidth.of(prefix))
        switch kind {
        case .answer: return prefix
        case .cite: return "  ┃ " + String(repeating: " ", count: max(0, DisplayWidth.of(prefix) - 4))
        case .option:
            let number = text.firstRange(of: ") ").map { DisplayWidth.of(text[..<$0.upperBound]) } ?? 0
            return blank + String(repeating: " ", count: number)
        default: return blank
        }
    }

    /// Entries drawn as they are, aligned by the client: rows wrap under their value column,
    /// code lines continue on the next line.
    var isPreformatted: Bool {
        kind == .code || kind == .row || kind == .rowHeading || kind == .rowCurrent
    }

    var style: Style {
        switch kind {
        case .tutor, .feedback, .explanation, .info, .row: .tutor
        case .learner: .learner
        case .lesson, .rowHeading, .rowCurrent: .heading
        case .takeaway: .takeaway
        case .quiz, .option: .quiz
        case .correct, .xp: .good
        case .incorrect: .bad
        case .revealed, .hint, .cite: .dim
        case .answer: .takeaway
        case .system: .system
        case .code: .code
        }
    }
}

/// How a screen line is drawn; the terminal layer maps styles to colours and attributes.
public enum Style: Sendable, Equatable {
    case plain, tutor, learner, heading, takeaway, quiz, selected, good, bad, dim, system, code
    case header, footer, input, overlay, marker
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
