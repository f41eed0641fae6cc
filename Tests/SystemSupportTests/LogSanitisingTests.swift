import Testing
@testable import SystemSupport

/// Log lines: whatever a message carries (a course file name, a learner's profile), nothing
/// in a line can move a terminal's cursor or start a new line.
@Suite struct LogSanitisingTests {
    @Test func c0DelAndC1ControlsBecomeSpaces() {
        #expect("course\u{9B}31mred.dialogue".replacingControlCharacters() == "course 31mred.dialogue")
        #expect("two\nlines\u{1B}[2J\u{7F}\u{85}end".replacingControlCharacters() == "two lines [2J  end")
        #expect("tab\tand ✓ stay readable".replacingControlCharacters() == "tab and ✓ stay readable")
    }
}
