/// Drawing: the screen for a terminal size, small terminals included.
extension ChatScreen {
    /// The transcript as wrapped, styled lines for a width, and where each entry starts.
    func transcriptLines(width: Int) -> (lines: [StyledLine], starts: [Int]) {
        var lines: [StyledLine] = []
        var starts: [Int] = []
        let selectedEntry = optionEntriesStart.flatMap { start in selectedOption.map { start + $0 } }
        for (position, entry) in entries.enumerated() {
            if position > 0, entry.kind == .lesson || entry.kind == .rowHeading {
                lines.append(StyledLine("", .plain))
            }
            starts.append(lines.count)
            let isSelected = position == selectedEntry
            var prefix = monochrome || entry.keepsPrefixInColour ? entry.prefix : "  "
            if isSelected { prefix = "  ▶ " }
            let style = isSelected ? Style.selected : entry.style
            if entry.kind == .code {
                // Kept as written, continued on the next lines (marked ↪) rather than cut.
                let pieces = TextWrapper.breakAnywhere(entry.text, width: max(1, width - DisplayWidth.of(prefix)))
                let continuation = String(repeating: " ", count: max(0, DisplayWidth.of(prefix) - 2)) + "↪ "
                for (index, piece) in pieces.enumerated() {
                    lines.append(StyledLine(clip((index == 0 ? prefix : continuation) + piece, width), style))
                }
                continue
            }
            if entry.isPreformatted {
                // Aligned as written; a row too wide goes on under its value column.
                for piece in RowWrapper.wrapRow(prefix + entry.text, width: width) {
                    lines.append(StyledLine(piece, style))
                }
                continue
            }
            for line in TextWrapper.wrap(entry.text, width: width, prefix: prefix, continuation: entry.continuationPrefix(after: prefix)) {
                lines.append(StyledLine(line, style))
            }
        }
        lines += draftLines(width: width)
        return (lines, starts)
    }

    /// The screen for a terminal of `width` × `height`: exactly `height` lines, none wider
    /// than `width`, and where to put the cursor. Small terminals drop the header and footer
    /// first; the body and the input line always show.
    public mutating func render(width: Int, height: Int) -> (lines: [StyledLine], cursorRow: Int, cursorColumn: Int) {
        let width = max(1, width)
        let height = max(1, height)
        lastWidth = width
        var top: [StyledLine] = []
        var bottom: [StyledLine] = []
        let roomy = height >= 8 && width >= 20
        if roomy {
            top.append(StyledLine(header(width: width), .header))
            bottom.append(StyledLine(fit(footer(width: width), width), .footer))
        }
        let prompt = "› "
        let inputWidth = max(1, width - DisplayWidth.of(prompt))
        let inputText = visibleInput(width: inputWidth)
        bottom.append(StyledLine(prompt + inputText.text, .input))

        let available = max(0, height - top.count - bottom.count)
        lastBodyHeight = available
        var body = picker.map { $0.render(width: width, height: available) } ?? transcriptBody(width: width, height: available)
        while body.count < available { body.insert(StyledLine("", .plain), at: picker == nil ? 0 : body.count) }

        var lines = top + body + bottom
        if let overlay {
            lines = draw(overlay, on: lines, width: width)
        }
        let cursorColumn = min(width - 1, DisplayWidth.of(prompt) + inputText.cursor)
        // Tiny terminals: whatever still does not fit is cut, never wrapped onto the next row.
        let fitted = lines.prefix(height).map { StyledLine(fit($0.text, width), $0.style) }
        return (fitted, min(height - 1, fitted.count - 1), cursorColumn)
    }

    /// The visible part of the transcript: scrolled so a newly selected option shows, with a
    /// marker on the last row when there is more below.
    private mutating func transcriptBody(width: Int, height available: Int) -> [StyledLine] {
        let (transcript, starts) = transcriptLines(width: width)
        if revealSelection, let start = optionEntriesStart, let selected = selectedOption, starts.indices.contains(start + selected) {
            revealSelection = false
            let first = starts[start + selected]
            let last = starts.indices.contains(start + selected + 1) ? starts[start + selected + 1] - 1 : transcript.count - 1
            let end = transcript.count - scrollOffset  // one past the last visible line
            let room = max(1, available - 1)  // a line for the "more below" marker
            if last >= end || first < end - room {
                // The whole option, or, when it is taller than the room, its first lines (the ▶).
                scrollOffset = max(0, transcript.count - min(last + 1, first + room))
            }
        }
        scrollOffset = min(scrollOffset, max(0, transcript.count - available))
        let end = transcript.count - scrollOffset
        var visible = Array(transcript[max(0, end - available)..<max(0, end)])
        if scrollOffset > 0, !visible.isEmpty {
            visible[visible.count - 1] = StyledLine(fit("↓ \(scrollOffset) more line\(scrollOffset == 1 ? "" : "s") below · End", width), .marker)
        }
        return visible
    }

    /// Course title, lesson, the profile (when not the user's own) and XP. When it does not
    /// fit, the course title gives way first, then the lesson title; the XP always shows.
    private func header(width: Int) -> String {
        let due = standing?.due ?? 0
        // In the picker with no course open, the XP of every course the learner has begun.
        let shownXP = currentCourse == nil && picker != nil ? courses.reduce(0) { $0 + ($1.standing?.summary.xp ?? 0) } : xp
        let xpText = (profile.map { "profile \($0) · " } ?? "") + (due > 0 ? "\(due) due · " : "") + "\(shownXP) XP"
        let lesson = standing?.review.map { "Review \($0.number)/\($0.total)" } ?? (lessonLabel.isEmpty ? "" : "Lesson " + lessonLabel)
        let title = picker != nil && currentCourse == nil ? "tutor: choose a course" : (courseTitle.isEmpty ? "tutor" : courseTitle)
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
        if input.wasCut {
            return "The line is full: tutord takes \(input.limit) bytes at most; the rest was left out"
        }
        let keys: String
        if let picker {
            keys = picker.courses.isEmpty ? "quit leaves" : "↑↓ Enter: start" + (picker.canClose ? " · Esc: back" : "")
        } else if pendingQuestion != nil {
            keys = "yes / no"
        } else if stepIsElsewhere {
            keys = "repeat: show the step you are at"
        } else if exercise != nil {
            keys = exerciseKeys
        } else {
            switch expectation {
            case .answer: keys = options.isEmpty ? "type your answer · hint · skip" : "1-\(options.count) or ↑↓⏎ · hint · skip"
            case .choice: keys = "yes / no"
            case .end: keys = "lessons · goto n · courses"
            case .continue: keys = "Enter: next"
            case .exercise: keys = "hint · skip · solution"
            }
        }
        let help = (lessonView != nil && picker == nil ? " · stop" : "") + " · ? help" + (unsavedReason != nil ? " · not saving" : "")
        guard lessonCount > 0, picker == nil else { return keys + help }
        let count = "\(lessonsDone)/\(lessonCount)"
        let barWidth = min(20, width - DisplayWidth.of(keys + help) - DisplayWidth.of("  [] " + count))
        guard barWidth >= 5 else {
            // Narrow: the count alone, and the help key gives way to it.
            return DisplayWidth.of(keys + help + "  " + count) <= width ? keys + help + "  " + count : keys + "  " + count
        }
        return keys + help + "  " + ReplyTables.bar(lessonsDone, of: lessonCount, width: barWidth) + " " + count
    }

    /// The part of the input line that fits, scrolled so the cursor stays visible. Looks at
    /// no more characters than fit on the line, however long the input is.
    private func visibleInput(width: Int) -> (text: String, cursor: Int) {
        let characters = input.characters
        // Back from the cursor while the characters before it still leave it on the line.
        var start = input.cursor
        var cursorColumn = 0
        while start > 0, cursorColumn + DisplayWidth.of(characters[start - 1]) < width {
            start -= 1
            cursorColumn += DisplayWidth.of(characters[start])
        }
        var text = ""
        var used = 0
        for character in characters[start...] {
            let w = DisplayWidth.of(character)
            if used + w > width { break }
            text.append(character)
            used += w
        }
        return (text, cursorColumn)
    }

    /// The keys, and the commands the chat answers itself; the daemon's commands follow.
    static let helpKeys: [(String, String)] = [
        ("Enter", "next message / send the line"),
        ("1-9, ↑↓ Enter", "answer the quiz"),
        ("PgUp PgDn", "scroll (Home/End: top/bottom)"),
        ("Ctrl-U Ctrl-W", "clear the line / a word"),
        ("Ctrl-A Ctrl-E", "start / end of line"),
        ("Ctrl-K", "cut to the end of the line"),
        ("↑↓", "earlier lines you typed"),
        ("", ""),
        ("edit", "at an exercise: open your file in $VISUAL or $EDITOR"),
        ("check", "run the exercise's checks (again on every save)"),
        ("write", "type the file here (Ctrl-D saves and checks)"),
        ("courses", "choose another course"),
        ("learner <name>", "learn as another profile (asks first)"),
        ("quit, Ctrl-C", "leave (progress is saved)"),
    ]

    /// The help overlay: keys and the chat's own commands, then the daemon's command table.
    var helpText: [String] {
        let commands = daemonCommands.isEmpty ? [] : [("", "")] + daemonCommands.map { ($0.usage, $0.summary) }
        let rows = Self.helpKeys + commands
        // The keys' column; a longer usage (`leaderboard [course] ...`) pushes its own row only.
        let column = Self.helpKeys.map { DisplayWidth.of($0.0) }.max() ?? 0
        var text = ["tutor: keys and commands", ""]
        text += rows.map { $0.0.isEmpty && $0.1.isEmpty ? "" : ReplyTables.pad($0.0, to: column) + "  " + $0.1 }
        if daemonCommands.isEmpty { text += ["", "(tutord's commands show here once it answers)"] }
        return text + ["", "↑↓ scroll this help; any other key closes it"]
    }

    /// An overlay drawn over the screen, all of it (the transcript under it holds the same text,
    /// and showing through it read as duplicates): scrolled by `overlayOffset`, with a marker
    /// when there is more below.
    private mutating func draw(_ overlay: Overlay, on lines: [StyledLine], width: Int) -> [StyledLine] {
        var text: [String]
        switch overlay {
        case .help: text = helpText
        case .text(let entries): text = entries.map { ($0.kind == .row ? "  " : "") + $0.text }
        }
        // Wrapped, not cut: a long "worth another look" line is read in full.
        text = text.flatMap { RowWrapper.wrapRow($0, width: width - 1) }
        var result = lines.map { _ in StyledLine("", .overlay) }
        let room = max(1, lines.count)
        overlayOffset = min(overlayOffset, max(0, text.count - room))
        var shown = Array(text[overlayOffset..<min(text.count, overlayOffset + room)])
        let more = text.count - overlayOffset - shown.count
        if more > 0 {
            shown[shown.count - 1] = "↓ \(more + 1) more lines: ↑↓ scroll, any other key closes"
        }
        let start = max(0, (lines.count - shown.count) / 2)
        for (index, row) in shown.enumerated() where start + index < result.count {
            result[start + index] = StyledLine(fit(" " + row, width), .overlay)
        }
        return result
    }
}

/// Cuts `text` to at most `width` columns, with `…` when something was cut.
func fit(_ text: String, _ width: Int) -> String {
    cut(text, width, marker: "…")
}

/// Cuts preformatted text (code, table rows) with `→`: there is more to the right.
func clip(_ text: String, _ width: Int) -> String {
    cut(text, width, marker: "→")
}

private func cut(_ text: String, _ width: Int, marker: String) -> String {
    guard DisplayWidth.of(text) > width else { return text }
    var result = ""
    var used = 0
    for character in text {
        let w = DisplayWidth.of(character)
        if used + w > width - 1 { break }
        result.append(character)
        used += w
    }
    return result + marker
}
