/// What of a learner's answer is stored: the answer is judged on all of it (in memory, before
/// anything is stored), but the `answer` and `review_log` rows keep at most
/// ``maxScalars`` Unicode scalars of it, so a learner cannot make the store hold a line as long
/// as `--max-line-bytes` with every try. A longer answer keeps its first `maxScalars - 1`
/// scalars and ends with ``cutMark``, so a reader of `export` sees that it was cut.
public enum StoredAnswerText {
    /// 256 scalars: far above any answer a quiz expects (an option number, a name, a line of
    /// code), and at most 1 KiB of UTF-8.
    public static let maxScalars = 256
    /// Ends an answer that was cut.
    public static let cutMark: Unicode.Scalar = "…"

    /// `text` as stored: whole if it is short enough, else cut between scalars (never inside
    /// one: the result is valid UTF-8), with the mark.
    public static func capped(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > maxScalars else { return text }
        var kept = String.UnicodeScalarView(scalars.prefix(maxScalars - 1))
        kept.append(cutMark)
        return String(kept)
    }
}
