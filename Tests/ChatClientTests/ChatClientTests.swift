import Testing
@testable import ChatClient

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("e\u{301}", 1), ("漢", 2), ("한", 2), ("🔒", 2), ("♻️", 2), ("🗂️", 2),
        ("👩‍💻", 2), ("\u{200B}", 0), ("\u{1B}", 0), (" ", 1), ("・", 2), ("ｱ", 1),
    ])
    func characters(_ text: String, _ width: Int) {
        #expect(DisplayWidth.of(Character(text)) == width)
    }

    @Test func strings() {
        #expect(DisplayWidth.of("Lesson 1/10 🔒 The GIL") == 22)
        #expect(DisplayWidth.of("漢字 and e\u{301}") == 10)
    }
}

@Suite struct TextWrapperTests {
    @Test func wrapsAtSpaces() {
        #expect(TextWrapper.wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
    }

    @Test func longWordsAreCutBetweenCharacters() {
        #expect(TextWrapper.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func wideCharactersNeverOverhang() {
        // Each CJK character takes 2 columns: 5 columns hold two of them, never two and a half.
        let lines = TextWrapper.wrap("漢字漢字漢字", width: 5)
        #expect(lines == ["漢字", "漢字", "漢字"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 5 })
    }

    @Test func emojiAndCombiningMarksStayWhole() {
        let text = "♻️♻️♻️ cafe\u{301} cafe\u{301}"
        for width in 1...12 {
            let lines = TextWrapper.wrap(text, width: width)
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "width \(width)")
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= max(width, 2) }, "width \(width)")
        }
    }

    @Test func keepsParagraphsAndEmptyText() {
        #expect(TextWrapper.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(TextWrapper.wrap("", width: 5) == [""])
    }
}

@Suite struct InputLineTests {
    @Test func editing() {
        var line = InputLine()
        line.insert("hello world")
        line.moveLeft()
        line.moveLeft()
        line.insert("X")
        #expect(line.text == "hello worXld")
        line.moveHome()
        line.deleteForward()
        #expect(line.text == "ello worXld")
        line.moveEnd()
        line.deleteBackward()
        #expect(line.text == "ello worXl")
        line.deleteWordBackward()
        #expect(line.text == "ello ")
        line.insert("wide 漢")
        #expect(line.text == "ello wide 漢")
        line.deleteToStart()
        #expect(line.text.isEmpty && line.cursor == 0)
    }

    @Test func editsWholeCharacters() {
        var line = InputLine()
        line.insert("cafe\u{301}🔒")
        line.deleteBackward()
        #expect(line.text == "cafe\u{301}")
        line.deleteBackward()
        #expect(line.text == "caf")
    }

    @Test func dropsControlCharacters() {
        var line = InputLine()
        line.insert("a\u{1B}[2Jb\u{7}")
        #expect(line.text == "a[2Jb")
    }

    @Test func history() {
        var line = InputLine()
        line.insert("first")
        #expect(line.submit() == "first")
        line.insert("second")
        _ = line.submit()
        line.insert("draft")
        line.historyBack()
        #expect(line.text == "second")
        line.historyBack()
        #expect(line.text == "first")
        line.historyBack()
        #expect(line.text == "first")
        line.historyForward()
        line.historyForward()
        #expect(line.text == "draft")
        #expect(line.submit() == "draft")
        #expect(line.submit() == "")  // an empty line (continue) is not remembered
    }
}
