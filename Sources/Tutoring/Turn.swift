import Dialogue

/// One piece of what the tutor says in reply to the learner.
///
/// Turns are structured so that a client can render a chat without parsing prose. Each has
/// a ``key`` and a one-line ``text``; the line protocol sends them as `key: text` lines.
public enum Turn: Sendable, Equatable {
    /// The course being started: shown once in the greeting.
    case course(id: String, title: String, level: String, summary: String, lessons: Int)
    /// A lesson begins (number is 1-based).
    case lesson(number: Int, total: Int, id: String, icon: String?, title: String)
    /// A chat message from the tutor.
    case tutor(String)
    /// The lesson's key takeaway.
    case takeaway(String)
    /// A question is asked; options (if any) follow as ``option`` turns.
    case quiz(id: String, prompt: String, isFreeText: Bool)
    case option(number: Int, text: String)
    /// A yes/no invitation into a detour.
    case offer(node: String, prompt: String)
    case verdict(Verdict)
    /// What the tutor says about the option the learner chose.
    case feedback(String)
    /// Why the right answer is right.
    case explanation(String)
    case hint(number: Int, total: Int, text: String)
    /// XP gained by this answer and the new total.
    case xp(gained: Int, total: Int)
    /// One row of the lesson list.
    case toc(number: Int, total: Int, id: String, icon: String?, title: String, isDone: Bool, isCurrent: Bool)
    case progress(ProgressSummary)
    /// The end-of-course summary.
    case summary(ProgressSummary)
    /// One row of the command list.
    case help(command: String, description: String)
    /// What the tutor waits for now; always the last turn of a response.
    case expect(Expectation)

    public enum Verdict: String, Sendable {
        case correct, incorrect, revealed
    }

    /// The protocol key of this turn.
    public var key: String {
        switch self {
        case .course: "course"
        case .lesson: "lesson"
        case .tutor: "tutor"
        case .takeaway: "takeaway"
        case .quiz: "quiz"
        case .option: "option"
        case .offer: "offer"
        case .verdict: "verdict"
        case .feedback: "feedback"
        case .explanation: "explain"
        case .hint: "hint"
        case .xp: "xp"
        case .toc: "toc"
        case .progress: "progress"
        case .summary: "summary"
        case .help: "help"
        case .expect: "expect"
        }
    }

    /// The turn as one line of text, without its key.
    public var text: String {
        switch self {
        case .course(let id, let title, let level, let summary, let lessons):
            return "\(id) \(title) | \(level) | \(lessons) lessons | \(summary)"
        case .lesson(let number, let total, _, let icon, let title):
            return "\(number)/\(total) " + withIcon(icon, title)
        case .tutor(let text), .takeaway(let text), .feedback(let text), .explanation(let text):
            return text
        case .quiz(_, let prompt, _):
            return prompt
        case .option(let number, let text):
            return "\(number) \(text)"
        case .offer(_, let prompt):
            return prompt
        case .verdict(let verdict):
            return verdict.rawValue
        case .hint(let number, let total, let text):
            return "\(number)/\(total) \(text)"
        case .xp(let gained, let total):
            return "+\(gained) total \(total)"
        case .toc(let number, let total, let id, let icon, let title, let isDone, let isCurrent):
            let mark = isDone ? "✓" : (isCurrent ? "▸" : "·")
            return "\(mark) \(number)/\(total) \(id) " + withIcon(icon, title)
        case .progress(let summary), .summary(let summary):
            return summary.text
        case .help(let command, let description):
            return "\(command) - \(description)"
        case .expect(let expectation):
            return expectation.rawValue
        }
    }

    private func withIcon(_ icon: String?, _ title: String) -> String {
        if let icon { return "\(icon) \(title)" }
        return title
    }
}

/// What the tutor is waiting for.
public enum Expectation: String, Sendable {
    /// An empty line (or next, ok, ...) moves on.
    case `continue`
    /// An answer to the open quiz.
    case answer
    /// yes or no to an offer.
    case choice
    /// The course is finished; commands still work.
    case end
}

/// Counts shown by `progress` and in the end-of-course summary.
public struct ProgressSummary: Sendable, Equatable {
    public var lessonsDone: Int
    public var lessons: Int
    public var xp: Int
    public var questions: Int
    /// Questions answered right (on any try, not revealed).
    public var correct: Int
    /// Questions answered right on the first try.
    public var firstTry: Int
    /// Answers given in all, right or wrong (accuracy is correct ÷ answers).
    public var answers: Int

    public init(lessonsDone: Int, lessons: Int, xp: Int, questions: Int, correct: Int, firstTry: Int, answers: Int) {
        self.lessonsDone = lessonsDone
        self.lessons = lessons
        self.xp = xp
        self.questions = questions
        self.correct = correct
        self.firstTry = firstTry
        self.answers = answers
    }

    /// Questions answered right per answer given, in percent (0 before any answer).
    public var accuracy: Int {
        answers == 0 ? 0 : correct * 100 / answers
    }

    public var text: String {
        "score \(correct)/\(questions) xp \(xp) lessons \(lessonsDone)/\(lessons) first-try \(firstTry)/\(questions) answers \(answers) accuracy \(accuracy)%"
    }
}
