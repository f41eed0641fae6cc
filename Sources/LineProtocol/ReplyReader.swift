import Foundation

/// Reads replies from the wire, line by line: the client side of ``ReplyEncoder``.
///
/// Feed it lines; it returns a finished ``Reply`` at each final line. Both formats are read:
/// a line that starts with `{` is a JSON object (`format json`), any other a text line, so a
/// client may switch formats in the middle of a session.
public struct ReplyReader: Sendable {
    private var pending: [ReplyLine] = []

    public init() {}

    /// A complete reply, or `nil` while the reply goes on.
    public mutating func feed(_ line: Substring) -> Reply? {
        if line.first == "{" { return feedJSON(line) }
        if line == "OK" || line.hasPrefix("OK ") {
            return finish(.ok, statusLine: line)
        }
        if line.hasPrefix("ERR ") {
            let rest = line.dropFirst(4)
            let code = rest.prefix(while: { $0 != " " })
            let message = rest.dropFirst(code.count).drop(while: { $0 == " " })
            return finish(.error(ProtocolError(ErrorCode(rawValue: String(code)) ?? .internal, String(message))), statusLine: line)
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

    private mutating func finish(_ status: ReplyStatus, statusLine: Substring) -> Reply {
        defer { pending = [] }
        return Reply(lines: pending, status: status, statusLine: String(statusLine))
    }

    private mutating func feedJSON(_ line: Substring) -> Reply? {
        guard let object = try? JSONDecoder().decode([String: ReplyValue].self, from: Data(line.utf8)) else {
            pending.append(ReplyLine(key: "", text: String(line)))
            return nil
        }
        if case .bool(let ok)? = object["ok"] {
            if ok { return finish(.ok, statusLine: line) }
            guard case .string(let code)? = object["error"] else { return finish(.error(ProtocolError(.internal, "")), statusLine: line) }
            let message: String = if case .string(let message)? = object["message"] { message } else { "" }
            return finish(.error(ProtocolError(ErrorCode(rawValue: code) ?? .internal, message)), statusLine: line)
        }
        guard case .string(let key)? = object["type"], case .string(let text)? = object["text"] else {
            pending.append(ReplyLine(key: "", text: String(line)))
            return nil
        }
        // JSON objects are unordered; the fields are kept sorted by name.
        let fields = object.filter { $0.key != "type" && $0.key != "text" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        pending.append(ReplyLine(key: key, text: text, fields: fields))
        return nil
    }
}

extension ReplyValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let strings = try? container.decode([String].self) {
            self = .strings(strings)
        } else {
            self = .string(try container.decode(String.self))
        }
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

    /// The payload lines, decoded. A code block's text-mode lines (one `code:` line per line
    /// of code) come back as one block.
    public var payloads: [Payload] {
        var payloads: [Payload] = []
        // The block's lines are gathered apart and appended once it ends: adding each line
        // to the block kept in `payloads` copied it every time (50,000 lines took 14 s).
        var block: (language: String?, lines: [String])?
        func endBlock() {
            if let ended = block { payloads.append(.turn(.code(language: ended.language, lines: ended.lines))) }
            block = nil
        }
        for line in lines {
            let payload = Payload(line)
            if line.key == "code", line.fields.isEmpty, case .turn(.code(let language, let more)) = payload {
                if block == nil { block = (language, []) }
                block!.lines += more
                continue
            }
            endBlock()
            payloads.append(payload)
        }
        endBlock()
        return payloads
    }

    /// The conversation turns among the payload lines.
    public var turns: [Turn] { payloads.compactMap(\.turn) }

    /// What the tutor waits for now, if this is a conversation reply.
    public var expectation: Expectation? {
        for case .expect(let expectation, _, _) in turns.reversed() { return expectation }
        return nil
    }

    /// The exercise the tutor waits at (`expect: exercise <id>`), if it waits at one.
    public var openExercise: String? {
        for case .expect(_, _, let exercise) in turns.reversed() { return exercise }
        return nil
    }

    /// The texts of the lines with this key.
    public func values(_ key: String) -> [String] {
        lines.filter { $0.key == key }.map(\.text)
    }
}
