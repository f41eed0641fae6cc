import Foundation

/// A quiz's right answer as `ask` looks for it in a passage before quoting one: a passage
/// from another lesson may still say it, in its words or in most of them.
struct QuizAnswer: Sendable {
    var quiz: String
    /// The answer, lowercased, without backticks and the punctuation around it.
    var text: String
    /// The first five letters of each key word (three letters or more, not a frame word), so
    /// that `counts` finds `counting` and `frees` finds `freed`.
    var keys: [String]

    init(quiz: String, answer: String) {
        self.quiz = quiz
        text = Self.plain(answer).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        let words = SearchTerms.words(answer).flatMap(SearchTerms.parts).filter { $0.count >= 3 && !SearchTerms.stopwords.contains($0) }
        keys = Array(Set(words.map { String($0.prefix(5)) }))
    }

    /// Whether `passage` gives the answer away: it holds its text, or half of its key words
    /// or more. Deliberately eager: a passage wrongly withheld is pointed to, a quiz given
    /// away cannot be taken back.
    /// - Parameter plain: the passage's text made ``plain(_:)`` (once for every quiz).
    func isGivenAway(byPlain plain: String) -> Bool {
        if !text.isEmpty && plain.contains(text) { return true }
        guard !keys.isEmpty else { return false }
        return keys.filter { plain.contains($0) }.count * 2 >= keys.count
    }

    /// Lowercased, without backticks: how answers and passages are compared.
    static func plain(_ text: String) -> String {
        text.lowercased().filter { $0 != "`" }
    }
}
