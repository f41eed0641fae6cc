import ChatClient
import LineProtocol

/// `tutor --plain` (and whenever stdin or stdout is not a terminal): lines in, protocol
/// payload lines out, for scripts: `printf '\n\n2\n' | tutor --plain`.
struct PlainSession {
    let socketPath: String
    let autostart: Bool
    let course: String?

    func run() throws {
        let connection = try DaemonConnection.open(path: socketPath, autostart: autostart)
        var opener = SessionOpener(course: course)
        try exchange(opener.opening(), connection, &opener)
        while let line = readLine(strippingNewline: true) {
            if line.lowercased() == "/quit" { break }
            opener.sent(line)
            try exchange(line, connection, &opener)
        }
        try? connection.send("quit")
    }

    private func exchange(_ first: String?, _ connection: DaemonConnection, _ opener: inout SessionOpener) throws {
        if let first { try connection.send(first) }
        var request: String? = nil
        repeat {
            if let request { try connection.send(request) }
            let reply = try connection.nextReply()
            let (followUp, show) = opener.received(reply)
            if show {
                for line in reply.lines { print("\(line.key): \(ReplyEncoder(format: .text).sanitized(line.text))") }
                if case .error(let error) = reply.status { print("error: \(error.code.rawValue) \(error.message)") }
            }
            request = followUp
        } while request != nil
    }
}
