import Foundation
import LineProtocol

/// Commands about the connection itself: help, ping, format, quit; and `daemon`, about the
/// daemon it is connected to.
enum ConnectionCommands {
    static let help = Command(.help, runs: .connection) { context, _ throws(ProtocolError) in
        let chat = ConversationCommands.line
        return RequestOutcome(CommandTable.all.map { command in
            .command(name: command.name, usage: command.usage, summary: command.summary)
        } + [.command(name: nil, usage: chat.usage, summary: chat.summary)],
        format: context.session.format)
    }

    static let ping = Command(.ping, runs: .connection) { _, _ throws(ProtocolError) in RequestOutcome() }

    static let format = Command(.format, runs: .connection) { context, arguments throws(ProtocolError) in
        guard let format = ReplyFormat(rawValue: arguments[0].lowercased()) else {
            throw ProtocolError(.badArgument, "format is json or text, not \(arguments[0])")
        }
        context.session.format = format
        return RequestOutcome()
    }

    /// Where this daemon reads courses and who started it: a client's "no courses" screen says
    /// where course files go and how to make this daemon reload them.
    static let daemon = Command(.daemon, runs: .connection) { context, _ throws(ProtocolError) in
        let server = context.server
        return RequestOutcome(server.library.searchPath.map { .dialogues(directory: $0) }
            + [.started(by: server.configuration.startedBySystemd ? "systemd" : "command", pid: Int(getpid()))],
            format: context.session.format)
    }

    static let quit = Command(.quit, runs: .connection) { _, _ throws(ProtocolError) in RequestOutcome(closeConnection: true) }
}
