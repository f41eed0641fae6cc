import LineProtocol
import ProgressStore

/// One protocol command: its name, usage, one-line summary, how many arguments it takes,
/// and what it does. Each command group declares its entries; ``CommandTable`` collects them
/// (the way tmux's command table works).
struct Command: Sendable {
    let name: String
    let usage: String
    let summary: String
    let arity: ClosedRange<Int>
    /// The last argument is the learner's own text, taken as typed (quotes not special) after
    /// `arity.lowerBound` words, as a chat line is: `answer <quiz> <text>`.
    var takesText = false
    let run: @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome
}

/// What a command may read and change.
struct CommandContext {
    var session: ClientSession
    let server: ServerContext
    /// The request runs where it may block (the blocking pool), not on an event loop.
    let mayBlock: Bool
    /// Set when a command asked for the store on an event loop (see ``storeForReading()``).
    private(set) var mustBlock = false

    init(session: ClientSession, server: ServerContext, mayBlock: Bool) {
        self.session = session
        self.server = server
        self.mayBlock = mayBlock
    }

    /// The store, for a command that reads it (`nil` when the daemon keeps no store).
    ///
    /// SQLite reads block, so on an event loop this stops the command instead: it throws, and
    /// the connection runs the whole request again on the blocking pool. Precondition: the
    /// command has changed nothing yet (no conversation turn, no commit) when it asks.
    mutating func storeForReading() throws(ProtocolError) -> (any ProgressStorage)? {
        guard let store = server.store else { return nil }
        guard mayBlock else {
            mustBlock = true
            throw Self.storeReadOnEventLoop
        }
        return store
    }

    /// Moves a request that costs more than an event loop should spend (an `ask` searches the
    /// courses: about a millisecond of CPU) to the blocking pool, as ``storeForReading()`` does.
    /// Same precondition: nothing has been changed yet.
    mutating func requireBlockingPool() throws(ProtocolError) {
        guard mayBlock else {
            mustBlock = true
            throw Self.storeReadOnEventLoop
        }
    }

    /// What a command that asked for the store on an event loop throws; the connection never
    /// sends it, since it runs the request again on the blocking pool.
    static let storeReadOnEventLoop = ProtocolError(.internal, "a store read was asked for on an event loop")

    mutating func markMustBlock() {
        mustBlock = true
    }
}

/// Every command the daemon knows. A line whose first word is not here is chat for the
/// current conversation.
enum CommandTable {
    static let all: [Command] = ConnectionCommands.all + LearnerCommands.all + CourseCommands.all
        + ConversationCommands.all + ProgressCommands.all + NotificationCommands.all + ClassCommands.all

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
