import LineProtocol

/// The learner's own questions: answered from the course with citations, without moving.
extension Conversation {
    /// Whether a chat line reads as a question: it ends with `?`, or starts with a question
    /// word. Only looked at when the tutor is not waiting for an answer to a quiz.
    static func isQuestion(_ line: String) -> Bool {
        let trimmed = line.trimmingSpaces()
        if trimmed.hasSuffix("?") && trimmed.count > 1 { return true }
        // Three words need two spaces: Enter, `next` and every one-word answer stop here,
        // before the folding below (this runs for every line a learner sends).
        guard trimmed.utf8.count(where: { $0 == UInt8(ascii: " ") }) >= 2 else { return false }
        let first = trimmed.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "'") }).first.map(String.init) ?? ""
        return questionWords.contains(first) && trimmed.split(separator: " ").count >= 3
    }

    /// Whether a line may be answered by searching the course (`ask …`, or a question), so
    /// the daemon can run it where a millisecond of work harms no one. A question at a quiz is
    /// an answer after all; that is fine to run there too.
    public static func mightAsk(_ line: String) -> Bool {
        if case .ask = LearnerInput(line) { return true }
        return isQuestion(line)
    }

    static let questionWords: Set<String> = [
        "why", "how", "what", "what's", "whats", "when", "which", "where", "is", "are", "does", "do", "can",
    ]

    /// `ask <question>`, or a question typed while the tutor waits to go on: up to three
    /// passages of this course with their lessons, and the conversation stays where it was.
    mutating func ask(_ question: String) {
        var text = question.trimmingSpaces()
        if text.lowercased().hasPrefix("all ") { text = String(text.dropFirst(4)) }  // one course here
        guard !text.isEmpty else {
            say("Ask me about the course, for instance: `ask why does CPython have a GIL?`")
            awaitUnchanged()
            return
        }
        guard let found = answerer?.answer(text, courses: [course.id], answered: [course.id: progress.questionsWithAnswersSeen],
                                           lessonAt: [course.id: cursor.lesson], openQuiz: openQuiz) else {
            say("I cannot search the course here, so I cannot answer questions.")
            awaitUnchanged()
            return
        }
        for turn in Self.answerTurns(found, currentCourse: course.id, scope: "the course") { add(turn) }
        awaitUnchanged()
    }

    /// The quiz waiting for an answer, if any (a lesson's, or a review card's).
    public var openQuiz: (course: String, question: String)? {
        guard awaiting == .answer, let question = currentQuestion else { return nil }
        return (course.id, question.id)
    }

    /// The turns of an answer: each passage and its citation, then how to go there; or a
    /// plain "I don't know". `currentCourse` is the course `goto` works in.
    public static func answerTurns(_ found: [FoundPassage], currentCourse: String?, scope: String) -> [Turn] {
        guard !found.isEmpty else {
            return [.tutor("I don't know: I found nothing in \(scope) that answers that. `lessons` lists what it covers.")]
        }
        var turns: [Turn] = []
        var places: [String] = []
        for passage in found {
            turns += [.answer(passage.text), .cite(passage.citation)]
            let citation = passage.citation
            let place = citation.course == currentCourse
                ? "`\(citation.command)`" + (citation.isAhead ? " (ahead of you)" : "")
                : "`start \(citation.course)` and `\(citation.command)`"
            if !places.contains(place) { places.append(place) }
        }
        let list = places.count == 1 ? places[0] : places.dropLast().joined(separator: ", ") + " or " + places.last!
        turns.append(.tutor("To read it in its lesson: \(list)."))
        return turns
    }
}
