import Foundation
import LineProtocol

/// Commands inside a course. Each is handed to the conversation in its canonical form, so
/// `HINT` over the protocol and `hint` typed as chat behave the same.
enum ConversationCommands {
    static let all: [Command] = [
        forward("lessons", summary: "list the lessons; ✓ marks finished ones"),
        forward("goto", usage: "goto <lesson>", summary: "jump to a lesson by number or id", arity: 1...1),
        progress,
        forward("hint", summary: "a hint for the open quiz"),
        forward("repeat", summary: "say the current step again"),
        forward("back", summary: "go back one step"),
        forward("skip", summary: "skip ahead to the quiz, or show the answer (no XP)"),
        forward("restart", summary: "start the course again from lesson 1 (XP stays)"),
    ]

    private static func forward(_ name: String, usage: String? = nil, summary: String, arity: ClosedRange<Int> = 0...0) -> Command {
        Command(name: name, usage: usage ?? name, summary: summary, arity: arity) { context, arguments throws(ProtocolError) in
            let input = ([name] + arguments).joined(separator: " ")
            return try context.converse(input)
        }
    }

    /// The conversation's progress and lesson list, plus the study streak from the store.
    static let progress = Command(
        name: "progress", usage: "progress", summary: "score, XP, accuracy, lessons done and your study streak", arity: 0...0
    ) { context, _ throws(ProtocolError) in
        let store = try context.storeForReading()  // first: the turn below must not run twice
        var outcome = try context.converse("progress")
        if let store {
            do {
                let days = try store.streak(for: context.session.learnerID, today: Date())
                let line = Payload.streak(days: days).line(for: context.session.format)
                outcome.lines.insert(line, at: max(0, outcome.lines.count - 1))  // before `expect`
            } catch {
                throw ProtocolError(.storage, "cannot read the streak: \(error)")
            }
        }
        return outcome
    }
}
