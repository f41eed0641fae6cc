/// Where an encoded reply goes: a `String`, or in the daemon a ``TextBuilder`` over the
/// outgoing buffer's memory, so a reply is written once, not built as a string and copied.
public protocol ReplyOutput: ~Copyable {
    /// Appends `text`'s UTF-8.
    mutating func write(_ text: String)
}

extension String: ReplyOutput {
    public mutating func write(_ text: String) {
        self += text
    }
}

/// Encodes replies for the wire.
///
/// Text mode: `key: text` lines, then `OK` or `ERR <code> <message>`. JSON mode: one JSON
/// object per line, then `{"ok":true}` or `{"ok":false,"error":"<code>","message":"..."}`.
/// Either way every value is one line: control characters (including newlines) are replaced
/// by U+FFFD, so a payload line can never be mistaken for the final line and nothing raw
/// reaches a terminal.
public struct ReplyEncoder: Sendable {
    public var format: ReplyFormat

    public init(format: ReplyFormat) {
        self.format = format
    }

    /// The whole reply as text, ending with a newline.
    public func encode(_ lines: [ReplyLine], _ status: ReplyStatus) -> String {
        let reply = prepare(lines, status)
        var out = ""
        out.reserveCapacity(reply.textBound)  // one allocation, not one per doubling
        encode(reply, into: &out)
        return out
    }

    /// Writes the whole reply, ending with a newline, to `out`.
    public func encode(_ lines: [ReplyLine], _ status: ReplyStatus, into out: inout some ReplyOutput & ~Copyable) {
        encode(lines, status, into: &out, sanitizing: true)
    }

    /// Writes a reply looked at by ``prepare(_:_:)``, ending with a newline, to `out`: its values
    /// are looked at for control characters only if that look found any.
    public func encode(_ reply: PreparedReply, into out: inout some ReplyOutput & ~Copyable) {
        encode(reply.lines, reply.status, into: &out, sanitizing: reply.mayHoldControls)
    }

    private func encode(_ lines: [ReplyLine], _ status: ReplyStatus, into out: inout some ReplyOutput & ~Copyable, sanitizing: Bool) {
        for line in lines { append(line, to: &out, sanitizing: sanitizing) }
        append(status, to: &out, sanitizing: sanitizing)
    }

    /// The most bytes a text-mode reply of `lines` and `status` can take (a JSON one takes
    /// more): exact when no value holds a control, else with room for each byte of that value
    /// to become U+FFFD (three bytes where a control takes one or two). What to reserve before
    /// encoding; a megabyte export is reserved at its size, not three times it.
    public func textBound(_ lines: [ReplyLine], _ status: ReplyStatus) -> Int {
        prepare(lines, status).textBound
    }

    /// The reply looked at once: how much room its text takes, and whether any value may hold
    /// a control character, so that encoding it (``encode(_:into:)``) needs no second look when
    /// none may. The look and the lines travel together: no caller can skip sanitizing lines
    /// that were not looked at.
    public func prepare(_ lines: [ReplyLine], _ status: ReplyStatus) -> PreparedReply {
        var controls = false
        func room(_ value: String) -> Int {
            guard ControlCharacters.mayContainControl(value) else { return value.utf8.count }
            controls = true
            return value.utf8.count * 3
        }
        let values = lines.reduce(0) { $0 + $1.key.utf8.count + room($1.text) + 3 }
        let bound = switch status {
        case .ok: values + 3
        case .error(let error): values + error.code.rawValue.utf8.count + room(error.message) + 6
        }
        return PreparedReply(lines: lines, status: status, textBound: bound, mayHoldControls: controls)
    }

    private func append(_ line: ReplyLine, to out: inout some ReplyOutput & ~Copyable, sanitizing: Bool) {
        switch format {
        case .text:
            out.write(line.key)
            out.write(": ")
            out.write(sanitizing ? sanitized(line.text) : line.text)
            out.write("\n")
        case .json:
            var object: [(String, ReplyValue)] = [("type", .string(line.key)), ("text", .string(line.text))]
            object += line.fields
            var json = ""
            appendJSON(object, to: &json)
            json += "\n"
            out.write(json)
        }
    }

    private func append(_ status: ReplyStatus, to out: inout some ReplyOutput & ~Copyable, sanitizing: Bool) {
        switch (format, status) {
        case (.text, .ok):
            out.write("OK\n")
        case (.text, .error(let error)):
            out.write("ERR \(error.code.rawValue) \(sanitizing ? sanitized(error.message) : error.message)\n")
        case (.json, .ok):
            out.write("{\"ok\":true}\n")
        case (.json, .error(let error)):
            var json = ""
            appendJSON([("ok", .bool(false)), ("error", .string(error.code.rawValue)), ("message", .string(error.message))], to: &json)
            json += "\n"
            out.write(json)
        }
    }

    /// A one-line reply whose value is written in pieces (`export`, a document of any size):
    /// what goes before the value. ``streamedPiece(_:)`` of each piece, then
    /// ``streamedTail(_:)``, follow; together they are the bytes ``encode(_:_:)`` gives for
    /// the line with the pieces joined (and no fields), with `status` after it. A piece is
    /// whole Unicode scalars, and escaping works scalar by scalar, so where the value is cut
    /// does not matter.
    public func streamedHead(key: String) -> String {
        switch format {
        case .text:
            return key + ": "
        case .json:
            var head = "{"
            appendJSONString("type", to: &head)
            head += ":"
            appendJSONString(key, to: &head)
            head += ","
            appendJSONString("text", to: &head)
            return head + ":\""
        }
    }

    /// A piece of a streamed line's value, as it goes on the wire (see ``streamedHead(key:)``).
    public func streamedPiece(_ piece: String) -> String {
        switch format {
        case .text:
            return sanitized(piece)
        case .json:
            var out = ""
            appendJSONStringContent(piece, to: &out)
            return out
        }
    }

    /// The end of a streamed line and the reply's status line (see ``streamedHead(key:)``).
    /// `ERR` when the value could not be finished: the line ends where it was cut.
    public func streamedTail(_ status: ReplyStatus) -> String {
        var tail = format == .text ? "\n" : "\"}\n"
        append(status, to: &tail, sanitizing: true)
        return tail
    }

    /// Replaces control characters with U+FFFD (tab becomes a space).
    public func sanitized(_ text: String) -> String {
        ControlCharacters.replacing(in: text, with: "\u{FFFD}")
    }

    private func appendJSON(_ object: [(String, ReplyValue)], to out: inout String) {
        out += "{"
        for (index, (key, value)) in object.enumerated() {
            if index > 0 { out += "," }
            appendJSONString(key, to: &out)
            out += ":"
            switch value {
            case .string(let string): appendJSONString(string, to: &out)
            case .int(let number): out += String(number)
            case .bool(let flag): out += flag ? "true" : "false"
            case .strings(let strings):
                out += "["
                for (index, string) in strings.enumerated() {
                    if index > 0 { out += "," }
                    appendJSONString(string, to: &out)
                }
                out += "]"
            case .null: out += "null"
            }
        }
        out += "}"
    }

    /// RFC 8259 string escaping; non-ASCII stays UTF-8.
    private func appendJSONString(_ string: String, to out: inout String) {
        out += "\""
        appendJSONStringContent(string, to: &out)
        out += "\""
    }

    /// A string's escaped content, without its quotes.
    private func appendJSONStringContent(_ string: String, to out: inout String) {
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ControlCharacters.isControl(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}

/// A reply and what one look at its values found (``ReplyEncoder/prepare(_:_:)``): made only
/// there, so the finding always belongs to these lines.
public struct PreparedReply: Sendable {
    let lines: [ReplyLine]
    let status: ReplyStatus
    /// The most bytes its text takes.
    public let textBound: Int
    let mayHoldControls: Bool
}
