import Dialogue

/// How a learner's input relates to the options of a multiple-choice question.
public enum AnswerMatch: Sendable, Equatable {
    /// One option, by index (0-based).
    case option(Int)
    /// Several options fit; ask the learner which one they meant.
    case ambiguous([Int])
    /// A number or letter outside the options.
    case outOfRange
    /// Nothing in the input points at an option.
    case none
}

/// Matches an answer to options: by number (`2`), letter (`b`), the option's text, or an
/// unambiguous part of it (`__prepare__`). Pure, so it can be tested as a table.
public struct AnswerMatcher: Sendable {
    public var options: [String]

    public init(options: [String]) {
        self.options = options
    }

    public func match(_ input: String) -> AnswerMatch {
        var key = answerKey(input)
        for prefix in ["option ", "answer ", "number ", "letter "] where key.hasPrefix(prefix) {
            key = String(key.dropFirst(prefix.count))
        }
        if key.isEmpty { return .none }
        if let number = Int(key) {
            return options.indices.contains(number - 1) ? .option(number - 1) : .outOfRange
        }
        if key.count == 1, let scalar = key.unicodeScalars.first, ("a"..."z").contains(scalar) {
            let index = Int(scalar.value - UnicodeScalar("a").value)
            return options.indices.contains(index) ? .option(index) : .outOfRange
        }
        let keys = options.map(answerKey)
        if let exact = keys.firstIndex(of: key) { return .option(exact) }
        // Whole words of an option (`__prepare__`, `reference counting`), or an option quoted
        // inside a sentence. Words, not characters: `dis` must not match `disk`.
        let words = Self.words(key)
        let optionWords = keys.map(Self.words)
        let candidates = optionWords.indices.filter { index in
            Self.contains(optionWords[index], words) || Self.contains(words, optionWords[index])
        }
        switch candidates.count {
        case 0: break
        case 1: return .option(candidates[0])
        default: return .ambiguous(candidates)
        }
        // Near-misses of identifiers: `prepare` or `prepare()` for `__prepare__`. Only when
        // nothing matched as written, and only whole identifiers.
        let bare = words.map(Self.bareIdentifier)
        let near = optionWords.indices.filter { index in
            let optionBare = optionWords[index].map(Self.bareIdentifier)
            return Self.contains(optionBare, bare)
        }
        switch near.count {
        case 0: return .none
        case 1: return .option(near[0])
        default: return .ambiguous(near)
        }
    }

    /// An identifier without its surrounding underscores: `__prepare__` → `prepare`.
    static func bareIdentifier(_ word: Substring) -> Substring {
        let trimmed = word.drop(while: { $0 == "_" }).reversed().drop(while: { $0 == "_" }).reversed()
        return trimmed.isEmpty ? word : Substring(String(trimmed))
    }

    /// Letters, digits and `_` make words; everything else separates them.
    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
    }

    /// Whether `part` occurs in `whole` as a run of consecutive words.
    static func contains(_ whole: [Substring], _ part: [Substring]) -> Bool {
        guard !part.isEmpty, part.count <= whole.count else { return false }
        return (0...(whole.count - part.count)).contains { start in
            whole[start..<(start + part.count)].elementsEqual(part)
        }
    }
}

/// Whether a free-text answer is one of the accepted ones.
public func isAccepted(_ input: String, by accepted: [String]) -> Bool {
    let key = answerKey(input)
    return !key.isEmpty && accepted.contains { answerKey($0) == key }
}
