import ChatClient
import LineProtocol
import TutorClient

/// `tutor --plain` (and whenever stdin or stdout is not a terminal): lines in, protocol
/// payload lines out, for scripts: `printf '\n\n2\n' | tutor --plain`.
struct PlainSession {
    let target: DaemonTarget
    let course: String?

    func run() throws {
        let connection = try target.open(readGreeting: true).connection
        var opener = SessionOpener(course: course)
        try exchange(opener.opening(), connection, &opener)
        while let line = readLine(strippingNewline: true) {
            if ChatScreen.quitWords.contains(line.trimmingCharacters(in: .whitespaces).lowercased()) { break }
            opener.sent(line)
            try exchange(line, connection, &opener)
        }
        try? connection.send(line: "quit")
    }

    private func exchange(_ first: String?, _ connection: LineConnection, _ opener: inout SessionOpener) throws {
        if let first { try connection.send(line: first) }
        var request: String? = nil
        repeat {
            if let request { try connection.send(line: request) }
            let reply = try connection.readReply()
            let (followUp, show) = opener.received(reply)
            if show {
                for line in reply.lines { print("\(line.key): \(ReplyEncoder(format: .text).sanitized(line.text))") }
                if case .error(let error) = reply.status { print("error: \(error.code.rawValue) \(error.message)") }
            }
            request = followUp
        } while request != nil
    }
}
