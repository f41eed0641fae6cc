/// Warnings about teaching, not syntax: what `tutord check` tells an author a course could do
/// better. A course with warnings still loads.
///
/// - The right option is the longest in most multiple-choice questions (learners learn to
///   pick the longest).
/// - One position holds more than half of a course's right options, in a course of at least
///   ``minQuestionsForPositions`` multiple-choice questions (learners learn to pick it).
/// - The right option is the odd one out: its first word differs from that of every wrong
///   option, which all share one (one "No" against two "Yes").
///
/// The first three count nodes' retry questions as well (``LessonDraft/allQuestionDrafts``).
/// - A takeaway shares most of its words with the right answer of the question that follows it
///   (the quiz then tests reading, not understanding).
/// - A chat message is longer than ``longMessage`` characters.
/// - More than ``maxBeatsInARow`` tutor steps (beats and the takeaway) in a row without a
///   question or an offer.
struct CourseLinter {
    let file: String

    static let longMessage = 200
    static let maxBeatsInARow = 4
    /// Below this many multiple-choice questions a crowded position is chance, not a pattern.
    static let minQuestionsForPositions = 6

    func lint(_ draft: CourseDraft) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        warnings += longestRightOptions(draft)
        warnings += crowdedRightPosition(draft)
        warnings += draft.lessons.flatMap(\.allQuestionDrafts).compactMap(oddOneOutRightOption)
        for lesson in draft.lessons {
            warnings += takeawaysGivingAnswersAway(lesson)
            warnings += longMessages(lesson)
            warnings += beatsWithoutAction(lesson)
        }
        return warnings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    private func warning(_ line: Int, _ column: Int, _ message: String) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .warning, message: message)
    }

    private func longestRightOptions(_ draft: CourseDraft) -> [Diagnostic] {
        let questions = draft.lessons.flatMap(\.allQuestionDrafts).filter { $0.options.count >= 2 }
        let giveaways = questions.filter { question in
            guard let right = question.options.first(where: \.isCorrect) else { return false }
            let length = right.text.value.count
            return question.options.allSatisfy { $0.isCorrect || $0.text.value.count < length }
        }
        guard giveaways.count >= 3, giveaways.count * 2 > questions.count, let id = draft.id else { return [] }
        let named = giveaways.prefix(5).map { "`\($0.id.value)`" }.joined(separator: ", ") + (giveaways.count > 5 ? ", ..." : "")
        return [warning(id.line, id.column,
                        "the right option is the longest in \(giveaways.count) of \(questions.count) multiple-choice questions (\(named)); "
                        + "learners can pass by picking the longest, so make wrong options as long and as plausible")]
    }

    private func crowdedRightPosition(_ draft: CourseDraft) -> [Diagnostic] {
        let positions = draft.lessons.flatMap(\.allQuestionDrafts)
            .filter { $0.options.count >= 2 }
            .compactMap { $0.options.firstIndex(where: \.isCorrect) }
        guard positions.count >= Self.minQuestionsForPositions, let id = draft.id else { return [] }
        // At most one position can hold more than half.
        for position in Set(positions).sorted() {
            let count = positions.filter { $0 == position }.count
            guard count * 2 > positions.count else { continue }
            return [warning(id.line, id.column,
                            "the right answer is option \(position + 1) in \(count) of \(positions.count) multiple-choice questions; "
                            + "learners can pass by always picking \(position + 1), so spread the right answers over the positions")]
        }
        return []
    }

    private func oddOneOutRightOption(_ question: QuestionDraft) -> Diagnostic? {
        guard question.options.count >= 3, let right = question.options.first(where: \.isCorrect) else { return nil }
        let wrongWords = Set(question.options.filter { !$0.isCorrect }.map { Self.leadingWord($0.text.value) })
        let rightWord = Self.leadingWord(right.text.value)
        guard wrongWords.count == 1, let wrongWord = wrongWords.first, !wrongWord.isEmpty, !rightWord.isEmpty, rightWord != wrongWord
        else { return nil }
        return warning(right.text.line, right.text.column,
                       "the right option of `\(question.id.value)` is the odd one out: it begins with \"\(rightWord)\" and every wrong option with \"\(wrongWord)\"; "
                       + "learners can pick it without knowing the answer, so begin a wrong option as the right one begins")
    }

    /// The first word of an option, lowercased, skipping articles: "The dictionary value" and
    /// "A dictionary value" both begin with "dictionary".
    static func leadingWord(_ text: String) -> String {
        let words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        return words.first { !["a", "an", "the"].contains($0) }.map(String.init) ?? ""
    }

    private func takeawaysGivingAnswersAway(_ lesson: LessonDraft) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for (index, step) in lesson.steps.enumerated() {
            guard case .takeaway(let takeaway) = step else { continue }
            let next = lesson.steps[(index + 1)...].first { if case .question = $0 { true } else { false } }
            guard case .question(let question)? = next else { continue }
            let answer = question.options.first(where: \.isCorrect)?.text.value ?? question.accepted.first?.value ?? ""
            let answerWords = Self.contentWords(answer)
            let shared = answerWords.intersection(Self.contentWords(takeaway.value))
            let givenAway = answerWords.count >= 2 ? shared.count * 5 >= answerWords.count * 2
                                                   : !answerWords.isEmpty && shared == answerWords
            guard givenAway else { continue }
            warnings.append(warning(takeaway.line, takeaway.column,
                "the takeaway shares most of the words of question `\(question.id.value)`'s answer (\(shared.sorted().joined(separator: ", "))), "
                + "which comes after it; put the takeaway after the quiz, or ask for an application it does not state"))
        }
        return warnings
    }

    private func longMessages(_ lesson: LessonDraft) -> [Diagnostic] {
        let beats = lesson.steps.compactMap { if case .beat(let messages) = $0 { messages } else { nil } } + lesson.nodes.flatMap(\.beats)
        return beats.flatMap { $0 }.compactMap { message in
            guard case .text(let text) = message.value, text.count > Self.longMessage else { return nil }
            return warning(message.line, message.column,
                           "this message is \(text.count) characters; chat reads best under \(Self.longMessage), so split it in two")
        }
    }

    private func beatsWithoutAction(_ lesson: LessonDraft) -> [Diagnostic] {
        var run = 0
        var warnings: [Diagnostic] = []
        for step in lesson.steps {
            switch step {
            case .beat(let messages):
                run += 1
                if run == Self.maxBeatsInARow + 1, let first = messages.first {
                    warnings.append(warning(first.line, first.column,
                        "\(Self.maxBeatsInARow + 1) tutor steps in a row without a question, an exercise or an offer; give the learner something to do every few beats (a check, an offer)"))
                }
            case .takeaway(let text):
                run += 1
                if run == Self.maxBeatsInARow + 1 {
                    warnings.append(warning(text.line, text.column,
                        "\(Self.maxBeatsInARow + 1) tutor steps in a row without a question, an exercise or an offer; give the learner something to do every few beats (a check, an offer)"))
                }
            case .question, .offer, .exercise:
                run = 0
            }
        }
        return warnings
    }

    /// Lowercased words of three letters or more that are not function words, with a plural
    /// `s` taken off, so `races` and `race` count as one.
    static func contentWords(_ text: String) -> Set<String> {
        var words: Set<String> = []
        for raw in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
            var word = String(raw)
            guard word.count >= 3, !stopWords.contains(word) else { continue }
            if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }
            words.insert(word)
        }
        return words
    }

    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "has", "had", "her", "was", "one", "our",
        "out", "its", "his", "how", "who", "why", "what", "when", "which", "with", "from", "into", "onto", "that", "this",
        "these", "those", "than", "then", "there", "their", "them", "they", "will", "would", "could", "should", "does",
        "did", "doing", "done", "each", "other", "some", "such", "only", "own", "same", "too", "very", "just", "also",
        "more", "most", "less", "over", "under", "about", "after", "before", "while", "between", "through", "because",
        "it's", "your", "yours", "have", "being", "been", "were", "use", "used", "uses", "using", "way", "get", "gets",
    ]
}
