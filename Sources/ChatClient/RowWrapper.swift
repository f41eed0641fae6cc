/// Wraps the client's table rows instead of cutting them: what is too wide for the terminal
/// stays readable on the next lines, aligned under the row's values.
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
        if indent > width / 2 {
            if head != lead {  // a label too wide to hang the value under: the value starts below it
                return [fit(String(head.reversed().drop { $0 == " " }.reversed()), width)] + wrapRow(lead + "  " + rest, width: width)
            }
            indent = width / 2  // only spaces: fewer of them
            head = String(repeating: " ", count: indent)
        }
        if rest.isEmpty { return [fit(head, width)] }
        indent = max(indent, 1)
        let pieces = TextWrapper.wrap(String(rest), width: width - indent)
        let pad = String(repeating: " ", count: indent)
        return pieces.enumerated().map { index, piece in (index == 0 ? head : pad) + piece }
    }
}
