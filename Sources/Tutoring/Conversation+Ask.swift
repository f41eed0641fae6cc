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
        // Once the course is finished the learner is in no lesson.
        let lesson = awaiting == .end ? nil : cursor.lesson + 1
        for turn in Self.answerTurns(found, currentCourse: course.id, currentLesson: lesson, scope: "the course") { add(turn) }
        awaitUnchanged()
    }

    /// The quiz waiting for an answer, if any (a lesson's, or a review card's).
    public var openQuiz: (course: String, question: String)? {
        guard awaiting == .answer, let question = currentQuestion else { return nil }
        return (course.id, question.id)
    }

    /// The turns of an answer: each passage quoted and its citation, then how to go there;
    /// for each lesson withheld (``Withholding``), where it covers the question instead; or a
    /// plain "I don't know". `currentCourse` is the course `goto` works in, and
    /// `currentLesson` (1-based) the lesson of it the learner is in, if any.
    public static func answerTurns(_ found: [FoundPassage], currentCourse: String?, currentLesson: Int?, scope: String) -> [Turn] {
        guard !found.isEmpty else {
            return [.tutor("I don't know: I found nothing in \(scope) that answers that. `lessons` lists what it covers.")]
        }
        var turns: [Turn] = []
        var places: [String] = []
        for passage in found where passage.withheld == nil {
            turns += [.answer(passage.text), .cite(passage.citation)]
            let place = Self.place(passage.citation, currentCourse: currentCourse)
                + (passage.citation.isAhead && passage.citation.course == currentCourse ? " (ahead of you)" : "")
            if !places.contains(place) { places.append(place) }
        }
        if !places.isEmpty {
            let list = places.count == 1 ? places[0] : places.dropLast().joined(separator: ", ") + " or " + places.last!
            turns.append(.tutor("To read it in its lesson: \(list)."))
        }
        var pointers: [String] = []
        for passage in found {
            guard let pointer = Self.pointer(passage, currentCourse: currentCourse, currentLesson: currentLesson), !pointers.contains(pointer) else { continue }
            pointers.append(pointer)
        }
        // Both sides of the open quiz: "later" is the one that helps after answering it.
        if pointers.contains(Self.laterInThisLesson) { pointers.removeAll { $0 == Self.earlierInThisLesson } }
        turns += pointers.map(Turn.tutor)
        if found.contains(where: { $0.withheld == .quizUnsettled }) {
            turns.append(.tutor("I don't quote what could give away a quiz you have not answered."))
        }
        return turns
    }

    static let laterInThisLesson = "This lesson covers that later, after this quiz: answer it and read on."
    static let earlierInThisLesson = "This lesson covers that before this quiz: look back up."
    /// Away from a quiz the learner's place in the lesson is not known here: the passage may
    /// be ahead or already read, so both ways are named.
    static let inThisLesson = "The lesson you are in covers that: read on, or look back up."

    /// Where a withheld passage is, as a `tutor:` line; `nil` for a quoted one.
    static func pointer(_ passage: FoundPassage, currentCourse: String?, currentLesson: Int?) -> String? {
        let citation = passage.citation
        switch passage.withheld {
        case nil: return nil
        case .afterOpenQuiz: return laterInThisLesson
        case .beforeOpenQuiz: return earlierInThisLesson
        case .quizUnsettled:
            // `goto` to the lesson the learner is in would only start it over.
            if citation.course == currentCourse && citation.lesson == currentLesson { return inThisLesson }
            let lesson = citation.course == currentCourse ? "Lesson \(citation.lesson)" : "Lesson \(citation.lesson) of \(citation.course)"
            return "\(lesson) covers this; \(Self.place(citation, currentCourse: currentCourse))."
        }
    }

    /// How to go to a cited lesson: `goto N`, and `start <course>` first for another course.
    static func place(_ citation: Citation, currentCourse: String?) -> String {
        citation.course == currentCourse ? "`\(citation.command)`" : "`start \(citation.course)` and `\(citation.command)`"
    }
}
