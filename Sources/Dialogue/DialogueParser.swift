/// Parses the dialogue format (docs/dialogue-format.md) into a validated ``Course``.
///
/// The parser never traps, whatever the input: every problem becomes a ``Diagnostic`` and
/// parsing goes on, so an author sees all problems of a file at once.
public struct DialogueParser: Sendable {
    public init() {}

    /// Parses raw file contents. Invalid UTF-8 is reported, not assumed away.
    public func parse(_ bytes: [UInt8], file: String) -> ParseResult {
        var diagnostics: [Diagnostic] = []
        let lines = SourceLineReader(file: file).read(bytes, into: &diagnostics)
        var builder = DraftBuilder(file: file)
        for line in lines { builder.consume(line) }
        let draft = builder.finish()
        diagnostics += builder.diagnostics
        var validator = CourseValidator(file: file)
        let course = validator.validate(draft)
        diagnostics += validator.diagnostics
        diagnostics.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return ParseResult(course: hasErrors ? nil : course, diagnostics: diagnostics)
    }

    /// Parses text that is already a `String`.
    public func parse(_ text: String, file: String) -> ParseResult {
        parse(Array(text.utf8), file: file)
    }
}

/// The outcome of parsing one file: a course when the file has no errors, and every
/// diagnostic found, in file order.
public struct ParseResult: Sendable {
    public var course: Course?
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
