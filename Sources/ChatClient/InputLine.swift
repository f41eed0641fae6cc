/// The line the learner types: editing keys and a history, as in a shell.
///
/// The cursor is an index in grapheme clusters, so moving and deleting always act on whole
/// characters the learner sees. The line holds at most ``limit`` bytes of UTF-8: the daemon
/// discards a longer request line, so a paste is cut where the daemon would refuse it
/// (``wasCut`` says so), and every edit costs work in proportion to what it changes.
public struct InputLine: Sendable, Equatable {
    /// The daemon's default request line limit (`tutord --max-line-bytes`).
    public static let defaultLimit = 4096

    public private(set) var characters: [Character] = []
    /// UTF-8 bytes in `characters`, kept as they change (never counted again from the start).
    public private(set) var byteCount = 0
    public var limit = InputLine.defaultLimit
    /// The last insertion was cut at ``limit`` (until something is deleted).
    public private(set) var wasCut = false
    /// Cursor position: 0 is before the first character.
    public private(set) var cursor = 0
    private var history: [String] = []
    /// Position while browsing the history (`history.count` is the line being edited).
    private var historyIndex = 0
    private var draft: [Character] = []

    public init() {}

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts at the cursor what fits under ``limit``; the rest is dropped and ``wasCut`` set.
    public mutating func insert(_ text: String) {
        var added: [Character] = []
        var addedBytes = 0
        wasCut = false
        for character in text where DisplayWidth.of(character) > 0 || character == " " {
            let size = character.utf8.count
            if byteCount + addedBytes + size > limit {
                wasCut = true
                break
            }
            added.append(character)
            addedBytes += size
        }
        // One insertion of the whole run: a paste moves the characters after the cursor once.
        characters.insert(contentsOf: added, at: cursor)
        cursor += added.count
        byteCount += addedBytes
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Backspace: deletes the character before the cursor.
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        remove(cursor - 1..<cursor)
        cursor -= 1
    }

    /// Delete: deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        remove(cursor..<cursor + 1)
    }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func deleteToStart() {
        remove(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    public mutating func deleteToEnd() {
        remove(cursor..<characters.count)
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && characters[start - 1] == " " { start -= 1 }
        while start > 0 && characters[start - 1] != " " { start -= 1 }
        remove(start..<cursor)
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
        byteCount = 0
        cursor = 0
        wasCut = false
        return line
    }

    private mutating func remove(_ range: Range<Int>) {
        byteCount -= characters[range].reduce(0) { $0 + $1.utf8.count }
        characters.removeSubrange(range)
        wasCut = false
    }

    private mutating func show(_ line: [Character]) {
        characters = line
        byteCount = line.reduce(0) { $0 + $1.utf8.count }
        cursor = line.count
    }
}
