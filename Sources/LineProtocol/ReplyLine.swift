/// One payload line of a reply: a key, a one-line text, and the same content as fields for
/// JSON mode.
public struct ReplyLine: Sendable, Equatable {
    public var key: String
    public var text: String
    /// Structured fields for JSON mode, in a stable order.
    public var fields: [(String, ReplyValue)]

    public init(key: String, text: String, fields: [(String, ReplyValue)] = []) {
        self.key = key
        self.text = text
        self.fields = fields
    }

    public static func == (lhs: ReplyLine, rhs: ReplyLine) -> Bool {
        lhs.key == rhs.key && lhs.text == rhs.text && lhs.fields.elementsEqual(rhs.fields) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// A JSON value of a reply field.
public enum ReplyValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])
    case null
}

/// How a reply ends.
public enum ReplyStatus: Sendable, Equatable {
    case ok
    case error(ProtocolError)
}

/// The output formats of `format json|text`.
public enum ReplyFormat: String, Sendable, CaseIterable {
    case text, json
}
