/// The words of a learner's question that can find a passage: lowercased, without the words
/// every question has ("why does", "how do I"), identifiers and quoted phrases kept whole.
///
/// `__prepare__`, `LOAD_FAST` and `ob_refcnt` are found as typed or without their underscores:
/// the index splits them into words (`load fast`) and also keeps them joined (`loadfast`).
public struct SearchTerms: Sendable, Equatable {
    /// One thing to look for: a word, a phrase (quoted by the learner), or an identifier.
    public struct Term: Sendable, Equatable, Hashable {
        /// The words, in order: one for a plain word, several for a phrase or an identifier
        /// with underscores (`load_fast` → `load`, `fast`).
        public var words: [String]
        /// An identifier with its underscores taken out (`loadfast`), also looked for as such.
        public var joined: String?
    }

    public var terms: [Term]

    public init(_ question: String) {
        var terms: [Term] = []
        // "Quoted words" are a phrase; the rest are words.
        for (index, part) in Self.start(of: question).split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let words = Self.words(String(part))
            if index % 2 == 1 && words.count > 1 {
                terms.append(Term(words: words.flatMap(Self.parts), joined: nil))
                continue
            }
            for word in words {
                let bare = Self.joined(word)
                guard bare.count > 1, !Self.stopwords.contains(bare) else { continue }
                let parts = Self.parts(word)
                terms.append(Term(words: parts, joined: word.contains("_") ? bare : nil))
            }
        }
        var seen: Set<Term> = []
        self.terms = Array(terms.filter { seen.insert($0).inserted }.prefix(Self.maximumTerms))
    }

    /// Letters, digits and `_` make words; everything else separates them.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !isWordCharacter($0) }).map(String.init)
    }

    /// The words of an identifier, as the index's tokenizer splits it: `load_fast` → `load`, `fast`.
    static func parts(_ word: String) -> [String] {
        word.split(separator: "_").map(String.init)
    }

    /// An identifier without its underscores: `load_fast` → `loadfast`, `__prepare__` → `prepare`.
    static func joined(_ word: String) -> String {
        word.filter { $0 != "_" }
    }

    /// The identifiers with underscores in a text, joined: what the index's `terms` column holds.
    static func joinedIdentifiers(in text: String) -> [String] {
        words(text).filter { $0.contains("_") }.map(joined).filter { !$0.isEmpty }
    }

    /// A question is a sentence or two; the rest of a 4 KB line would only cost searches.
    static let maximumTerms = 24
    /// Only a question's first characters are read: the longest in the calibration table has
    /// 95, and the rest of a line as long as `--max-line-bytes` allows (a megabyte) would only
    /// cost memory and time to split into words that are dropped after the first 24 terms.
    static let maximumCharacters = 1_024

    /// The first ``maximumCharacters`` of a question, without the word they cut in two.
    static func start(of question: String) -> Substring {
        guard let end = question.index(question.startIndex, offsetBy: maximumCharacters, limitedBy: question.endIndex),
              end < question.endIndex else { return Substring(question) }
        let start = question[..<end]
        // A word that goes on past the cut is left out whole rather than searched for in part.
        guard isWordCharacter(question[end]) else { return start }
        return start[..<(start.lastIndex { !isWordCharacter($0) } ?? start.startIndex)]
    }

    /// Letters, digits and `_` make words (``words(_:)``).
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Words that say nothing about the subject of a question.
    static let stopwords: Set<String> = [
        "a", "about", "actually", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "between", "but", "by", "can", "could", "did", "do", "does", "doesn", "don", "done", "each",
        "else", "even", "ever", "exactly", "for", "from", "get", "gets", "getting", "give", "go", "goes", "had", "happen",
        "happens", "has", "have", "how", "i", "if", "im", "in", "into", "is", "isn", "it", "its", "just", "let", "like",
        "make", "makes", "me", "mean", "means", "might", "more", "most", "much", "my", "need", "needs", "no", "not", "now",
        "of", "on", "one", "only", "or", "other", "our", "out", "over", "really", "same", "say", "says", "see", "should",
        "so", "some", "still", "such", "supposed", "tell", "than", "that", "thats", "the", "their", "them", "then", "there",
        "these", "they", "thing", "things", "this", "those", "to", "too", "up", "us", "use", "used", "uses", "using",
        "very", "vs", "want", "was", "way", "we", "were", "what", "whats", "when", "where", "whether", "which", "while",
        "who", "whom", "why", "will", "with", "work", "works", "would", "you", "your", "python", "cpython",
        "difference", "explain", "someone", "anyone", "please", "know", "understand", "good", "bad", "best",
        "under", "hood", "happening", "actual", "happened", "here", "okay", "ok", "hey", "hi",
        // Frames of a question rather than its subject: "what kind of", "the job of",
        // "related to", "right away", "show me".
        "kind", "job", "role", "purpose", "point", "reason", "related", "relate", "relation",
        "right", "away", "show", "shows", "showing", "help", "idea", "example",
        // Frames too, as "can" and "how" are: "how many", "cannot".
        "many", "cannot",
    ]
}
