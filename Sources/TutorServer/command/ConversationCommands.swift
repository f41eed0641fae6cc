import Foundation
import LineProtocol
import Tutoring

/// Commands inside a course. Each is handed to the conversation in its canonical form, so
/// `HINT` over the protocol and `hint` typed as chat behave the same.
enum ConversationCommands {
    /// One protocol command per course command of the conversation (one list for both).
    static let all: [Command] = Conversation.commands.map { $0.name == "progress" ? progress($0) : forward($0) }

    private static func forward(_ command: CourseCommand) -> Command {
        Command(name: command.name, usage: command.usage, summary: command.summary, arity: command.arguments) { context, arguments throws(ProtocolError) in
            let input = ([command.name] + arguments).joined(separator: " ")
            return try context.converse(input)
        }
    }

    /// The conversation's progress and lesson list, plus the study streak from the store.
    private static func progress(_ command: CourseCommand) -> Command {
        Command(name: command.name, usage: command.usage, summary: command.summary, arity: command.arguments) { context, _ throws(ProtocolError) in
            let store = try context.storeForReading()  // first: the turn below must not run twice
            var outcome = try context.converse("progress")
            if let store {
                do {
                    let days = try store.streak(for: context.session.learnerID, today: context.server.configuration.clock.now())
                    let line = Payload.streak(days: days).lines(for: context.session.format)[0]
                    // Right after the `progress` line it belongs with.
                    let progressLine = outcome.lines.firstIndex { $0.key == "progress" } ?? max(0, outcome.lines.count - 3)
                    outcome.lines.insert(line, at: progressLine + 1)
                } catch {
                    throw ProtocolError(.storage, "cannot read the streak: \(error)")
                }
            }
            return outcome
        }
    }
}
