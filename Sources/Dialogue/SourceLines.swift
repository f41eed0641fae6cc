/// One logical line of a dialogue file: a physical line plus any indented lines that
/// continue it, with the position of its first character.
struct SourceLine: Sendable {
    /// 1-based number of the physical line the logical line starts on.
    var number: Int
    /// 1-based column of `text`'s first character.
    var column: Int
    /// The line without its indentation, continuations joined with single spaces.
    var text: String
    /// Whether the physical line was indented (continuations and `feedback:` are).
    var isIndented: Bool
    /// Set for the lines of a fenced code block, which are kept as written.
    var fence: Fence?

    enum Fence: Equatable {
        /// ```` ```python run ````: the words after the backticks.
        case open(info: String)
        /// A line inside the block, with its indentation (trailing spaces dropped).
        case line(String)
        case close
    }

    /// The column of a position inside `text`.
    func column(of index: String.Index) -> Int {
        column + text.unicodeScalars.distance(from: text.startIndex, to: index)
    }
}

/// Splits raw bytes into logical lines, reporting encoding problems.
///
/// Never traps: invalid UTF-8 and control characters are reported with their column and the
/// line is kept in a printable form, so later stages see only clean text.
///
/// Lines are handed on one at a time rather than collected, so memory does not grow with the
/// number of lines: a file of millions of blank lines costs nothing beyond its bytes (it used
/// to cost a hundred times its size in line records).
struct SourceLineReader {
    var file: String

    /// Calls `each` with every logical line, and with `nil` where blank lines separate them
    /// (a run of blank lines is one `nil`), in file order.
    func read(_ bytes: [UInt8], into diagnostics: inout DiagnosticList, each: (SourceLine?) -> Void) {
        var body = bytes[...]
        // A UTF-8 byte order mark is harmless; drop it.
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var joiner = LineJoiner(file: file)
        var lineNumber = 0
        var start = body.startIndex
        while start <= body.endIndex {
            let end = body[start...].firstIndex(of: 0x0A) ?? body.endIndex
            lineNumber += 1
            var lineBytes = body[start..<end]
            if lineBytes.last == 0x0D { lineBytes = lineBytes.dropLast() }
            start = end + 1
            // Blank lines are common (and a file of nothing else must be cheap): no decoding.
            if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                joiner.blankLine(number: lineNumber, each)
                continue
            }
            // A line with a control character or invalid UTF-8 is reported, then kept in a
            // printable form (U+FFFD in place of what was wrong), so the rest of the course is
            // read as written: a bad character in `title:` is one error, not also "no title".
            let text = decode(lineBytes, line: lineNumber, into: &diagnostics) ?? Self.printable(lineBytes)
            joiner.add(text, number: lineNumber, diagnostics: &diagnostics, each: each)
        }
        joiner.finish(diagnostics: &diagnostics, each)
    }

    private func decode(_ bytes: ArraySlice<UInt8>, line: Int, into diagnostics: inout DiagnosticList) -> String? {
        // Controls are found on the bytes: C0 and DEL are single bytes, C1 (U+0080-U+009F)
        // is encoded as 0xC2 0x80-0x9F. Columns count scalars, i.e. non-continuation bytes.
        var column = 1
        var previous: UInt8 = 0
        for byte in bytes {
            let isControl = (byte < 0x20 && byte != 0x09) || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte))
            if isControl {
                let scalar = Unicode.Scalar(byte)  // C0, DEL and C1 code points equal the byte
                let at = previous == 0xC2 ? column - 1 : column
                diagnostics.append(Diagnostic(
                    file: file, line: line, column: at,
                    message: "control character \(scalarName(scalar)) is not allowed; course text must be printable"))
                return nil
            }
            if byte & 0xC0 != 0x80 { column += 1 }
            previous = byte
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        diagnostics.append(Diagnostic(
            file: file, line: line, column: firstInvalidColumn(bytes),
            message: "this line is not valid UTF-8; save the file as UTF-8"))
        return nil
    }

    /// The line as text, with invalid UTF-8 and control characters (tab excepted) as U+FFFD.
    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(String.UnicodeScalarView(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar in
            scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) ? "\u{FFFD}" : scalar
        }))
    }

    /// The column (in scalars) where UTF-8 decoding of the line first fails.
    private func firstInvalidColumn(_ bytes: ArraySlice<UInt8>) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var column = 1
        while case .scalarValue = decoder.decode(&iterator) { column += 1 }
        return column
    }

}

/// Joins indented lines onto the line they continue, holding back only the line being
/// continued, and folds runs of blank lines into one separator.
private struct LineJoiner {
    let file: String
    /// The last logical line, still open to continuation lines.
    private var pending: SourceLine?
    /// Whether a blank line was seen since the last line handed on.
    private var blank = false
    /// Where the open code block's fence is, while inside one: its lines are not joined,
    /// blank lines and `#` lines included.
    private var openFence: (line: Int, column: Int)?

    init(file: String) {
        self.file = file
    }

    mutating func add(_ text: String, number: Int, diagnostics: inout DiagnosticList, each: (SourceLine?) -> Void) {
        let content = text.drop(while: { $0 == " " || $0 == "\t" })
        let indent = text.unicodeScalars.count - content.unicodeScalars.count
        let trimmed = String(content).trimmingWhitespace()
        if openFence != nil {
            codeLine(text, trimmed: trimmed, number: number, diagnostics: &diagnostics, each)
            return
        }
        if trimmed.isEmpty {
            blankLine(number: number, each)
            return
        }
        if trimmed.hasPrefix("```") {
            flush(each)
            blank = false
            openFence = (number, indent + 1)
            let info = String(trimmed.dropFirst(3)).trimmingWhitespace()
            each(SourceLine(number: number, column: indent + 1, text: trimmed, isIndented: indent > 0, fence: .open(info: info)))
            return
        }
        if trimmed.hasPrefix("#") { return }  // comments vanish; they do not end a beat
        let line = SourceLine(number: number, column: indent + 1, text: trimmed, isIndented: indent > 0)
        guard indent > 0, !trimmed.hasPrefix("feedback:") else {
            flush(each)
            pending = line
            blank = false
            return
        }
        // An indented line continues the logical line above it.
        if pending != nil {
            pending!.text += " " + trimmed
        } else {
            diagnostics.append(Diagnostic(
                file: file, line: number, column: indent + 1,
                message: "this indented line continues nothing; indent only lines that continue the line above"))
        }
    }

    mutating func blankLine(number: Int, _ each: (SourceLine?) -> Void) {
        if openFence != nil {
            each(SourceLine(number: number, column: 1, text: "", isIndented: false, fence: .line("")))
            return
        }
        flush(each)
        if !blank { each(nil) }
        blank = true
    }

    /// A line inside a code block: the closing fence, or a line kept as written.
    private mutating func codeLine(_ text: String, trimmed: String, number: Int, diagnostics: inout DiagnosticList,
                                   _ each: (SourceLine?) -> Void) {
        if trimmed == "```" {
            openFence = nil
            each(SourceLine(number: number, column: 1, text: trimmed, isIndented: false, fence: .close))
            return
        }
        var kept = Substring(text)
        while let last = kept.last, last == " " || last == "\t" { kept.removeLast() }
        if let tab = kept.unicodeScalars.firstIndex(of: "\t") {
            diagnostics.append(Diagnostic(
                file: file, line: number, column: kept.unicodeScalars.distance(from: kept.unicodeScalars.startIndex, to: tab) + 1,
                message: "a tab in a code block; indent code with spaces (terminals disagree on a tab's width)"))
        }
        each(SourceLine(number: number, column: 1, text: String(kept), isIndented: false, fence: .line(String(kept))))
    }

    /// The end of the file: hands on the last line, and reports a code block left open.
    mutating func finish(diagnostics: inout DiagnosticList, _ each: (SourceLine?) -> Void) {
        flush(each)
        if let fence = openFence {
            diagnostics.append(Diagnostic(
                file: file, line: fence.line, column: fence.column,
                message: "this code block is never closed; end it with a line of three backticks (```)"))
            each(SourceLine(number: fence.line, column: fence.column, text: "```", isIndented: false, fence: .close))
            openFence = nil
        }
    }

    /// Hands on the line held back for continuations, if any.
    mutating func flush(_ each: (SourceLine?) -> Void) {
        if let line = pending { each(line) }
        pending = nil
    }
}

func scalarName(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
