/// Splits a request line into words, by the rules MPD uses: words are separated by spaces or
/// tabs; a word in double quotes may contain spaces, and inside quotes a backslash makes the
/// next character literal (`"say \"hi\""`).
public enum RequestTokenizer {
    public static func words(_ line: Substring) throws(ProtocolError) -> [String] {
        var words: [String] = []
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == " " || character == "\t" {
                index = line.index(after: index)
                continue
            }
            if character == "\"" {
                var word = ""
                index = line.index(after: index)
                var closed = false
                while index < line.endIndex {
                    let inner = line[index]
                    if inner == "\\" {
                        index = line.index(after: index)
                        guard index < line.endIndex else { break }
                        word.append(line[index])
                    } else if inner == "\"" {
                        closed = true
                        index = line.index(after: index)
                        break
                    } else {
                        word.append(inner)
                    }
                    index = line.index(after: index)
                }
                guard closed else {
                    throw ProtocolError(.badRequest, "unterminated quoted argument")
                }
                if index < line.endIndex, line[index] != " ", line[index] != "\t" {
                    throw ProtocolError(.badRequest, "a quoted argument must be followed by a space")
                }
                words.append(word)
            } else {
                let start = index
                while index < line.endIndex, line[index] != " ", line[index] != "\t" {
                    if line[index] == "\"" {
                        throw ProtocolError(.badRequest, "a quote may only start an argument")
                    }
                    index = line.index(after: index)
                }
                words.append(String(line[start..<index]))
            }
        }
        return words
    }

    /// The first word of a line, as typed (callers lowercase it): what decides whether the line
    /// is a command.
    public static func commandWord(_ line: Substring) -> Substring {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        return trimmed.prefix(while: { $0 != " " && $0 != "\t" })
    }
}
