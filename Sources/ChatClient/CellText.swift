/// Text as ncurses will place it: each grapheme cluster rewritten, where needed, so that the
/// width ncurses gives it (the sum of `wcwidth` over its scalars) is the width ``DisplayWidth``
/// gives it. The screen model lays lines out with ``DisplayWidth``; if ncurses counted a
/// cluster differently, everything after it on the line would be drawn out of place.
///
/// Where the two disagree:
/// - an emoji made wide by its presentation selector (`♻️`, `❤️`, `⚠️`, keycaps such as `1️⃣`):
///   ncurses counts 1, we count 2. Drawn as its base character in text presentation plus a
///   space, which every terminal and ncurses agree is 2 columns.
/// - emoji modifier and ZWJ sequences (`👍🏽`, `👨‍👩‍👧`): ncurses counts every part, we count the
///   one glyph terminals draw (2). Drawn as the first emoji alone.
/// - a character our coarse East Asian table misses: drawn as U+FFFD and padding.
public enum CellText {
    /// `text`, cluster by cluster, in forms whose `wcwidth` sum is their ``DisplayWidth``.
    /// - Parameter wcwidth: the C library's `wcwidth` (what ncurses uses), injected so this
    ///   stays pure; negative for unprintable.
    public static func drawable(_ text: String, wcwidth: (Unicode.Scalar) -> Int) -> String {
        var out = ""
        for cluster in text {
            out += drawable(cluster, wcwidth: wcwidth)
        }
        return out
    }

    static func drawable(_ cluster: Character, wcwidth: (Unicode.Scalar) -> Int) -> String {
        let wanted = DisplayWidth.of(cluster)
        guard wanted > 0 else { return "" }  // zero-width leftovers: nothing to place
        let scalars = cluster.unicodeScalars
        if cells(scalars, wcwidth) == wanted { return String(cluster) }
        // The base character alone (without selector, modifier or joined parts), padded.
        if let base = scalars.first {
            let width = max(0, wcwidth(base))
            if width > 0, width <= wanted {
                return String(base) + String(repeating: " ", count: wanted - width)
            }
        }
        return "\u{FFFD}" + String(repeating: " ", count: max(0, wanted - 1))
    }

    static func cells(_ scalars: Character.UnicodeScalarView, _ wcwidth: (Unicode.Scalar) -> Int) -> Int {
        scalars.reduce(0) { $0 + max(0, wcwidth($1)) }
    }
}
