/// Which option an explanation argues for, when the page does not say.
///
/// Each option scores the content words it shares with the explanation, after a light
/// stemming (`counting` and `count` meet); identifiers (`__prepare__`, `ast.NodeTransformer`,
/// `LOAD_FAST`, `None`, anything in backticks) weigh three times as much, and a word counts
/// less the more options have it (a half in two options; nothing in all of them). The best option is the answer; it is *clear* when it scores at least one and a
/// half times the runner-up and a whole word more.
public struct AnswerInference: Sendable, Equatable {
    /// 0-based index of the option chosen.
    public var best: Int
    public var scores: [Double]
    public var isClear: Bool

    public init(options: [String], explanation: String) {
        let explained = Self.terms(explanation)
        let optionTerms = options.map(Self.terms)
        // A word in every option says nothing about which one is right; one in two says less.
        var optionsWith: [String: Int] = [:]
        for terms in optionTerms { for key in terms.keys { optionsWith[key, default: 0] += 1 } }
        let scores = optionTerms.map { terms in
            terms.filter { explained[$0.key] != nil && optionsWith[$0.key]! < options.count }
                .map { $0.value / Double(optionsWith[$0.key]!) }.reduce(0, +)
        }
        let ranked = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let best = ranked.first ?? 0
        let runnerUp = ranked.count > 1 ? scores[ranked[1]] : 0
        self.scores = scores
        self.best = best
        isClear = !scores.isEmpty && scores[best] >= 1 && scores[best] >= runnerUp * 1.5 && scores[best] - runnerUp >= 1
    }

    /// Content words and identifiers of a text, with their weights (identifiers 3, words 1).
    static func terms(_ text: String) -> [String: Double] {
        var terms: [String: Double] = [:]
        var inCode = false
        var word = ""
        func flush() {
            defer { word = "" }
            let trimmed = word.trimmingCharacters(in: ".,;:!?()[]\"'“”‘’")
            guard !trimmed.isEmpty else { return }
            let isIdentifier = inCode || trimmed.contains("_") || trimmed.contains(".") || trimmed.dropFirst().contains { $0.isUppercase }
                || pythonConstants.contains(trimmed)
            if isIdentifier {
                terms[trimmed.lowercased(), default: 0] = 3
                return
            }
            for part in trimmed.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
                let stemmed = stem(String(part))
                guard stemmed.count > 2, !stopwords.contains(stemmed) else { continue }
                terms[stemmed, default: 0] = 1
            }
        }
        for character in text {
            if character == "`" {
                flush()
                inCode.toggle()
            } else if character.isWhitespace {
                flush()
            } else {
                word.append(character)
            }
        }
        flush()
        return terms
    }

    /// Cuts the common English endings, so `counting`, `counts` and `count` meet.
    static func stem(_ word: String) -> String {
        if word.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
        for suffix in ["ingly", "ations", "ation", "ings", "ing", "edly", "ed", "ly", "s"]
        where word.hasSuffix(suffix) && word.count - suffix.count >= 3 && !word.hasSuffix("ss") {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    static let pythonConstants: Set<String> = ["None", "True", "False", "NotImplemented", "Ellipsis"]

    static let stopwords: Set<String> = [
        "the", "and", "for", "that", "this", "with", "which", "from", "into", "its", "are", "was", "were", "can", "could",
        "would", "should", "will", "not", "you", "your", "they", "them", "their", "what", "when", "where", "why", "how",
        "all", "any", "more", "most", "than", "then", "there", "these", "those", "only", "also", "such", "very", "use",
        "python", "allow", "becaus", "because", "any", "has", "have", "had", "been", "being", "our", "one", "each",
    ]
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
