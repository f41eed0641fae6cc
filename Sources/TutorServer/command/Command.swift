import LineProtocol
import ProgressStore

/// One protocol command: its name, usage, one-line summary, how many arguments it takes (all
/// from its ``RequestKind``), where it runs, and what it does. Each command group declares its
/// entries; ``CommandTable`` maps every kind to its entry (the way tmux's command table works).
struct Command: Sendable {
    let name: String
    let usage: String
    let summary: String
    let arity: ClosedRange<Int>
    /// The last argument is the learner's own text, taken as typed (quotes not special) after
    /// `arity.lowerBound` words, as a chat line is: `answer <quiz> <text>`.
    let takesText: Bool
    /// Where a request of it runs, from its arguments (see ``Execution``).
    let execution: @Sendable ([String]) -> Execution
    let run: @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome

    /// The command of `kind`.
    init(_ kind: RequestKind, runs execution: Execution,
         run: @escaping @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome) {
        self.init(kind, runs: { _ in execution }, run: run)
    }

    /// The command of `kind`, whose place depends on its arguments (`review` alone works on the
    /// current conversation; `review all` reads the store).
    init(_ kind: RequestKind, runs execution: @escaping @Sendable ([String]) -> Execution,
         run: @escaping @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome) {
        self.init(name: kind.name, usage: kind.usage, summary: kind.summary, arity: kind.arguments, takesText: kind.takesText,
                  execution: execution, run: run)
    }

    /// A request that is no command of the protocol (a chat line, a reply the daemon makes up).
    init(name: String, usage: String, summary: String, arity: ClosedRange<Int>, runs execution: @escaping @Sendable ([String]) -> Execution,
         run: @escaping @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome) {
        self.init(name: name, usage: usage, summary: summary, arity: arity, takesText: false, execution: execution, run: run)
    }

    private init(name: String, usage: String, summary: String, arity: ClosedRange<Int>, takesText: Bool,
                 execution: @escaping @Sendable ([String]) -> Execution,
                 run: @escaping @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.arity = arity
        self.takesText = takesText
        self.execution = execution
        self.run = run
    }
}

/// What a command may read and change.
struct CommandContext {
    var session: ClientSession
    let server: ServerContext
    /// The request runs where it may block (the learner pool), not on an event loop.
    let mayBlock: Bool

    init(session: ClientSession, server: ServerContext, mayBlock: Bool) {
        self.session = session
        self.server = server
        self.mayBlock = mayBlock
    }

    /// The store, for a command that reads it (`nil` when the daemon keeps no store).
    ///
    /// Precondition: the request runs on the learner pool, as a command that reads the store
    /// declares (``Execution/blocking``), or as a conversation that is not in memory is
    /// loaded. On an event loop it is a mistake in the command table, and the request fails
    /// (`ERR internal`, which every test that meets it sees) instead of blocking the loop.
    func storeForReading() throws(ProtocolError) -> (any ProgressStorage)? {
        guard let store = server.store else { return nil }
        guard mayBlock else { throw Self.storeReadOnEventLoop }
        return store
    }

    /// What a request gets that read the store on an event loop.
    static let storeReadOnEventLoop = ProtocolError(.internal, "this request tried to read the store on an event loop, against its command's declaration; please report it")
}

/// Every command the daemon knows, one per ``RequestKind``. A line whose first word is not
/// here is chat for the current conversation.
enum CommandTable {
    /// The daemon's entry for each kind: a switch with no `default`, so a new kind does not
    /// compile until the daemon handles it.
    static func command(_ kind: RequestKind) -> Command {
        switch kind {
        case .help: ConnectionCommands.help
        case .ping: ConnectionCommands.ping
        case .format: ConnectionCommands.format
        case .quit: ConnectionCommands.quit
        case .daemon: ConnectionCommands.daemon
        case .whoami: LearnerCommands.whoami
        case .learner: LearnerCommands.learner
        case .courses: CourseCommands.courses
        case .start: CourseCommands.start
        case .resume: CourseCommands.resume
        case .status: CourseCommands.status
        case .lessons, .goto, .hint, .repeat, .back, .skip, .restart, .stop, .solution: ConversationCommands.forward(kind)
        case .progress: ConversationCommands.progress
        case .review: ConversationCommands.review
        case .ask: ConversationCommands.ask
        case .answer: ConversationCommands.answer
        case .chat: ConversationCommands.chat
        case .checks: ExerciseCommands.checks
        case .checked: ExerciseCommands.checked
        case .export: ProgressCommands.export
        case .reset: ProgressCommands.reset
        case .idle: NotificationCommands.idle
        case .noidle: NotificationCommands.noidle
        case .leaderboard: ClassCommands.leaderboard
        case .report: ClassCommands.report
        }
    }

    /// In the order `help` lists them.
    static let all: [Command] = RequestKind.allCases.map(command)

    static let commands: [String: Command] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The command a mistyped word most likely meant: within two edits (`corses` → `courses`).
    static func closest(to word: String) -> String? {
        let scored = all.map { ($0.name, editDistance(word, $0.name)) }.filter { $0.1 <= 2 && $0.1 < $0.0.count }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Levenshtein distance between two short words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : previous[b.count])
    }
}
