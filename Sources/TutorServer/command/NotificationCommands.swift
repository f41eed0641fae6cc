import LineProtocol

/// Waiting for changes, as MPD does it: idle, noidle. The connection does the waiting (see
/// ``ConnectionHandler`` and ``ChangeHub``); these only check the arguments.
enum NotificationCommands {
    static let all: [Command] = [idle, noidle]

    static let idle = Command(
        name: "idle", usage: "idle [position|progress|courses ...]",
        summary: "wait until another connection of yours, or a reload, changes something; then changed: lines", arity: 0...3, runs: .connection
    ) { _, arguments throws(ProtocolError) in
        var subscriptions = Set<Subsystem>()
        for argument in arguments {
            guard let subsystem = Subsystem(rawValue: argument.lowercased()) else {
                throw ProtocolError(.badArgument, "idle waits for position, progress or courses, not \(argument)")
            }
            subscriptions.insert(subsystem)
        }
        var outcome = RequestOutcome()
        outcome.idle = subscriptions.isEmpty ? Set(Subsystem.allCases) : subscriptions
        return outcome
    }

    static let noidle = Command(
        name: "noidle", usage: "noidle", summary: "stop an idle now (its reply lists what changed so far); no reply of its own", arity: 0...0, runs: .connection
    ) { _, _ throws(ProtocolError) in
        var outcome = RequestOutcome()
        outcome.sendsNoReply = true
        return outcome
    }
}
