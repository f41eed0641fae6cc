/// The one definition of a control character, for everything that reaches a terminal or a log:
/// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F, which includes the one-character
/// CSI, U+009B). Replies, the client's screen, request checks and log lines all use it.
public enum ControlCharacters {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` with each control replaced by `replacement`, and each tab by a space.
    public static func replacing(in text: String, with replacement: Unicode.Scalar) -> String {
        guard mayContainControl(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                scalars.append(" ")
            } else {
                scalars.append(isControl(scalar) ? replacement : scalar)
            }
        }
        return String(scalars)
    }

    /// A fast byte scan (on the hot path for every reply value): C0 and DEL are single bytes
    /// below 0x20 or 0x7F, and C1 starts with 0xC2; a false positive only costs the slow path.
    /// Eight bytes at a time (a reply's values are most of what the daemon writes).
    static func mayContainControl(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var offset = 0
            while offset + 8 <= raw.count {
                if Self.wordMayHoldControl(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
                offset += 8
            }
            return raw[offset...].contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
        }
    }

    /// Whether any byte of `word` is below 0x20, 0x7F or 0xC2: the bit tricks "has a byte less
    /// than n" and "has a zero byte" (of the word XORed with the byte searched for), each exact
    /// for the question whether any byte does.
    static func wordMayHoldControl(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZeroByte(word ^ (ones &* 0x7F)) || hasZeroByte(word ^ (ones &* 0xC2))
    }
}
