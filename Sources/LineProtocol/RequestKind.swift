/// Every protocol command there is, by its command word: the one list of the request
/// vocabulary, with what `help` says of each and how a request of it is read.
///
/// The daemon's command table, the chat's treatment of typed commands, the course commands of
/// the conversation and the contract test each switch over it with no `default`, so a new case
/// does not compile until all of them handle it (docs/architecture.md describes the
/// experiment). Declared in the order `help` lists them.
public enum RequestKind: String, CaseIterable, Sendable {
    // The connection itself.
    case help, ping, format, quit, daemon
    // Who is learning.
    case whoami, learner
    // Choosing a course.
    case courses, start, resume, status
    // Inside a course: the conversation's own commands, then the chat's two ways of typing.
    case lessons, goto, progress, hint, `repeat`, back, skip, restart, review, stop, ask, solution
    case answer, chat
    // Exercises: their checks, and the learner's own run of them.
    case checks, checked
    // Stored progress.
    case export, reset
    // Waiting for changes.
    case idle, noidle
    // Learners together.
    case leaderboard, report

    /// The command word.
    public var name: String { rawValue }

    /// How to write it, as `help` shows it.
    public var usage: String {
        switch self {
        case .format: "format json|text"
        case .learner: "learner <name>|default"
        case .start: "start <course>"
        case .goto: "goto <lesson>"
        case .review: "review [all]"
        case .ask: "ask [all] <question>"
        case .answer: "answer <quiz> <text>"
        case .chat: "chat <text>"
        case .checks: "checks <exercise>"
        case .checked: "checked <exercise> <passed> <total>"
        case .reset: "reset <course> [confirm]"
        case .idle: "idle [position|progress|courses ...]"
        case .leaderboard: "leaderboard [course] [week|all] | leaderboard hide|show"
        case .report: "report [course] [csv]"
        case .help, .ping, .quit, .daemon, .whoami, .courses, .resume, .status, .lessons, .progress, .hint, .repeat,
             .back, .skip, .restart, .stop, .export, .noidle, .solution:
            rawValue
        }
    }

    /// What it does, in one line, as `help` shows it.
    public var summary: String {
        switch self {
        case .help: "list the commands"
        case .ping: "check that the daemon answers"
        case .format: "reply as JSON objects, one per line, or as key: value text"
        case .quit: "close the connection"
        case .daemon: "the folders courses are read from, and how the daemon was started"
        case .whoami: "who you are learning as, and your current course"
        case .learner: "learn as a named profile of your user (default: your own name)"
        case .courses: "list the courses, with where you stand in those you began"
        case .start: "start or continue a course"
        case .resume: "continue the course you used last"
        case .status: "who you are, your current course, and where you stand in it"
        case .lessons: "list the lessons; ✓ marks the ones you finished"
        case .goto: "jump to a lesson by its number or id"
        case .progress: "your score, XP, accuracy, lessons done and study streak"
        case .hint: "a hint for the open quiz or exercise"
        case .repeat: "say the current step again"
        case .back: "go back one step"
        case .skip: "skip ahead to the quiz, or show the answer or model solution (no XP)"
        case .restart: "start the course again from lesson 1 (XP and history stay)"
        case .review: "go over the questions due for spaced review (all: in every course)"
        case .stop: "end a review and go back to the lesson"
        case .ask: "answer your question from the course, with the lesson it is in (all: every course)"
        case .solution: "show the open exercise's model solution (after a pass, or two failed checks; a pass after it earns no XP)"
        case .answer: "answer the quiz <quiz> (its id, from `expect: answer <quiz>`); ERR stale if it is no longer the open one"
        case .chat: "say <text> to the tutor, never as an answer; ERR stale if a quiz is open"
        case .checks: "the checks of an exercise of the current course, to run on your side, and how to run them"
        case .checked: "report your own run of the open exercise's checks (self-reported); ERR stale if it is not the open step"
        case .export: "all your progress as one line of JSON"
        case .reset: "forget your progress in a course (asks for confirmation first)"
        case .idle: "wait until another connection of yours, or a reload, changes something; then changed: lines"
        case .noidle: "stop an idle now (its reply lists what changed so far); no reply of its own"
        case .leaderboard: "rank by XP (in a classroom: everyone; otherwise your profiles); hide or show yourself"
        case .report: "for teachers: every learner's lessons, XP, first-try rate and last activity, and the questions most missed"
        }
    }

    /// How many arguments a request of it takes (a usage error outside this range).
    public var arguments: ClosedRange<Int> {
        switch self {
        case .help, .ping, .quit, .daemon, .whoami, .courses, .resume, .status, .lessons, .progress, .hint, .repeat,
             .back, .skip, .restart, .stop, .export, .noidle, .solution:
            0...0
        case .format, .learner, .start, .goto, .checks: 1...1
        case .checked: 3...3
        case .review, .chat: 0...1
        case .answer, .reset: 1...2
        case .leaderboard, .report: 0...2
        case .idle: 0...3
        case .ask: 1...64
        }
    }

    /// The last argument is the learner's own text, taken as typed (quotes not special) after
    /// `arguments.lowerBound` words, as a chat line is: `answer <quiz> <text>`.
    public var takesText: Bool {
        switch self {
        case .answer, .chat: true
        case .help, .ping, .format, .quit, .daemon, .whoami, .learner, .courses, .start, .resume, .status, .lessons,
             .goto, .progress, .hint, .repeat, .back, .skip, .restart, .review, .stop, .ask, .export, .reset, .idle,
             .noidle, .leaderboard, .report, .solution, .checks, .checked:
            false
        }
    }

    /// Where a request of it runs in the daemon (see ``RequestPlacement``).
    public var placement: RequestPlacement {
        switch self {
        case .help, .ping, .format, .quit, .daemon, .whoami, .learner, .idle, .noidle: .connection
        case .start, .status, .lessons, .goto, .hint, .repeat, .back, .skip, .restart, .stop, .answer, .solution, .checks,
             .checked: .learner
        case .courses, .resume, .progress, .ask, .export, .reset, .report: .blocking
        case .review, .chat, .leaderboard: .learnerOrBlocking
        }
    }

    /// One of the commands a learner gives inside a course, which the conversation also
    /// understands typed as chat (`hint` sent as a command and `hint` typed behave the same).
    public var isCourseCommand: Bool {
        switch self {
        case .lessons, .goto, .progress, .hint, .repeat, .back, .skip, .restart, .review, .stop, .ask, .solution: true
        case .help, .ping, .format, .quit, .daemon, .whoami, .learner, .courses, .start, .resume, .status, .answer,
             .chat, .export, .reset, .idle, .noidle, .leaderboard, .report, .checks, .checked:
            false
        }
    }

    /// The request line for `arguments`: the command word, then each argument as it is when it
    /// is a plain word and quoted (``RequestTokenizer/quoted(_:)``) otherwise, so the daemon
    /// reads the same arguments back; the text of a command that ``takesText`` goes last, as
    /// typed.
    public func line(_ arguments: [String] = []) -> String {
        let words = arguments.enumerated().map { index, argument in
            takesText && index == self.arguments.lowerBound ? argument : Self.word(argument)
        }
        return ([name] + words).joined(separator: " ")
    }

    /// ``line(_:)`` with its arguments listed.
    public func line(_ first: String, _ more: String...) -> String {
        line([first] + more)
    }

    /// A word as an argument: as it is when it is plain, else quoted.
    private static func word(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
        }
        return plain ? word : RequestTokenizer.quoted(word)
    }
}
