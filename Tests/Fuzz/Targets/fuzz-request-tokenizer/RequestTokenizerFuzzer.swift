import LineProtocol

/// libFuzzer entry point: one request line through ``RequestTokenizer``.
///
/// Properties checked beyond "does not trap": a line either splits into words or fails with
/// `bad-request`; the words, each `quoted`, split back into the
/// same words; and `commandWord` is the first word of a line whose first word is unquoted.
@_cdecl("LLVMFuzzerTestOneInput")
public func requestTokenizerFuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    // The server hands the tokenizer one line of valid UTF-8 with no `\n`.
    guard let text = String(validating: bytes, as: UTF8.self), !text.contains("\n") else { return 0 }
    let line = Substring(text)
    let words: [String]
    do {
        words = try RequestTokenizer.words(line)
    } catch {
        precondition(error.code == .badRequest, "tokenizer failed with \(error.code)")
        return 0
    }
    let quoted = words.map(RequestTokenizer.quoted).joined(separator: " ")
    let again = try? RequestTokenizer.words(Substring(quoted))
    precondition(again == words, "re-quoted words split differently: \(words) → \(String(describing: again))")
    let firstScalar = line.unicodeScalars.first { $0 != " " && $0 != "\t" }
    if let first = words.first, firstScalar != "\"" {
        precondition(String(RequestTokenizer.commandWord(line)) == first, "commandWord disagrees with words")
    }
    return 0
}
