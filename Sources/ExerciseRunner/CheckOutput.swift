/// What of a check's output a learner reads: the end of a traceback, or the first line where
/// the printed output differs from what the course expects.
enum CheckOutput {
    /// At most this many lines and characters of a traceback's end are shown.
    static let maxLines = 12
    static let maxCharacters = 1500

    /// The last lines of `text`, without trailing blank lines, trimmed to the bounds.
    static func tail(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailingSpaces }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var shown = Array(lines.suffix(maxLines))
        if lines.count > maxLines { shown.insert("…", at: 0) }
        let joined = shown.joined(separator: "\n")
        return joined.count > maxCharacters ? "…" + String(joined.suffix(maxCharacters)) : joined
    }

    static func lastLine(_ text: String) -> String? {
        text.split(separator: "\n").last.map(String.init)
    }

    /// Where `printed` first differs from `expected` (trailing spaces on each line and blank
    /// lines at the end do not count), or `nil` when they agree.
    static func difference(expected: [String], printed: String) -> String? {
        func normalized(_ lines: [String]) -> [String] {
            var lines = lines.map(\.trimmingTrailingSpaces)
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines
        }
        let want = normalized(expected)
        let got = normalized(printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        guard want != got else { return nil }
        let index = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
        let expectedLine = index < want.count ? want[index] : "(nothing more)"
        let printedLine = index < got.count ? got[index] : "(nothing more)"
        return "line \(index + 1): expected \(expectedLine)\n        printed  \(printedLine)"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }
}
