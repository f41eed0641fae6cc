import CourseImport
import Dialogue

/// libFuzzer entry point: bytes as a copied NerdSip page through the importer, and what it
/// writes through the dialogue parser.
///
/// Properties checked beyond "does not trap": a page that is refused names a line of the page;
/// a page that is imported gives a course text whose warnings name lines of the page, and which
/// the parser reads without trapping (a course, or diagnostics that say why not).
@_cdecl("LLVMFuzzerTestOneInput")
public func nerdSipImportFuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).count
    do {
        let result = try NerdSipImporter().importPage(text)
        for warning in result.warnings {
            precondition((1...max(1, lineCount)).contains(warning.line), "warning on line \(warning.line) of \(lineCount)")
        }
        precondition(!result.courseID.isEmpty || result.dialogue.hasPrefix("#"), "no course id")
        _ = DialogueParser().parse(result.dialogue, file: "imported.dialogue", lint: true)
    } catch {
        precondition((1...max(1, lineCount)).contains(error.line), "error on line \(error.line) of \(lineCount): \(error)")
    }
    return 0
}
