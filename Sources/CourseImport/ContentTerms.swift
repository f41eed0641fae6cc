/// The content words and identifiers of a text, as the answer inference compares them.
///
/// Words are lowercased and lightly stemmed (`counting`, `counts` and `count` meet), and short
/// words and stopwords are left out; identifiers (`__prepare__`, `ast.NodeTransformer`,
/// `LOAD_FAST`, `None`, anything in backticks) are kept whole and weigh three times a word.
enum ContentTerms {
    /// Each term of `text` with its weight (identifiers 3, words 1).
    static func of(_ text: String) -> [String: Double] {
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
        "never", "cannot", "longer", "won", "don", "doesn", "isn", "aren", "didn", "wasn", "hasn", "haven", "couldn", "shouldn", "wouldn", "rather", "instead", "unlike", "except", "while", "whereas", "although", "though",
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
