import Foundation
import Testing
@testable import ChatClient

/// A pasted 5 KB line froze the chat for 20 s of CPU (every key and every
/// redraw measured the whole line again, once per character) and the daemon then discarded it.
@Suite struct InputLimitTests {
    @Test func aPasteIsCutAtTheDaemonsLineLimitAndSaysSo() {
        var screen = ChatScreen()
        _ = screen.handle(.text(String(repeating: "x", count: 5_000)))
        #expect(screen.input.byteCount == InputLine.defaultLimit)
        #expect(screen.input.text.utf8.count == 4096)
        let footer = screen.render(width: 100, height: 20).lines[18].text
        #expect(footer.hasPrefix("The line is full: tutord takes 4096 bytes at most"))
        _ = screen.handle(.backspace)
        #expect(!screen.render(width: 100, height: 20).lines[18].text.hasPrefix("The line is full"))
    }

    @Test func theCutNeverSplitsACharacter() {
        var line = InputLine()
        line.limit = 5
        line.insert("aé🔒")  // 1 + 2 + 4 bytes: the lock does not fit
        #expect(line.text == "aé" && line.byteCount == 3 && line.wasCut)
        line.insert("bc")
        #expect(line.text == "aébc" && line.byteCount == 5 && !line.wasCut)
        line.deleteWordBackward()
        #expect(line.byteCount == 0)
    }

    /// Key by key, as a terminal delivers a paste, with a redraw after each key: the line is
    /// capped and the cursor drawn where it belongs. How fast that is (it was quadratic) is a
    /// speed figure: `tutord-bench paste`, in docs/benchmarks.md, not a timed test.
    @Test func aFiveKilobytePasteKeyByKeyIsCapped() {
        var screen = ChatScreen()
        for _ in 0..<5_000 {
            _ = screen.handle(.text("y"))
            _ = screen.render(width: 80, height: 24)
        }
        #expect(screen.input.byteCount == 4096)
        let frame = screen.render(width: 80, height: 24)
        #expect(frame.cursorColumn == 79)
    }
}
