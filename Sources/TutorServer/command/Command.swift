import LineProtocol

/// One protocol command: its name, usage, one-line summary, how many arguments it takes,
/// and what it does. Each command group declares its entries; ``CommandTable`` collects them
/// (the way tmux's command table works).
struct Command: Sendable {
    let name: String
    let usage: String
    let summary: String
    let arity: ClosedRange<Int>
    let run: @Sendable (inout CommandContext, [String]) throws(ProtocolError) -> RequestOutcome
}

/// What a command may read and change.
struct CommandContext {
    var session: ClientSession
    let server: ServerContext
}

/// Every command the daemon knows. A line whose first word is not here is chat for the
/// current conversation.
enum CommandTable {
    static let all: [Command] = ConnectionCommands.all + LearnerCommands.all + CourseCommands.all
        + ConversationCommands.all + ProgressCommands.all

    static let commands: [String: Command] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
