/// Word-wraps text to a number of terminal columns.
///
/// Breaks at spaces where it can and inside a word only when the word alone is wider than the
/// line. Never splits a grapheme cluster, so an emoji or an accented letter is never cut in
/// half; a wide character that would overhang the last column moves to the next line.
public enum TextWrapper {
    /// `text` wrapped as a message is shown: `prefix` before its first line, `continuation`
    /// before the others, and each line's text wrapped to what the wider of the two leaves of
    /// `width` (the chat's transcript and `tutord walk` both show messages so).
    public static func wrap(_ text: String, width: Int, prefix: String, continuation: String) -> [String] {
        let room = max(1, width - max(DisplayWidth.of(prefix), DisplayWidth.of(continuation)))
        return wrap(text, width: room).enumerated().map { ($0.offset == 0 ? prefix : continuation) + $0.element }
    }

    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(paragraph, width: width)
        }
        return lines
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = DisplayWidth.of(word)
            let needed = lineWidth == 0 ? wordWidth : lineWidth + 1 + wordWidth
            if needed <= width {
                if lineWidth > 0 { line += " "; lineWidth += 1 }
                line += word
                lineWidth += wordWidth
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if wordWidth <= width {
                line = String(word)
                lineWidth = wordWidth
                continue
            }
            // A word wider than the line: cut it between grapheme clusters.
            var pieces = breakAnywhere(word, width: width)
            line = pieces.removeLast()
            lineWidth = DisplayWidth.of(line)
            lines += pieces
        }
        lines.append(line)
        return lines
    }

    /// Cuts `text` between grapheme clusters into lines of at most `width` columns (a wider
    /// character gets a line of its own), keeping every character, spaces included. Never empty.
    static func breakAnywhere(_ text: some StringProtocol, width: Int) -> [String] {
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
