import Foundation
import Testing

/// `tutord check` on a course whose exercise is broken: it says so, once, and nothing the
/// exercise's code prints can rewrite the author's terminal.
@Suite struct CourseCheckEndToEndTests {
    /// A course whose model solution fails its check with a message full of escape sequences
    /// (Python makes them from `\x1b` at run time, so the course file itself holds none).
    static let brokenCourse = #"""
        course broken
        title: Broken
        level: beginner
        summary: An exercise whose model solution fails.

        lesson one
        title: One
        > A beat.
        exercise esc
        task: Write `f`.
        file: esc.py
        starter:
        ```python
        f = None
        ```
        check: f is callable
        ```python
        raise AssertionError("\x1b[2J\x1b[H you passed! \x9b31m")
        ```
        hint: Define it.
        solution:
        ```python
        def f():
            pass
        ```

        question q
        ask: Which?
        + This one.
        - That one.
        explain: Because.
        hint: This.

        takeaway: Check your exercises.
        """#

    @Test func aFailingModelSolutionIsReportedWithoutItsEscapesAndTheCourseIsNotOK() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.dialogue").path
        try Self.brokenCourse.write(toFile: file, atomically: true, encoding: .utf8)

        let (status, output) = try runTutord(["check", file])
        #expect(status == 1)
        #expect(output.contains("the model solution fails the check \"f is callable\""), "\(output)")
        #expect(output.contains("you passed!"), "the check's message is shown: \(output)")
        #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" }, "a control character reached the terminal: \(output.debugDescription)")
        #expect(!output.contains(": ok: course"), "a course that failed its check was called ok: \(output)")
    }
}
