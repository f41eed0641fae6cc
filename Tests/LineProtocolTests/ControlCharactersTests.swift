import Testing
@testable import LineProtocol

/// The word-at-a-time scan for control characters finds exactly what a byte-by-byte scan
/// finds: a miss would let a control reach a terminal.
@Suite struct ControlCharactersTests {
    static func byteScan(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
    }

    /// Every byte value at every position of 1 to 17 bytes of otherwise plain text (so each
    /// lands in a whole word and in the tail), and one word around each of 0x1F, 0x20, 0x7E,
    /// 0x80, 0xC1 and 0xC3 next to each other.
    @Test func everyByteAtEveryPositionIsFound() {
        for length in 1...17 {
            for position in 0..<length {
                for value in UInt8(0)...UInt8(255) {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = value
                    let word = bytes.count >= 8 ? bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } : nil
                    if let word {
                        #expect(ControlCharacters.wordMayHoldControl(word) == Self.byteScan(Array(bytes.prefix(8))), "\(bytes)")
                    }
                }
            }
        }
        for value in [UInt8(0x1F), 0x20, 0x7E, 0x7F, 0x80, 0xC1, 0xC2, 0xC3, 0xFF] {
            for neighbour in [UInt8(0x1F), 0x20, 0x7E, 0x80, 0xC1, 0xC3, 0xFF] {
                let bytes = [neighbour, value, neighbour, neighbour, value, neighbour, neighbour, neighbour]
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(ControlCharacters.wordMayHoldControl(word) == Self.byteScan(bytes), "\(bytes)")
            }
        }
    }

    /// Whole strings, valid UTF-8 of every length up to a few words, with and without controls.
    @Test func stringsAreScannedAsByteByByte() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", " ", "é", "€", "🔒", "\t", "\n", "\u{7F}", "\u{85}", "\u{9B}", "\u{A0}", "\u{1B}", "\u{00}", "Â"]
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...40, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<count { scalars.append(alphabet.randomElement(using: &generator)!) }
            let text = String(scalars)
            #expect(ControlCharacters.mayContainControl(text) == Self.byteScan(Array(text.utf8)), "\(text.debugDescription)")
        }
    }
}
