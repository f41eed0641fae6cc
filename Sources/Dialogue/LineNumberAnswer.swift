/// The line a free-text answer names, for questions answered with a line number ("which line
/// does `tutord check` report?"): `6`, `line 6`, `line6`, `l6`, `ln 6`, `row 6`, `#6`,
/// `line number 6`, `on line 6`, `the 6th line`, `sixth`, `06` all name line 6. Learners write
/// a line in many ways, and a course cannot list them all; a right idea in another spelling
/// must not cost a try.
///
/// `key` is an ``answerKey(_:)`` (lowercase, spaces collapsed, wrapping punctuation gone).
/// Returns the number as digits without leading zeros, or nil when the answer is not a line.
public func lineNumber(inAnswerKey key: String) -> String? {
    var words = key.split(separator: " ").map(String.init)
    while let first = words.first, ["on", "at", "in", "the", "it's", "its", "it", "is"].contains(first) { words.removeFirst() }
    if let last = words.last, last == "line" || last == "row", words.count > 1 { words.removeLast() }
    var text = words.joined(separator: " ")
    for prefix in ["line number", "line no", "line #", "line", "ln", "row", "l", "#", "no", "number"] where text.hasPrefix(prefix) {
        let rest = text.dropFirst(prefix.count)
        if rest.first == " " || rest.first == "#" || rest.first.map({ $0.isNumber }) == true || LineWords.numberWords[String(rest.drop { $0 == " " })] != nil {
            text = String(rest.drop { $0 == " " || $0 == "#" || $0 == "." })
            break
        }
    }
    if let number = LineWords.numberWords[text] { return String(number) }
    var digits = Substring(text)
    for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) { digits = digits.dropLast(2); break }
    guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
    return String(number)
}

private enum LineWords {
    /// Cardinal and ordinal words up to twenty ("six", "sixth").
    static let numberWords: [String: Int] = {
        let cardinals = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
        let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
                        "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
        var words: [String: Int] = [:]
        for (index, word) in cardinals.enumerated() { words[word] = index + 1 }
        for (index, word) in ordinals.enumerated() { words[word] = index + 1 }
        return words
    }()
}
