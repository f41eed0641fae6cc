/// Which inputs may store rows that grow with every try.
extension Conversation {
    /// Whether `respond(to: input)` may record an answer or grade a review card: rows the store
    /// adds with every try, unlike the position, which a step overwrites. Only a question that
    /// waits for its answer records anything, and only a line that may be taken as the answer,
    /// or `skip`, which reveals the answer and grades the card (an empty line is no answer). It
    /// may say `true` for a line that then records nothing (an option number out of range only
    /// gets a nudge); it never says `false` for one that records. The daemon's limits on a learner's writes ask it
    /// before the conversation moves, so a refused line leaves the conversation as it was.
    public func mayRecord(_ input: String) -> Bool {
        guard awaiting == .answer else { return false }
        switch LearnerInput(input) {
        // An empty line at a quiz only gets a nudge: Enter is never refused.
        case .text(let text): return !text.allSatisfy(\.isWhitespace)
        case .skip: return true
        case .help, .repeatStep, .back, .hint, .solution, .lessons, .progress, .restart, .stop, .goto, .review, .ask: return false
        }
    }

    /// Whether `respond(answer:)` may record an answer: whenever a question waits for one.
    public var mayRecordAnswer: Bool { awaiting == .answer }
}
