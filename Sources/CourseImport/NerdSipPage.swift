/// A NerdSip course page as a person copies it from the web, read into its parts.
///
/// The page: a line `<category> <Level> <N> Lessons`, the title, a tagline, some lines of site
/// furniture ("Prompted by …", "<title> - NerdSip Course"), "What You'll Learn" and a summary;
/// then per lesson an optional icon line, "Lesson N: Title", paragraphs, "Key Takeaway" and its
/// text, "Test Your Knowledge", the question, three bulleted options and "Answer: …"; then the
/// site's closing sections. Reading tolerates CRLF, extra blank lines, `•`/`-`/`*` bullets,
/// missing icons and typographic quotes in the headings.
public struct NerdSipPage: Sendable, Equatable {
    public struct Lesson: Sendable, Equatable {
        public var number: Int
        public var icon: String?
        public var title: String
        public var paragraphs: [String]
        public var takeaway: String
        public var question: String
        public var options: [String]
        public var answer: String
        /// The line of the page the lesson starts on (its "Lesson N:" line), 1-based.
        public var line: Int
        /// The line of its question.
        public var questionLine: Int
    }

    public var category: String?
    public var level: String
    public var title: String
    public var tagline: String
    public var summary: String
    public var lessons: [Lesson]

    /// Why a page could not be read, and the line where reading stopped (1-based).
    public struct ReadError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads a page.
    /// - Throws: ``ReadError`` naming the line where the page stopped looking like a course.
    public init(reading text: String) throws(ReadError) {
        var lines = Lines(text)
        // `Science & Technology Advanced 10 Lessons`
        guard let (headerLine, header) = lines.nextNonBlank() else {
            throw ReadError(line: 1, message: "the page is empty")
        }
        guard let (category, level, count) = Self.header(header) else {
            throw ReadError(line: headerLine, message: "this is not a NerdSip course page: it should start with a line like `Science & Technology Advanced 10 Lessons`, not `\(header.prefix(60))`")
        }
        self.category = category
        self.level = level
        guard let (_, title) = lines.nextNonBlank() else { throw ReadError(line: lines.number, message: "the page ends before the course title") }
        self.title = title
        guard let (_, tagline) = lines.nextNonBlank() else { throw ReadError(line: lines.number, message: "the page ends before the tagline") }
        self.tagline = tagline
        // Site furniture until "What You'll Learn", then the summary until the first lesson.
        var summary: [String] = []
        var inSummary = false
        while let (_, line) = lines.peekNonBlank(), Self.lessonHeading(line) == nil, !Self.isIcon(line) || !Self.nextIsLesson(lines) {
            _ = lines.nextNonBlank()
            if Self.heading(line) == "what you'll learn" {
                inSummary = true
            } else if inSummary {
                summary.append(line)
            }
        }
        self.summary = summary.joined(separator: " ")
        var lessons: [Lesson] = []
        while let (number, line) = lines.peekNonBlank(), !Self.isClosing(line) {
            lessons.append(try Self.lesson(&lines, expected: lessons.count + 1, firstLine: number))
        }
        guard !lessons.isEmpty else {
            throw ReadError(line: lines.number, message: "no `Lesson 1: <title>` line: the page has no lessons")
        }
        if count != lessons.count {
            throw ReadError(line: headerLine, message: "the page says \(count) lessons but has \(lessons.count)")
        }
        self.lessons = lessons
    }

    private static func lesson(_ lines: inout Lines, expected: Int, firstLine: Int) throws(ReadError) -> Lesson {
        guard var (number, line) = lines.nextNonBlank() else { throw ReadError(line: firstLine, message: "expected lesson \(expected)") }
        var icon: String?
        if isIcon(line), let next = lines.nextNonBlank() {
            icon = line
            (number, line) = next
        }
        guard let (lessonNumber, title) = lessonHeading(line) else {
            throw ReadError(line: number, message: "expected `Lesson \(expected): <title>`, found `\(line.prefix(60))`")
        }
        guard lessonNumber == expected else {
            throw ReadError(line: number, message: "expected lesson \(expected), found lesson \(lessonNumber)")
        }
        let lessonLine = number
        var paragraphs: [String] = []
        while let (next, text) = lines.nextNonBlank() {
            if heading(text) == "key takeaway" { break }
            if lessonHeading(text) != nil || heading(text) == "test your knowledge" {
                throw ReadError(line: next, message: "lesson \(expected) has no `Key Takeaway` before this line")
            }
            paragraphs.append(text)
        }
        guard !paragraphs.isEmpty else { throw ReadError(line: lessonLine, message: "lesson \(expected) has no text") }
        var takeaway: [String] = []
        while let (next, text) = lines.nextNonBlank() {
            if heading(text) == "test your knowledge" { break }
            if lessonHeading(text) != nil { throw ReadError(line: next, message: "lesson \(expected) has no `Test Your Knowledge` quiz") }
            takeaway.append(text)
        }
        guard let (questionLine, question) = lines.nextNonBlank() else {
            throw ReadError(line: lines.number, message: "lesson \(expected) ends before its question")
        }
        var options: [String] = []
        while let (_, text) = lines.peekNonBlank(), let option = bullet(text) {
            _ = lines.nextNonBlank()
            options.append(option)
        }
        guard options.count >= 2 else {
            throw ReadError(line: lines.peekNonBlank()?.0 ?? questionLine, message: "lesson \(expected)'s question needs its options as bullets (•, - or *)")
        }
        guard let (answerLine, answerText) = lines.nextNonBlank(), let answer = answerLine > 0 ? Self.answer(answerText) : nil else {
            throw ReadError(line: lines.number, message: "lesson \(expected)'s options must be followed by `Answer: <why>`")
        }
        return Lesson(number: expected, icon: icon, title: title, paragraphs: paragraphs, takeaway: takeaway.joined(separator: " "),
                      question: question, options: options, answer: answer, line: lessonLine, questionLine: questionLine)
    }

    // MARK: - Line shapes

    static let levels = ["beginner", "intermediate", "advanced", "expert"]

    /// `Science & Technology Advanced 10 Lessons` → ("Science & Technology", "advanced", 10).
    static func header(_ line: String) -> (String?, String, Int)? {
        let words = line.split(separator: " ").map(String.init)
        guard words.count >= 3, words.last?.lowercased().hasPrefix("lesson") == true, let count = Int(words[words.count - 2]) else { return nil }
        let level = words.count >= 4 ? words[words.count - 3].lowercased() : ""
        guard levels.contains(level) else { return nil }
        let category = words.dropLast(3).joined(separator: " ")
        return (category.isEmpty ? nil : category, level, count)
    }

    /// `Lesson 3: Metaclass Mechanics` → (3, "Metaclass Mechanics").
    static func lessonHeading(_ line: String) -> (Int, String)? {
        guard line.lowercased().hasPrefix("lesson "), let colon = line.firstIndex(of: ":") else { return nil }
        let number = line[line.index(line.startIndex, offsetBy: 7)..<colon].trimmingSpaces()
        let title = line[line.index(after: colon)...].trimmingSpaces()
        guard let value = Int(number), !title.isEmpty else { return nil }
        return (value, title)
    }

    /// A heading's words, lowercased, with typographic apostrophes made plain.
    static func heading(_ line: String) -> String {
        line.lowercased().replacingAll(["’", "‘", "`"], with: "'").trimmingSpaces()
    }

    /// One character that is not a letter or digit (an emoji): a lesson's icon.
    static func isIcon(_ line: String) -> Bool {
        line.count == 1 && !(line.first!.isLetter || line.first!.isNumber)
    }

    static func nextIsLesson(_ lines: Lines) -> Bool {
        var copy = lines
        _ = copy.nextNonBlank()
        return copy.peekNonBlank().flatMap { lessonHeading($0.1) } != nil
    }

    /// `• text`, `- text`, `* text` → `text`.
    static func bullet(_ line: String) -> String? {
        for mark in ["•", "-", "*", "·"] where line.hasPrefix(mark + " ") || (line.hasPrefix(mark) && mark == "•") {
            let text = String(line.dropFirst(mark.count)).trimmingSpaces()
            return text.isEmpty ? nil : text
        }
        return nil
    }

    /// `Answer: why` → `why`.
    static func answer(_ line: String) -> String? {
        guard line.lowercased().hasPrefix("answer:") else { return nil }
        let text = String(line.dropFirst(7)).trimmingSpaces()
        return text.isEmpty ? nil : text
    }

    /// Where the course ends and the site's own sections begin.
    static func isClosing(_ line: String) -> Bool {
        let text = heading(line)
        return text.hasPrefix("take this course") || text.hasPrefix("embed this course") || text.hasPrefix("download nerdsip")
    }
}

/// The page's lines, trimmed, with their numbers; CRLF and CR line ends are read as LF.
struct Lines {
    private var lines: [String]
    private(set) var index = 0

    init(_ text: String) {
        lines = text.replacingOccurrencesOfCR().split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
    }

    /// The 1-based number of the line last read.
    var number: Int { index }

    mutating func nextNonBlank() -> (Int, String)? {
        while index < lines.count {
            let line = lines[index]
            index += 1
            if !line.isEmpty { return (index, line) }
        }
        return nil
    }

    func peekNonBlank() -> (Int, String)? {
        var copy = self
        return copy.nextNonBlank()
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}

extension String {
    func replacingAll(_ targets: [Character], with replacement: Character) -> String {
        String(map { targets.contains($0) ? replacement : $0 })
    }

    /// `\r\n` and lone `\r` as `\n`. (Swift treats `\r\n` as one character.)
    func replacingOccurrencesOfCR() -> String {
        var out = ""
        for character in self {
            if character == "\r\n" || character == "\r" { out.append("\n") } else { out.append(character) }
        }
        return out
    }
}
