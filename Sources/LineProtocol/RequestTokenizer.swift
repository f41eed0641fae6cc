/// Splits a request line into words, by the rules MPD uses: words are separated by spaces or
/// tabs; a word in double quotes may contain spaces, and inside quotes a backslash makes the
/// next character literal (`"say \"hi\""`).
///
/// The line is read as Unicode scalars, not as characters: a combining mark after a space or a
/// quote (`" \u{301}"`) would otherwise join it into one character and hide the separator.
public enum RequestTokenizer {
    public static func words(_ line: Substring) throws(ProtocolError) -> [String] {
        try words(line, thenText: nil)
    }

    /// The first `leading` words of a line by the rules of ``words(_:)``, then the rest of the
    /// line as typed (quotes not special; separators before it dropped) as one more word if it
    /// is not empty: for a command whose last argument is the learner's own text (`answer`).
    public static func words(_ line: Substring, thenText leading: Int?) throws(ProtocolError) -> [String] {
        let scalars = line.unicodeScalars
        var words: [String] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if isSeparator(scalar) {
                index = scalars.index(after: index)
                continue
            }
            if let leading, words.count == leading {
                words.append(String(scalars[index...]))
                break
            }
            if scalar == "\"" {
                var word = String.UnicodeScalarView()
                index = scalars.index(after: index)
                var closed = false
                while index < scalars.endIndex {
                    let inner = scalars[index]
                    if inner == "\\" {
                        index = scalars.index(after: index)
                        guard index < scalars.endIndex else { break }
                        word.append(scalars[index])
                    } else if inner == "\"" {
                        closed = true
                        index = scalars.index(after: index)
                        break
                    } else {
                        word.append(inner)
                    }
                    index = scalars.index(after: index)
                }
                guard closed else {
                    throw ProtocolError(.badRequest, "unterminated quoted argument")
                }
                if index < scalars.endIndex, !isSeparator(scalars[index]) {
                    throw ProtocolError(.badRequest, "a quoted argument must be followed by a space")
                }
                words.append(String(word))
            } else {
                let start = index
                while index < scalars.endIndex, !isSeparator(scalars[index]) {
                    if scalars[index] == "\"" {
                        throw ProtocolError(.badRequest, "a quote may only start an argument")
                    }
                    index = scalars.index(after: index)
                }
                words.append(String(scalars[start..<index]))
            }
        }
        return words
    }

    /// The first word of a line, as typed (callers lowercase it): what decides whether the line
    /// is a command.
    public static func commandWord(_ line: Substring) -> Substring {
        let scalars = line.unicodeScalars
        let start = scalars.firstIndex(where: { !isSeparator($0) }) ?? scalars.endIndex
        let end = scalars[start...].firstIndex(where: isSeparator) ?? scalars.endIndex
        return Substring(scalars[start..<end])
    }

    /// A word quoted so that ``words(_:)`` reads it back whole: in double quotes, with `"` and
    /// `\\` escaped. Escapes are found by scalar, like the tokenizer reads them (a `\\` followed
    /// by a combining mark is one character but two scalars).
    public static func quoted(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in word.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.append("\\") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }
}
