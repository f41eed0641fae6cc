/// Reads replies from the wire, line by line: the client side of ``ReplyEncoder`` (text mode).
///
/// Feed it lines; it returns a finished ``Reply`` at each final line.
public struct ReplyReader: Sendable {
    private var pending: [ReplyLine] = []

    public init() {}

    /// A complete reply, or `nil` while the reply goes on.
    public mutating func feed(_ line: Substring) -> Reply? {
        if line == "OK" || line.hasPrefix("OK ") {
            defer { pending = [] }
            return Reply(lines: pending, status: .ok, statusLine: String(line))
        }
        if line.hasPrefix("ERR ") {
            defer { pending = [] }
            let rest = line.dropFirst(4)
            let code = rest.prefix(while: { $0 != " " })
            let message = rest.dropFirst(code.count).drop(while: { $0 == " " })
            let error = ProtocolError(ErrorCode(rawValue: String(code)) ?? .internal, String(message))
            return Reply(lines: pending, status: .error(error), statusLine: String(line))
        }
        if let colon = line.firstIndex(of: ":") {
            let key = String(line[..<colon])
            var text = line[line.index(after: colon)...]
            if text.first == " " { text = text.dropFirst() }
            pending.append(ReplyLine(key: key, text: String(text)))
        } else {
            pending.append(ReplyLine(key: "", text: String(line)))
        }
        return nil
    }
}

/// One decoded reply.
public struct Reply: Sendable, Equatable {
    public var lines: [ReplyLine]
    public var status: ReplyStatus
    /// The final line as received (for the greeting, `OK tutord 1`).
    public var statusLine: String

    public init(lines: [ReplyLine], status: ReplyStatus, statusLine: String) {
        self.lines = lines
        self.status = status
        self.statusLine = statusLine
    }

    /// The texts of the lines with this key.
    public func values(_ key: String) -> [String] {
        lines.filter { $0.key == key }.map(\.text)
    }
}
