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
        var out = ""
        if format == .text {
            // One allocation for the whole reply instead of one per doubling.
            out.reserveCapacity(lines.reduce(8) { $0 + $1.key.utf8.count + $1.text.utf8.count + 3 })
        }
        for line in lines { append(line, to: &out) }
        append(status, to: &out)
        return out
    }

    public func append(_ line: ReplyLine, to out: inout String) {
        switch format {
        case .text:
            out += line.key
            out += ": "
            out += sanitized(line.text)
            out += "\n"
        case .json:
            var object: [(String, ReplyValue)] = [("type", .string(line.key)), ("text", .string(line.text))]
            object += line.fields
            appendJSON(object, to: &out)
            out += "\n"
        }
    }

    public func append(_ status: ReplyStatus, to out: inout String) {
        switch (format, status) {
        case (.text, .ok):
            out += "OK\n"
        case (.text, .error(let error)):
            out += "ERR \(error.code.rawValue) \(sanitized(error.message))\n"
        case (.json, .ok):
            out += "{\"ok\":true}\n"
        case (.json, .error(let error)):
            appendJSON([("ok", .bool(false)), ("error", .string(error.code.rawValue)), ("message", .string(error.message))], to: &out)
            out += "\n"
        }
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
        out += "\""
    }
}
