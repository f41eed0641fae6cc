/// Every kind of payload line there is, by its wire key (the text-mode `key:` and the JSON
/// `type`): the one list of the reply vocabulary.
///
/// ``Turn/kind`` and ``Payload/kind`` map values to it, and both decoders and the contract test
/// switch over it with no `default`, so a new ``Turn`` or ``Payload`` case does not compile until
/// it has a kind here, and a new kind does not compile until the encoder, both decoders and the
/// contract test handle it (docs/architecture.md describes the experiment).
public enum PayloadKind: String, CaseIterable, Sendable {
    // Conversation turns (``Turn``).
    case course, lesson, tutor, nudge, code, takeaway, quiz, option, exercise, offer, verdict, feedback
    case explanation = "explain"
    case hint, xp, toc, progress, summary, help, missed, elapsed, review, due, reviews, answer, cite, standing, expect
    // The other payloads (``Payload``).
    case command, learner, current, streak, export, confirm, changed, unsaved, rank, report, weak, csv, dialogues, started
    case check, runner

    /// Whether lines of this kind are conversation turns.
    public var isTurn: Bool {
        switch self {
        case .course, .lesson, .tutor, .nudge, .code, .takeaway, .quiz, .option, .exercise, .offer, .verdict, .feedback, .explanation,
             .hint, .xp, .toc, .progress, .summary, .help, .missed, .elapsed, .review, .due, .reviews, .answer, .cite,
             .standing, .expect:
            true
        case .command, .learner, .current, .streak, .export, .confirm, .changed, .unsaved, .rank, .report, .weak, .csv,
             .dialogues, .started, .check, .runner:
            false
        }
    }
}
