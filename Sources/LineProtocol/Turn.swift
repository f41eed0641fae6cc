/// One piece of what the tutor says: the conversation's vocabulary on the wire.
///
/// The tutoring state machine emits these as structure; ``Payload`` encodes them to `key: text`
/// lines or JSON objects, and decodes them back, so daemon, clients and tests share one
/// definition (as tmux's client and server share one protocol header).
public enum Turn: Sendable, Equatable {
    /// The course being started: shown once in the greeting.
    case course(id: String, title: String, level: String, summary: String, lessons: Int)
    /// A lesson begins (number is 1-based). `id` travels in JSON mode only.
    case lesson(number: Int, total: Int, id: String?, icon: String?, title: String)
    /// A chat message from the tutor.
    case tutor(String)
    /// The tutor did not understand the learner's line and says what it expects instead: the
    /// request was chat, so its reply is `OK`, and this line tells a script it was not taken.
    case nudge(String)
    /// A code block, shown as written (indentation kept, never re-wrapped). Text mode sends a
    /// `code` line per line of code and does not carry `language`; JSON sends one object.
    case code(language: String?, lines: [String])
    /// The lesson's key takeaway.
    case takeaway(String)
    /// A question is asked; options (if any) follow as ``option`` turns. `id` and `isFreeText`
    /// travel in JSON mode only: decoded from text they are `nil`.
    case quiz(id: String?, prompt: String, isFreeText: Bool?)
    case option(number: Int, text: String)
    /// An exercise: the learner writes `file` (a plain name such as `positive.py`) to do
    /// `task`; the starter file follows as a ``code`` turn. Text mode carries the id and the
    /// file name as the first two words (`exercise: positive positive.py Write ...`).
    case exercise(id: String, file: String, task: String)
    /// A yes/no invitation into a detour. `node` travels in JSON mode only.
    case offer(node: String?, prompt: String)
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
    /// One row of the tutor's own command list (chat `help`).
    case help(command: String, description: String)
    /// A question of a finished course that was not answered right on the first try: the
    /// end-of-course list of what to revisit (`goto <lesson>`). `question` travels in JSON only.
    case missed(lesson: Int, question: String?, miss: Miss, prompt: String)
    /// Seconds from starting the course to finishing it (end of course, when both are known).
    case elapsed(seconds: Int)
    /// A review card is asked: the `number`th of the session's `total`. The quiz follows.
    case review(number: Int, total: Int)
    /// How many questions are due for review (said on opening a course when some are).
    case due(count: Int)
    /// The spaced review's counts: in `progress`, and at the end of a review session.
    case reviews(ReviewSummary)
    /// A passage of a course that answers the learner's question (`ask`); its ``cite`` follows.
    case answer(String)
    /// Where the passage before it is from.
    case cite(Citation)
    /// Where the learner stands in the course; the turn before `expect` in every conversation
    /// reply.
    case standing(Standing)
    /// What the tutor waits for now; always the last turn of a conversation reply. At a quiz
    /// (`answer`) it names the quiz, so a client can say which quiz its learner's answer is
    /// for (`answer <quiz> <text>`) and never have it judged against another. At an exercise
    /// (`exercise`) it names the exercise, for `checks` and `checked`.
    case expect(Expectation, quiz: String? = nil, exercise: String? = nil)

    public enum Verdict: String, Sendable, CaseIterable {
        case correct, incorrect, revealed
    }

    /// The same turn as text mode carries it: without the fields only JSON has, and with one
    /// mark per `toc` row.
    public var textCarried: Turn {
        switch self {
        case .lesson(let number, let total, _, let icon, let title): .lesson(number: number, total: total, id: nil, icon: icon, title: title)
        case .quiz(_, let prompt, _): .quiz(id: nil, prompt: prompt, isFreeText: nil)
        case .offer(_, let prompt): .offer(node: nil, prompt: prompt)
        case .code(_, let lines): .code(language: nil, lines: lines)
        case .reviews(let summary): .reviews(summary.textCarried)
        case .missed(let lesson, _, let miss, let prompt): .missed(lesson: lesson, question: nil, miss: miss, prompt: prompt)
        // One mark per row: a finished lesson shows ✓ even when it is the current one.
        case .toc(let number, let total, let id, let icon, let title, true, _):
            .toc(number: number, total: total, id: id, icon: icon, title: title, isDone: true, isCurrent: false)
        default: self
        }
    }
}

/// What the tutor is waiting for.
public enum Expectation: String, Sendable, CaseIterable {
    /// An empty line (or next, ok, ...) moves on.
    case `continue`
    /// An answer to the open quiz.
    case answer
    /// yes or no to an offer.
    case choice
    /// The learner's own run of the open exercise's checks (`checked`), or `hint`, `skip`,
    /// `solution`.
    case exercise
    /// The course is finished; commands still work.
    case end
}

/// Counts shown by `progress`, every `standing`, and the end-of-course summary.
///
/// Each figure means what its label says, and none falls when the learner answers right:
/// ``accuracy`` is first-try accuracy, questions right at the first try ÷ questions tried
/// (answered, or whose answer was shown): a question counts as tried at its first answer or
/// at the reveal, whichever came first, so a later right answer changes neither count.
/// ``answers`` counts every answer given beside it. Teachers' `report` rows use the same.
public struct ProgressSummary: Sendable, Equatable {
    public var lessonsDone: Int
    public var lessons: Int
    public var xp: Int
    public var questions: Int
    /// Questions answered right (on any try, not revealed).
    public var correct: Int
    /// Questions answered right on the first try.
    public var firstTry: Int
    /// Questions tried: answered at least once (right or wrong), or whose answer was shown.
    public var tried: Int
    /// Answers given in all, right or wrong.
    public var answers: Int

    public init(lessonsDone: Int, lessons: Int, xp: Int, questions: Int, correct: Int, firstTry: Int, tried: Int, answers: Int) {
        self.lessonsDone = lessonsDone
        self.lessons = lessons
        self.xp = xp
        self.questions = questions
        self.correct = correct
        self.firstTry = firstTry
        self.tried = tried
        self.answers = answers
    }

    /// First-try accuracy: questions right at the first try per question tried, in percent
    /// (0 before any).
    public var accuracy: Int {
        percent(firstTry, of: tried)
    }
}
