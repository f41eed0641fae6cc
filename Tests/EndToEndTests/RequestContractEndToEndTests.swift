import LineProtocol
import TestThreads
import Testing

/// The request contract: every command of the protocol's list (``RequestKind``) is one the
/// real daemon reads as that command, with the arguments its usage allows, and `help` lists
/// exactly that list. The reply side's contract is `WireContractTests`.
@Suite(.serialized, .blockingThreads) struct RequestContractEndToEndTests {
    /// The lines that send a sample request of `kind`: its own line, built by the protocol's
    /// ``RequestKind/line(_:)``, and the lines that must follow it for its reply to come (an
    /// `idle` replies when it ends). A switch with no `default`: a new kind does not compile
    /// until it has a sample here.
    static func sample(of kind: RequestKind) -> [String] {
        switch kind {
        case .help, .ping, .quit, .daemon, .whoami, .courses, .resume, .status, .lessons, .progress, .hint, .repeat,
             .back, .skip, .restart, .stop, .export, .solution:
            [kind.line()]
        case .format: [kind.line("text")]
        case .learner: [kind.line("default")]
        case .start: [kind.line("cpython-internals")]
        case .goto: [kind.line("2")]
        case .review: [kind.line("all")]
        case .ask: [kind.line("all", "reference counting")]
        case .answer: [kind.line("gil-why", "the \"refcounts\"")]
        case .chat: [kind.line("hello there")]
        case .checks: [kind.line("positive")]
        case .checked: [kind.line("positive", "1", "3")]
        case .reset: [kind.line("cpython-internals")]
        case .idle: [kind.line("position", "progress"), RequestKind.noidle.line()]
        // No reply of its own: the next one is the `ping`'s.
        case .noidle: [kind.line(), RequestKind.ping.line()]
        case .leaderboard: [kind.line("cpython-internals", "week")]
        case .report: [kind.line("csv")]
        }
    }

    /// Each sample, on a connection of its own with no course open (where a line that is no
    /// command is an error, not chat): its reply is not `unknown-command`, and not a usage
    /// error or a line the tokenizer refused. Errors of the command itself (`no-course` for
    /// `hint`) show that the daemon read it as that command.
    @Test func everySampleIsReadAsItsCommand() throws {
        let daemon = try DaemonProcess()
        for kind in RequestKind.allCases {
            let lines = Self.sample(of: kind)
            let client = try daemon.connect()
            for line in lines { try client.send(line: line) }
            let reply = try client.readReply()
            if case .error(let error) = reply.status {
                let unread = error.code == .unknownCommand || error.code == .badRequest
                    || (error.code == .badArgument && error.message.hasPrefix("usage:"))
                #expect(!unread, "\(lines) was not read as `\(kind.name)`: \(reply.statusLine)")
            }
        }
    }

    /// `help` lists the protocol's commands, in its order, with its usages and summaries, and
    /// then the line about chat: nothing the daemon knows is missing from the list, and
    /// nothing is listed that the list does not have.
    @Test func helpListsExactlyTheProtocolsCommands() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        let listed = try client.request(RequestKind.help.line()).payloads.compactMap { payload -> [String?]? in
            guard case .command(let name, let usage, let summary) = payload else { return nil }
            return [name, usage, summary]
        }
        let expected: [[String?]] = RequestKind.allCases.map { [$0.name, $0.usage, $0.summary] }
        #expect(Array(listed.dropLast()) == expected)
        #expect(listed.last?.first == .some(nil), "the last line is chat, with no command name")
    }
}
