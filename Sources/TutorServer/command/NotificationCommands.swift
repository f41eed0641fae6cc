import LineProtocol

/// Waiting for changes, as MPD does it: idle, noidle. The connection does the waiting (see
/// ``ConnectionHandler`` and ``ChangeHub``); these only check the arguments.
enum NotificationCommands {
    static let idle = Command(.idle, runs: .connection) { _, arguments throws(ProtocolError) in
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

    static let noidle = Command(.noidle, runs: .connection) { _, _ throws(ProtocolError) in
        var outcome = RequestOutcome()
        outcome.sendsNoReply = true
        return outcome
    }
}
