/// Wraps the client's preformatted lines (table rows, code) instead of cutting them: what is
/// too wide for the terminal stays readable on the next lines.
enum RowWrapper {
    /// A table row: its leading spaces and label kept as written, the rest word-wrapped and
    /// continued under the value column (after the first gap of two or more spaces).
    static func wrapRow(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        guard DisplayWidth.of(text) > width else { return [text] }
        let lead = String(text.prefix { $0 == " " })
        var head = lead
        var rest = Substring(text.dropFirst(lead.count))
        if let gap = rest.range(of: "  ") {
            var valueStart = gap.upperBound
            while valueStart < rest.endIndex, rest[valueStart] == " " { valueStart = rest.index(after: valueStart) }
            head += rest[..<valueStart]
            rest = rest[valueStart...]
        }
        var indent = DisplayWidth.of(head)
        if indent > width / 2 {  // a label too wide to hang the value under: start below it
            return [fit(head, width)] + wrapRow(lead + "  " + rest, width: width)
        }
        if rest.isEmpty { return [fit(head, width)] }
        indent = max(indent, 1)
        let pieces = TextWrapper.wrap(String(rest), width: width - indent)
        let pad = String(repeating: " ", count: indent)
        return pieces.enumerated().map { index, piece in (index == 0 ? head : pad) + piece }
    }

    /// A code line: cut between characters (spaces and all kept), so nothing is lost.
    static func breakCode(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > width, used > 0 {
                lines.append(line)
                line = ""
                used = 0
            }
            line.append(character)
            used += w
        }
        lines.append(line)
        return lines
    }
}
