import LineProtocol

/// What a line typed by the learner means, before the conversation looks at its state.
enum LearnerInput: Equatable {
    case help, repeatStep, back, skip, hint, solution, lessons, progress, restart, stop
    case goto(String?)
    /// `review`, or `review all` (every course; the daemon handles that part).
    case review(all: Bool)
    /// `ask <question>`: the rest of the line, as typed.
    case ask(String)
    /// Anything else: an answer, a yes/no, a "continue", or something to nudge about.
    case text(String)

    init(_ raw: String) {
        let words = raw.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init)
        switch words.first {
        case "goto" where words.count <= 2:
            self = .goto(words.count == 2 ? words[1] : nil)
        case "go" where words.count == 3 && words[1] == "to":
            self = .goto(words[2])
        case "review" where words.count == 1 || (words.count == 2 && words[1] == "all"):
            self = .review(all: words.count == 2)
        case "ask":
            let rest = raw.drop(while: { $0.isWhitespace }).dropFirst(3)
            self = .ask(String(rest))
        default:
            self = words.count == 1 ? (Self.commands[words[0]] ?? .text(raw)) : .text(raw)
        }
    }

    /// A word alone that is a command: each course command's own word, and other words for it.
    private static let commands: [String: LearnerInput] = Dictionary(
        RequestKind.allCases.compactMap { kind in LearnerInput(command: kind).map { (kind.name, $0) } },
        uniquingKeysWith: { first, _ in first }
    ).merging([
        "?": .help, "commands": .help,
        "again": .repeatStep,
        "previous": .back, "prev": .back,
        "clue": .hint,
        "toc": .lessons,
        "score": .progress, "status": .progress,
    ], uniquingKeysWith: { _, synonym in synonym })

    /// What a protocol command's word alone means to the conversation: a switch with no
    /// `default`, so a new command does not compile until it is said whether the conversation
    /// understands it typed as chat (every course command must be).
    init?(command kind: RequestKind) {
        switch kind {
        case .help: self = .help
        case .repeat: self = .repeatStep
        case .back: self = .back
        case .skip: self = .skip
        case .hint: self = .hint
        case .solution: self = .solution
        case .lessons: self = .lessons
        case .progress: self = .progress
        case .restart: self = .restart
        case .stop: self = .stop
        // With their arguments, read in `init(_:)` before this.
        case .goto: self = .goto(nil)
        case .review: self = .review(all: false)
        case .ask: self = .ask("")
        case .ping, .format, .quit, .daemon, .whoami, .learner, .courses, .start, .resume, .status, .answer, .chat, .export,
             .reset, .idle, .noidle, .leaderboard, .report, .checks, .checked:
            return nil
        }
    }

    /// Words that mean "go on" (an empty line does too).
    static let continueWords: Set<String> = [
        "", "next", "n", "ok", "okay", "k", "go", "go on", "continue", "cont", "yes", "y", "sure",
        "yep", "yeah", "more", "got it", "cool", "right", "alright", "fine", "and", "then", "👍",
    ]
    static let yesWords: Set<String> = [
        "yes", "y", "yeah", "yep", "sure", "ok", "okay", "please", "yes please", "go ahead",
        "why not", "tell me", "show me", "of course", "👍",
    ]
    static let noWords: Set<String> = [
        "", "no", "nope", "nah", "no thanks", "no thank you", "later", "not now", "next",
        "continue", "go on", "move on", "n",
    ]

    /// Lowercased, whitespace-collapsed, end punctuation removed: `"Go on!"` → `"go on"`.
    static func chatKey(_ raw: String) -> String {
        var words = raw.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let last = words.last, ".!?,".contains(last) { words.removeLast() }
        return words
    }
}
