/// A question with a stable id, its answers, explanation and hints.
public struct Question: Sendable, Equatable {
    public enum Answers: Sendable, Equatable {
        /// Multiple choice: two or more options, exactly one correct.
        case choice([AnswerOption])
        /// Free text: any of these answers is right (compared after ``normalizedAnswer(_:)``).
        case freeText(accepted: [String])
    }

    public var id: String
    public var prompt: String
    public var answers: Answers {
        didSet { acceptedKeys = Self.keys(of: answers) }
    }
    /// Free text: the ``answerKey(_:)`` of each accepted answer, made once with the question
    /// (when the course loads), so judging an answer folds only the learner's text.
    public private(set) var acceptedKeys: Set<String>
    /// Shown after the question is answered or skipped.
    public var explanation: String
    /// One or more hints, given in order on request and after a wrong answer.
    public var hints: [String]
    /// Experience points for a right answer on the first try.
    public var xp: Int
    /// A node to detour into after the first wrong answer (a remedial explanation).
    public var remedialNode: String?
    /// Code shown with the question, after its prompt ("what does this print?").
    public var code: CodeBlock?
    /// Free text: answers known to be wrong, with what the tutor says to each group.
    public var wrongAnswers: [WrongAnswer]

    public init(
        id: String, prompt: String, answers: Answers, explanation: String,
        hints: [String], xp: Int, remedialNode: String?, code: CodeBlock? = nil, wrongAnswers: [WrongAnswer] = []
    ) {
        self.id = id
        self.code = code
        self.wrongAnswers = wrongAnswers
        self.prompt = prompt
        self.answers = answers
        self.acceptedKeys = Self.keys(of: answers)
        self.explanation = explanation
        self.hints = hints
        self.xp = xp
        self.remedialNode = remedialNode
    }

    private static func keys(of answers: Answers) -> Set<String> {
        guard case .freeText(let accepted) = answers else { return [] }
        return answerKeys(accepted)
    }

    /// Whether a free-text question is answered with a line number (one of its accepted
    /// answers is digits only): then any spelling of a line (``lineNumber(inAnswerKey:)``)
    /// counts as that number.
    public var acceptsALineNumber: Bool {
        acceptedKeys.contains { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Whether a free-text answer whose ``answerKey(_:)`` is `key` is right.
    public func accepts(key: String) -> Bool {
        acceptedKeys.contains(key)
    }

    /// The options of a multiple-choice question; empty for free text.
    public var options: [AnswerOption] {
        if case .choice(let options) = answers { return options }
        return []
    }

    /// The text of the right answer, as shown when it is revealed.
    public var correctAnswerText: String {
        switch answers {
        case .choice(let options):
            return options.first(where: \.isCorrect)?.text ?? ""
        case .freeText(let accepted):
            return accepted.first ?? ""
        }
    }
}

/// Wrong free-text answers a course expects (`wrong:`), and its feedback for them.
public struct WrongAnswer: Sendable, Equatable {
    public var answers: [String] {
        didSet { keys = answerKeys(answers) }
    }
    public var feedback: String?
    /// The ``answerKey(_:)`` of each answer, made once (as ``Question/acceptedKeys``).
    public private(set) var keys: Set<String>

    public init(answers: [String], feedback: String?) {
        self.answers = answers
        self.feedback = feedback
        self.keys = answerKeys(answers)
    }
}

/// One option of a multiple-choice question.
public struct AnswerOption: Sendable, Equatable {
    public var text: String
    public var isCorrect: Bool
    /// What the tutor says when the learner picks this option.
    public var feedback: String?

    public init(text: String, isCorrect: Bool, feedback: String? = nil) {
        self.text = text
        self.isCorrect = isCorrect
        self.feedback = feedback
    }
}

/// Folds an answer for comparison: case-insensitive, whitespace runs collapsed, and
/// surrounding quotes, backticks and final punctuation removed, so that `` `Dis`. ``
/// and `dis` compare equal.
public func normalizedAnswer(_ text: String) -> String {
    let lowered = text.lowercased()
    let words = lowered.split(whereSeparator: { $0.isWhitespace })
    var joined = words.joined(separator: " ")
    while let first = joined.first, answerWrapping.contains(first) { joined.removeFirst() }
    while let last = joined.last, answerWrapping.contains(last) { joined.removeLast() }
    return joined.trimmingWhitespace()
}

/// The form in which answers are compared: ``normalizedAnswer(_:)`` of the text without its
/// backticks, so case, spacing, code quotes and wrapping punctuation do not matter. An empty
/// key matches nothing.
public func answerKey(_ text: String) -> String {
    answerKey(text, normalized: normalizedAnswer(text))
}

/// ``answerKey(_:)`` for a text whose ``normalizedAnswer(_:)`` is already at hand: that is the
/// key unless the text has backticks (most answers have none, so they are folded once).
public func answerKey(_ text: String, normalized: @autoclosure () -> String) -> String {
    text.contains("`") ? normalizedAnswer(text.filter { $0 != "`" }) : normalized()
}

/// The keys of answers made when a course loads (empty keys match nothing, so are left out).
func answerKeys(_ answers: [String]) -> Set<String> {
    Set(answers.map(answerKey).filter { !$0.isEmpty })
}

/// What ``normalizedAnswer(_:)`` strips from either end (built once: it runs for every option
/// of every answer).
private let answerWrapping: Set<Character> = ["`", "\"", "'", ".", "!", "?", ",", ";", ":", "(", ")", "[", "]"]

extension String {
    /// The string without leading and trailing whitespace (no Foundation needed).
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
