import LineProtocol

/// The client's whole screen as a value: header, transcript, quiz options, input line, footer
/// and help overlay. Replies from the daemon and keys from the learner change it; `render`
/// turns it into lines for a given terminal size. No terminal, no socket: tested as values.
public struct ChatScreen: Sendable {
    public var courseTitle = ""
    public var lessonLabel = ""
    public var xp = 0
    public var lessonsDone = 0
    public var lessonCount = 0
    public private(set) var entries: [ChatEntry] = []
    /// Options of the open quiz, and the one selected with the arrow keys.
    public private(set) var options: [String] = []
    public private(set) var selectedOption: Int?
    /// Index in `entries` of the open quiz's first option, to highlight the selected one.
    private var optionEntriesStart: Int?
    /// What the tutor waits for.
    public private(set) var expectation = Expectation.continue
    public var input = InputLine()
    /// Lines scrolled up from the bottom of the transcript; 0 follows new messages.
    public private(set) var scrollOffset = 0
    public var showHelp = false
    /// Shown in the footer: connection trouble, for instance.
    public var status: String?
    public var monochrome = false
    /// The transcript width used last, to keep a scrolled-up view still when lines arrive.
    private var lastWidth = 80

    public init() {}

    // MARK: - Replies

    /// Takes in one reply from the daemon.
    public mutating func apply(_ reply: Reply) {
        let linesBefore = transcriptLines(width: lastWidth).count
        for line in reply.lines { apply(line) }
        if case .error(let error) = reply.status {
            entries.append(ChatEntry(.system, "\(error.code.rawValue): \(ReplyEncoder(format: .text).sanitized(error.message))"))
        }
        if scrollOffset > 0 {  // scrolled up: keep looking at the same lines
            scrollOffset += transcriptLines(width: lastWidth).count - linesBefore
        }
    }

    private mutating func apply(_ line: ReplyLine) {
        switch Payload(line) {
        case .turn(let turn): apply(turn)
        case let other: entries.append(ChatEntry(.info, "\(other.key): \(clean(other.text))"))
        }
    }

    // The daemon already keeps values printable; the client does not rely on it.
    private func clean(_ text: String) -> String {
        ReplyEncoder(format: .text).sanitized(text)
    }

    private mutating func apply(_ turn: Turn) {
        switch turn {
        case .course(_, let title, _, _, let lessons):
            courseTitle = clean(title)
            lessonCount = lessons
        case .lesson(_, let total, _, _, _):
            lessonLabel = clean(turn.text)
            lessonCount = total
            entries.append(ChatEntry(.lesson, "Lesson " + clean(turn.text)))
        case .tutor(let text): entries.append(ChatEntry(.tutor, clean(text)))
        case .takeaway(let text): entries.append(ChatEntry(.takeaway, "Key takeaway: " + clean(text)))
        case .quiz(_, let prompt, _):
            options = []
            selectedOption = nil
            entries.append(ChatEntry(.quiz, clean(prompt)))
            optionEntriesStart = entries.count
        case .option(_, let text):
            options.append(clean(text))
            entries.append(ChatEntry(.option, "\(options.count)) \(clean(text))"))
        case .offer(_, let prompt): entries.append(ChatEntry(.quiz, clean(prompt) + " (yes/no)"))
        case .verdict(.correct): entries.append(ChatEntry(.correct, "Correct"))
        case .verdict(.incorrect): entries.append(ChatEntry(.incorrect, "Not quite"))
        case .verdict(.revealed): entries.append(ChatEntry(.revealed, "Answer revealed"))
        case .feedback(let text): entries.append(ChatEntry(.feedback, clean(text)))
        case .explanation(let text): entries.append(ChatEntry(.explanation, "Why: " + clean(text)))
        case .hint: entries.append(ChatEntry(.hint, "Hint " + clean(turn.text)))
        case .xp(let gained, let total):
            xp = total
            entries.append(ChatEntry(.xp, "+\(gained) XP"))
        case .progress(let summary), .summary(let summary):
            lessonsDone = summary.lessonsDone
            lessonCount = summary.lessons
            xp = summary.xp
            entries.append(ChatEntry(.info, (turn.key == "summary" ? "Summary: " : "Progress: ") + summary.text))
        case .expect(let expectation):
            self.expectation = expectation
            if expectation != .answer {
                options = []
                selectedOption = nil
                optionEntriesStart = nil
            }
        case .standing, .missed, .elapsed:
            break
        case .toc, .help:
            entries.append(ChatEntry(.info, "\(turn.key): \(clean(turn.text))"))
        }
    }

    /// Something that did not come from the daemon (connection news).
    public mutating func note(_ text: String) {
        entries.append(ChatEntry(.system, text))
    }

    // MARK: - Keys

    /// What the terminal layer must do after a key.
    public enum Action: Equatable, Sendable {
        case none
        case send(String)
        case quit
    }

    public enum Key: Equatable, Sendable {
        case text(String)
        case enter, backspace, delete, left, right, home, end, up, down, pageUp, pageDown
        case wheelUp, wheelDown, clearLine, deleteWord, interrupt, endOfInput, help, escape
        /// Ctrl-A, Ctrl-E, Ctrl-K: to the start or end of the input, delete to its end.
        case lineStart, lineEnd, killToEnd
    }

    /// Words that leave the chat when typed alone (any case, with or without a `/`).
    public static let quitWords: Set<String> = ["quit", "exit", "q", "/quit", "/exit", "/q"]

    /// Protocol commands for scripts (`nc -U`) that make no sense in the chat, with what the
    /// chat says instead of sending them (`format json` would turn every reply into JSON).
    static let scriptOnlyCommands: [String: String] = [
        "format": "`format` is for scripts that talk to tutord directly (nc -U); this chat stays in text.",
        "ping": "`ping` is for scripts; here the footer tells you when the connection is lost.",
    ]

    public mutating func handle(_ key: Key, height: Int = 24) -> Action {
        if showHelp, key != .interrupt, key != .endOfInput {
            showHelp = false
            return .none
        }
        let page = max(1, height - 4)
        switch key {
        case .text(let text):
            if input.text.isEmpty, text == "?" {
                showHelp = true
                return .none
            }
            if input.text.isEmpty, !options.isEmpty, text.count == 1, let digit = Int(text), (1...options.count).contains(digit) {
                return sendLine(text)
            }
            input.insert(text)
        case .enter:
            if input.text.isEmpty, let selected = selectedOption {
                return sendLine(String(selected + 1))
            }
            let line = input.submit()
            let typed = line.trimmingSpaces().lowercased()
            if Self.quitWords.contains(typed) { return .quit }
            if let word = typed.split(separator: " ").first, let notice = Self.scriptOnlyCommands[String(word)] {
                entries.append(ChatEntry(.learner, line))
                entries.append(ChatEntry(.system, notice))
                scrollOffset = 0
                return .none
            }
            return sendLine(line, alreadySubmitted: true)
        case .backspace: input.deleteBackward()
        case .delete: input.deleteForward()
        case .left: input.moveLeft()
        case .right: input.moveRight()
        case .home: if input.text.isEmpty { scrollOffset = Int.max } else { input.moveHome() }
        case .end: if input.text.isEmpty { scrollOffset = 0 } else { input.moveEnd() }
        case .up:
            if input.text.isEmpty, !options.isEmpty {
                selectedOption = max(0, (selectedOption ?? options.count) - 1)
            } else {
                input.historyBack()
            }
        case .down:
            if input.text.isEmpty, !options.isEmpty {
                selectedOption = min(options.count - 1, (selectedOption ?? -1) + 1)
            } else {
                input.historyForward()
            }
        case .pageUp: scrollOffset += page
        case .pageDown: scrollOffset = max(0, scrollOffset - page)
        case .wheelUp: scrollOffset += 3
        case .wheelDown: scrollOffset = max(0, scrollOffset - 3)
        case .clearLine: input.deleteToStart()
        case .deleteWord: input.deleteWordBackward()
        case .interrupt, .endOfInput: return .quit
        case .help: showHelp.toggle()
        case .escape: selectedOption = nil
        case .lineStart: input.moveHome()
        case .lineEnd: input.moveEnd()
        case .killToEnd: input.deleteToEnd()
        }
        return .none
    }

    private mutating func sendLine(_ line: String, alreadySubmitted: Bool = false) -> Action {
        if !alreadySubmitted { _ = input.submit() }
        entries.append(ChatEntry(.learner, line.isEmpty ? "(continue)" : line))
        scrollOffset = 0
        selectedOption = nil
        return .send(line)
    }

    // MARK: - Rendering

    /// The transcript as wrapped, styled lines for a width.
    func transcriptLines(width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let selectedEntry = optionEntriesStart.flatMap { start in selectedOption.map { start + $0 } }
        for (position, entry) in entries.enumerated() {
            let isSelected = position == selectedEntry
            var prefix = monochrome || entry.kind == .learner || entry.kind == .option ? entry.prefix : "  "
            if isSelected { prefix = "  ▶ " }
            let indent = String(repeating: " ", count: DisplayWidth.of(prefix))
            let wrapped = TextWrapper.wrap(entry.text, width: max(1, width - DisplayWidth.of(prefix)))
            if entry.kind == .lesson { lines.append(StyledLine("", .plain)) }
            for (index, piece) in wrapped.enumerated() {
                lines.append(StyledLine((index == 0 ? prefix : indent) + piece, isSelected ? .selected : entry.style))
            }
        }
        return lines
    }

    /// The screen for a terminal of `width` × `height`: exactly `height` lines, none wider
    /// than `width`, and where to put the cursor. Small terminals drop the header, footer and
    /// options first; the transcript and the input line always show.
    public mutating func render(width: Int, height: Int) -> (lines: [StyledLine], cursorRow: Int, cursorColumn: Int) {
        let width = max(1, width)
        let height = max(1, height)
        lastWidth = width
        var top: [StyledLine] = []
        var bottom: [StyledLine] = []
        let roomy = height >= 8 && width >= 20
        if roomy {
            top.append(StyledLine(header(width: width), .header))
        }
        if roomy {
            bottom.append(StyledLine(fit(footer(width: width), width), .footer))
        }
        let prompt = "› "
        let inputWidth = max(1, width - DisplayWidth.of(prompt))
        let inputText = visibleInput(width: inputWidth)
        bottom.append(StyledLine(prompt + inputText.text, .input))

        let available = max(0, height - top.count - bottom.count)
        let transcript = transcriptLines(width: width)
        scrollOffset = min(scrollOffset, max(0, transcript.count - available))
        let end = transcript.count - scrollOffset
        var visible = Array(transcript[max(0, end - available)..<max(0, end)])
        while visible.count < available { visible.insert(StyledLine("", .plain), at: 0) }

        var lines = top + visible + bottom
        if showHelp {
            lines = overlay(Self.helpText, on: lines, width: width)
        }
        let cursorColumn = min(width - 1, DisplayWidth.of(prompt) + inputText.cursor)
        // Tiny terminals: whatever still does not fit is cut, never wrapped onto the next row.
        let fitted = lines.prefix(height).map { StyledLine(fit($0.text, width), $0.style) }
        return (fitted, min(height - 1, fitted.count - 1), cursorColumn)
    }

    /// Course title, lesson and XP. When it does not fit, the course title gives way first,
    /// then the lesson title; the XP always shows.
    private func header(width: Int) -> String {
        let xpText = "\(xp) XP"
        let lesson = lessonLabel.isEmpty ? "" : "Lesson " + lessonLabel
        let title = courseTitle.isEmpty ? "tutor" : courseTitle
        let separator = " │ "
        let tail = (lesson.isEmpty ? "" : lesson + separator) + xpText
        let room = width - DisplayWidth.of(tail) - DisplayWidth.of(separator)
        if room >= 8 {
            return fit(title, room) + separator + tail
        }
        let lessonRoom = width - DisplayWidth.of(xpText) - DisplayWidth.of(separator)
        if !lesson.isEmpty && lessonRoom >= 8 {
            return fit(lesson, lessonRoom) + separator + xpText
        }
        return fit(xpText, width)
    }

    private func footer(width: Int) -> String {
        if let status { return status }
        let keys: String
        switch expectation {
        case .answer: keys = options.isEmpty ? "type your answer · hint · skip" : "1-\(options.count) or ↑↓⏎ · hint · skip"
        case .choice: keys = "yes / no"
        case .end: keys = "lessons · goto n · restart"
        case .continue: keys = "Enter: next"
        }
        let help = " · ? help"
        guard lessonCount > 0 else { return keys + help }
        let count = "\(lessonsDone)/\(lessonCount)"
        let barWidth = min(20, width - DisplayWidth.of(keys + help) - DisplayWidth.of("  [] " + count))
        guard barWidth >= 5 else {
            // Narrow: the count alone, and the help key gives way to it.
            return DisplayWidth.of(keys + help + "  " + count) <= width ? keys + help + "  " + count : keys + "  " + count
        }
        let filled = barWidth * lessonsDone / lessonCount
        return keys + help + "  [" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "] " + count
    }

    /// The part of the input line that fits, scrolled so the cursor stays visible.
    private func visibleInput(width: Int) -> (text: String, cursor: Int) {
        let characters = input.characters
        var start = 0
        while DisplayWidth.of(String(characters[start..<input.cursor])) >= width && start < input.cursor { start += 1 }
        var text = ""
        var used = 0
        for character in characters[start...] {
            let w = DisplayWidth.of(character)
            if used + w > width { break }
            text.append(character)
            used += w
        }
        return (text, DisplayWidth.of(String(characters[start..<input.cursor])))
    }

    static let helpText = [
        "tutor: keys",
        "Enter          next message / send",
        "1-9, ↑↓ Enter  answer the quiz",
        "PgUp PgDn      scroll (Home/End: top/bottom)",
        "Ctrl-U Ctrl-W  clear line / word",
        "Ctrl-A Ctrl-E  start / end of line; Ctrl-K cut",
        "↑↓             input history",
        "hint skip back repeat lessons goto progress",
        "quit, Ctrl-C   quit (progress is saved)",
        "any key closes this help",
    ]

    private func overlay(_ text: [String], on lines: [StyledLine], width: Int) -> [StyledLine] {
        var result = lines
        let start = max(0, (lines.count - text.count) / 2)
        for (index, row) in text.enumerated() where start + index < result.count {
            result[start + index] = StyledLine(fit(" " + row, width), .overlay)
        }
        return result
    }
}

/// Cuts `text` to at most `width` columns, with `…` when something was cut.
func fit(_ text: String, _ width: Int) -> String {
    guard DisplayWidth.of(text) > width else { return text }
    var result = ""
    var used = 0
    for character in text {
        let w = DisplayWidth.of(character)
        if used + w > width - 1 { break }
        result.append(character)
        used += w
    }
    return result + "…"
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
