import Dialogue

/// libFuzzer entry point: bytes as a course file through the parser and the validator.
///
/// Properties checked beyond "does not trap": a course comes out exactly when there is no
/// error; diagnostics are in file order and point at a line of the file; a course that comes
/// out has lessons and every lesson has steps.
@_cdecl("LLVMFuzzerTestOneInput")
public func dialogueParserFuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let result = DialogueParser().parse(bytes, file: "fuzz.dialogue")
    let hasErrors = result.diagnostics.contains { $0.severity == .error }
    precondition((result.course == nil) == hasErrors, "a course with errors, or no course and no error")
    let lineCount = bytes.count { $0 == 0x0A } + 1
    var previous = (line: 0, column: 0)
    for diagnostic in result.diagnostics {
        precondition((1...lineCount).contains(diagnostic.line), "line \(diagnostic.line) of \(lineCount): \(diagnostic)")
        precondition(diagnostic.column >= 1, "column \(diagnostic.column): \(diagnostic)")
        precondition(previous <= (diagnostic.line, diagnostic.column), "diagnostics out of order")
        previous = (diagnostic.line, diagnostic.column)
        _ = diagnostic.description
    }
    if let course = result.course {
        precondition(!course.lessons.isEmpty, "a course without lessons")
        for lesson in course.lessons {
            precondition(!lesson.steps.isEmpty, "lesson \(lesson.id) has no steps")
        }
    }
    return 0
}
