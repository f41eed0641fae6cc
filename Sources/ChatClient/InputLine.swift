/// The line the learner types: editing keys and a history, as in a shell.
///
/// The cursor is an index in grapheme clusters, so moving and deleting always act on whole
/// characters the learner sees.
public struct InputLine: Sendable, Equatable {
    public private(set) var characters: [Character] = []
    /// Cursor position: 0 is before the first character.
    public private(set) var cursor = 0
    private var history: [String] = []
    /// Position while browsing the history (`history.count` is the line being edited).
    private var historyIndex = 0
    private var draft: [Character] = []

    public init() {}

    public var text: String { String(characters) }

    public mutating func insert(_ text: String) {
        for character in text where DisplayWidth.of(character) > 0 || character == " " {
            characters.insert(character, at: cursor)
            cursor += 1
        }
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Backspace: deletes the character before the cursor.
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Delete: deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    public mutating func deleteToEnd() {
        characters.removeSubrange(cursor...)
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && characters[start - 1] == " " { start -= 1 }
        while start > 0 && characters[start - 1] != " " { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Up: the previous line from the history (the current draft is kept).
    public mutating func historyBack() {
        guard historyIndex > 0 else { return }
        if historyIndex == history.count { draft = characters }
        historyIndex -= 1
        show(Array(history[historyIndex]))
    }

    /// Down: the next line from the history, and finally the draft again.
    public mutating func historyForward() {
        guard historyIndex < history.count else { return }
        historyIndex += 1
        show(historyIndex == history.count ? draft : Array(history[historyIndex]))
    }

    /// Enter: returns the line, remembers it (unless empty or a repeat), clears the input.
    public mutating func submit() -> String {
        let line = text
        if !line.isEmpty && history.last != line { history.append(line) }
        historyIndex = history.count
        draft = []
        characters = []
        cursor = 0
        return line
    }

    private mutating func show(_ line: [Character]) {
        characters = line
        cursor = line.count
    }
}
