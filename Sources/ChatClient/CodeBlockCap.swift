/// How much of a code block the chat keeps in its transcript: the first ``limit`` lines, then
/// one line saying how many more there are. The transcript is wrapped again on every key, so
/// a starter of 50,000 lines would cost a second a keystroke (and 600,000 never drew); the
/// whole of it is still the learner's file, for `edit`. On the wire a block is a run of
/// `code:` turns, one line each, so the cap counts across turns until a turn of another kind.
struct CodeBlockCap: Sendable, Equatable {
    static let limit = 200

    private var shown = 0
    /// The block's lines not shown so far.
    private(set) var hidden = 0

    /// A turn that is not code: the next code turn starts a new block.
    mutating func end() {
        shown = 0
        hidden = 0
    }

    /// How many of `count` more lines of the block to show (the first ones); the rest are
    /// counted in ``hidden``.
    mutating func admit(_ count: Int) -> Int {
        let admitted = min(count, max(0, Self.limit - shown))
        shown += admitted
        hidden += count - admitted
        return admitted
    }

    /// What the transcript says of the hidden lines.
    var note: String { "… \(hidden) more line\(hidden == 1 ? "" : "s") not shown" }
}
