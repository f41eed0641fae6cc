import CTutordSystem
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import ChatClient

/// The client's widths and ncurses' (glibc's `wcwidth`) agree on every cluster drawn.
@Suite struct CellTextTests {
    /// glibc's wcwidth in a UTF-8 locale, as `tutor` runs it.
    static let wcwidth: @Sendable (Unicode.Scalar) -> Int = {
        setlocale(LC_CTYPE, "C.UTF-8")
        return { Int(csystem_wcwidth($0.value)) }
    }()

    static let samples: [Character] = ["a", "é", "e\u{301}", "漢", "🔒", "🎭", "♻️", "❤️", "⚠️", "1️⃣", "☕", "👍🏽",
                                       "👨‍👩‍👧", "✓", "▸", "·", "─", "│", "…", "\u{FFFD}"]

    /// The clusters where the two sources differ, pinned: a change to either shows up here.
    @Test func theClustersWhereTheWidthsDifferArePinned() {
        let differing = Self.samples.filter { DisplayWidth.of($0) != CellText.cells($0.unicodeScalars, Self.wcwidth) }
        #expect(differing == ["♻️", "❤️", "⚠️", "1️⃣", "👍🏽", "👨‍👩‍👧"])
    }

    @Test func everyClusterIsDrawnInAFormOfItsOwnWidth() {
        for cluster in Self.samples {
            let drawn = CellText.drawable(cluster, wcwidth: Self.wcwidth)
            let cells = drawn.unicodeScalars.reduce(0) { $0 + max(0, Self.wcwidth($1)) }
            #expect(cells == DisplayWidth.of(cluster), "\(cluster) drawn as \(drawn.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(CellText.drawable("♻️ GC", wcwidth: Self.wcwidth) == "♻  GC")
        #expect(CellText.drawable("🔒 The GIL", wcwidth: Self.wcwidth) == "🔒 The GIL")
        #expect(CellText.drawable("👍🏽!", wcwidth: Self.wcwidth) == "👍!")
    }
}
