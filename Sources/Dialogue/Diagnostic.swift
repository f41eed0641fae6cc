/// A problem found in a course file, located at a line and column.
///
/// Rendered the way compilers do (`file:line:column: error: message`), so editors and
/// terminals can jump to it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters (Unicode scalar values) of that line.
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}
