/// Parses the dialogue format (docs/dialogue-format.md) into a validated ``Course``.
///
/// The parser never traps, whatever the input: every problem becomes a ``Diagnostic`` and
/// parsing goes on, so an author sees all problems of a file at once.
public struct DialogueParser: Sendable {
    public init() {}

    /// The largest course file read, 4 MiB: over a hundred times the size of a full course of
    /// ten lessons, and small enough that a mistaken or hostile file cannot take the daemon's
    /// memory (parsing holds a small multiple of the file).
    public static let maxFileBytes = 4 << 20

    /// Parses raw file contents. Invalid UTF-8 is reported, not assumed away; a file over
    /// ``maxFileBytes`` is refused whole, unread. `lint` adds the teaching warnings of
    /// ``CourseLinter`` for a course without errors (`tutord check`; the daemon does not ask).
    public func parse(_ bytes: [UInt8], file: String, lint: Bool = false) -> ParseResult {
        guard bytes.count <= Self.maxFileBytes else {
            return ParseResult(course: nil, diagnostics: [Self.tooLarge(file: file, size: bytes.count)])
        }
        var readerDiagnostics = DiagnosticList()
        var builder = DraftBuilder(file: file)
        SourceLineReader(file: file).read(bytes, into: &readerDiagnostics) { builder.consume($0) }
        let draft = builder.finish()
        var validator = CourseValidator(file: file)
        let course = validator.validate(draft)
        var lists = [readerDiagnostics, builder.diagnostics, validator.diagnostics]
        let hasErrors = lists.contains(where: \.hasErrors)
        if lint, !hasErrors {
            // Teaching advice only for a course that loads: errors come first.
            var warnings = DiagnosticList()
            for warning in CourseLinter(file: file).lint(draft) { warnings.append(warning) }
            lists.append(warnings)
        }
        return ParseResult(course: hasErrors ? nil : course, diagnostics: DiagnosticList.report(lists))
    }

    /// The diagnostic for a file over ``maxFileBytes`` (also given by readers that stop
    /// reading at the limit).
    public static func tooLarge(file: String, size: Int) -> Diagnostic {
        let megabytes = { (bytes: Int) -> String in
            let tenths = (bytes * 10 + (1 << 19)) >> 20
            return "\(tenths / 10).\(tenths % 10) MiB"
        }
        return Diagnostic(
            file: file, line: 1, column: 1,
            message: "this file is \(megabytes(size)); a course file may be at most \(megabytes(maxFileBytes)) — split it into several courses")
    }

    /// Parses text that is already a `String`.
    public func parse(_ text: String, file: String, lint: Bool = false) -> ParseResult {
        parse(Array(text.utf8), file: file, lint: lint)
    }
}

/// The outcome of parsing one file: a course when the file has no errors, and every
/// diagnostic found, in file order.
public struct ParseResult: Sendable {
    public var course: Course?
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
