/// Diagnostics as they are found, holding at most ``limit`` of them and counting the rest.
///
/// A file of a million bad lines would otherwise hold a million messages, many times the
/// file's size; an author fixes the first screenful before looking further anyway.
struct DiagnosticList: Sendable {
    /// How many diagnostics a file reports in full; compilers stop at a few dozen too.
    static let limit = 100

    private(set) var kept: [Diagnostic] = []
    /// Found but not kept.
    private(set) var dropped = 0
    /// Whether any of the dropped ones is an error (a file with only warnings shown is not
    /// a valid course if an error was dropped).
    private(set) var droppedAnError = false

    mutating func append(_ diagnostic: Diagnostic) {
        if kept.count < Self.limit {
            kept.append(diagnostic)
        } else {
            dropped += 1
            if diagnostic.severity == .error { droppedAnError = true }
        }
    }

    var hasErrors: Bool { droppedAnError || kept.contains { $0.severity == .error } }

    /// Several lists as one report in file order: the first ``limit`` diagnostics, then one
    /// line saying how many more there are.
    static func report(_ lists: [DiagnosticList]) -> [Diagnostic] {
        var all = lists.flatMap(\.kept)
        all.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        let more = all.count - min(all.count, limit) + lists.reduce(0) { $0 + $1.dropped }
        all = Array(all.prefix(limit))
        if more > 0, let last = all.last {
            let severity: Diagnostic.Severity = lists.contains(where: \.hasErrors) ? .error : .warning
            all.append(Diagnostic(
                file: last.file, line: last.line, column: last.column, severity: severity,
                message: "\(more) more problem\(more == 1 ? "" : "s") after these are not shown; fix these first"))
        }
        return all
    }
}
