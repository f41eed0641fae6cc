/// A clause of a page's answer line or takeaway: the unit in which ``AnswerInference`` weighs
/// how an option is named.
///
/// Text is cut into clauses at `,` `;` `:` `(` `)` `—` `–`, at sentence ends, and before the
/// words `which`, `but`, `whereas`, `although`, `though`, `if`, `when`, `once`, `because` and
/// `unless` (never inside backticks); a fragment of one or two words ("By design,") joins the
/// clause after it. A clause's first word says its
/// role: `while`, `whereas`, `although`, `though` open a concession (it names what the answer is
/// contrasted with); `if`, `when`, `once`, `since`, `because`, `as`, `unless`, `before`,
/// `after`, `which`, `but`, `and`, `so` open a clause that hangs off another; the first clause
/// of an answer line that is neither is its *lead*, the claim the answer makes.
///
/// A clause with a verbal negation (`not`, `n't`, `never`, `cannot`, `no longer`) denies all its
/// words: "dynamic attributes are not included" denies the attributes it is about. A contrast
/// (`rather than`, `instead of`, `unlike`, `except`) denies only the words after it: "the
/// loader, rather than the finder" states the loader and denies the finder.
struct EvidenceClause: Sendable, Equatable {
    enum Role: Sendable, Equatable { case lead, plain, concession }

    var role: Role
    /// The words the clause states.
    var stated: String
    /// The words it denies.
    var denied: String

    /// The clauses of `text`; with `findingLead`, its first main clause is the lead.
    static func clauses(of text: String, findingLead: Bool) -> [EvidenceClause] {
        var clauses: [EvidenceClause] = []
        var leadFound = !findingLead
        for words in split(text) {
            let opener = plain(words[0].text)
            var role = Role.plain
            if concessive.contains(opener) {
                role = .concession
            } else if !leadFound && !dependent.contains(opener) {
                role = .lead
                leadFound = true
            }
            let texts = words.map(\.text)
            if verbalNegation(in: words) != nil {
                clauses.append(EvidenceClause(role: role, stated: "", denied: texts.joined(separator: " ")))
            } else if let (cue, after) = contrast(in: words) {
                clauses.append(EvidenceClause(role: role, stated: texts[..<cue].joined(separator: " "),
                                              denied: texts[after...].joined(separator: " ")))
            } else {
                clauses.append(EvidenceClause(role: role, stated: texts.joined(separator: " "), denied: ""))
            }
        }
        return clauses
    }

    /// Whether a text (an option) denies something itself: "cannot detect cycles".
    static func isNegative(_ text: String) -> Bool {
        split(text).contains { verbalNegation(in: $0) != nil }
    }

    // MARK: - Cutting

    struct Word {
        var text: String
        /// Inside backticks: never a cue or a boundary.
        var isCode: Bool
    }

    static let concessive: Set<String> = ["while", "whereas", "although", "though"]
    static let dependent: Set<String> = ["if", "when", "once", "since", "because", "as", "unless", "before", "after",
                                         "which", "but", "and", "so"]
    static let splitters: Set<String> = ["which", "but", "whereas", "although", "though", "if", "when", "once", "because", "unless"]

    /// The text's clauses as lists of words, none empty.
    static func split(_ text: String) -> [[Word]] {
        var spaced = ""
        var inCode = false
        for character in text {
            if character == "`" { inCode.toggle() }
            // Dashes often join words without spaces ("management—specifically").
            if !inCode && (character == "—" || character == "–") { spaced += " , " } else { spaced.append(character) }
        }
        var clauses: [[Word]] = []
        var current: [Word] = []
        // A fragment of one or two words is kept for the clause after it, unless a sentence ends.
        func close(sentenceEnds: Bool = false) {
            guard current.count >= 3 || (sentenceEnds && !current.isEmpty) else { return }
            clauses.append(current)
            current = []
        }
        inCode = false
        for token in spaced.split(whereSeparator: \.isWhitespace).map(String.init) {
            let startsInCode = inCode
            for character in token where character == "`" { inCode.toggle() }
            let isCode = startsInCode || token.hasPrefix("`")
            if !isCode && splitters.contains(plain(token)) { close() }
            if !startsInCode && token.hasPrefix("(") { close() }
            if !token.trimmingCharacters(in: ",;:()").isEmpty { current.append(Word(text: token, isCode: isCode)) }
            // A clause ends after `,` `;` `:` `)` or a sentence's end (before closing quotes).
            let end = token.trimmingCharacters(in: "\"'”’)").last
            if !inCode, let last = token.last {
                if end.map({ ".!?".contains($0) }) == true { close(sentenceEnds: true) } else if ",;:)".contains(last) { close() }
            }
        }
        close(sentenceEnds: true)
        return clauses
    }

    /// A word as a cue is compared: lowercased, typographic apostrophes made plain, outer
    /// punctuation and quotes off.
    static func plain(_ word: String) -> String {
        String(word.lowercased().map { $0 == "’" ? "'" : $0 }).trimmingCharacters(in: ".,;:!?()[]\"“”‘`")
    }

    /// The index of a verbal negation's first word, if the clause has one.
    static func verbalNegation(in words: [Word]) -> Int? {
        for (index, word) in words.enumerated() where !word.isCode {
            let text = plain(word.text)
            if ["not", "never", "cannot"].contains(text) || text.hasSuffix("n't") { return index }
            if text == "no", index + 1 < words.count, plain(words[index + 1].text) == "longer" { return index }
        }
        return nil
    }

    /// A contrast's cue and the index of the first word it denies.
    static func contrast(in words: [Word]) -> (Int, Int)? {
        for (index, word) in words.enumerated() where !word.isCode {
            let text = plain(word.text)
            if text == "unlike" || text == "except" { return (index, index + 1) }
            if index + 1 < words.count {
                let pair = (text, plain(words[index + 1].text))
                if pair == ("rather", "than") || pair == ("instead", "of") { return (index, index + 2) }
            }
        }
        return nil
    }
}
