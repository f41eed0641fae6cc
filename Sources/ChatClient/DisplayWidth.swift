/// How many terminal columns text takes: wide characters (CJK, emoji) two, combining marks
/// and other zero-width scalars nothing, everything else one. Counted per grapheme cluster, so
/// `é` written as `e` + U+0301 is one column and `♻️` (with its emoji variation selector) two.
public enum DisplayWidth {
    /// Columns of one grapheme cluster (what the learner sees as one character).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // An emoji presentation selector or an emoji sequence makes the cluster a wide emoji.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        if scalars.count > 1 && scalars.contains(where: { $0.value == 0x200D }) && first.properties.isEmoji { return 2 }
        return width(of: first)
    }

    /// Columns of a string.
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }  // controls are never drawn raw
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (UAX #11), coarsely: enough for CJK text.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
