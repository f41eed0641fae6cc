/// Which lesson an author is editing, from two versions of a course file: the lesson whose
/// lines hold the last line that changed. Read from the text, not the parsed course, which
/// keeps no line numbers.
enum EditedLesson {
    /// The id of the lesson holding the last line of `new` that differs from `old`; nil when
    /// nothing changed or the change is above the first lesson (the course header).
    static func id(old: String, new: String) -> String? {
        let before = lines(old), after = lines(new)
        guard let line = lastChangedLine(old: before, new: after) else { return nil }
        return lesson(atLine: line, in: after)
    }

    /// The 1-based number of the last line of `new` that differs from `old`, or, when lines were
    /// only removed, of the line above the removal; nil when the two are equal.
    static func lastChangedLine(old: [Substring], new: [Substring]) -> Int? {
        guard old != new else { return nil }
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let end = new.count - suffix  // the changed lines of `new` are prefix..<end
        return end > prefix ? end : max(prefix, 1)
    }

    /// The id of the lesson whose lines hold line `number` (1-based): the last `lesson <id>`
    /// line at or above it, outside code blocks.
    static func lesson(atLine number: Int, in lines: [Substring]) -> String? {
        var found: String?
        var inCode = false
        for line in lines.prefix(number) {
            if line.drop(while: { $0 == " " }).hasPrefix("```") {
                inCode.toggle()
            } else if !inCode, line.hasPrefix("lesson ") {
                found = line.dropFirst("lesson ".count).split(separator: " ").first.map(String.init)
            }
        }
        return found
    }

    static func lines(_ text: String) -> [Substring] {
        // "\r\n" is one Character in Swift: a split on "\n" alone would miss it.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
