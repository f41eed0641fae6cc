/// One payload line of a reply, typed: everything the daemon says before a reply's final line.
///
/// The one owner of the wire vocabulary. The daemon builds payloads and encodes them
/// (``lines(for:)``); clients, the benchmark and the tests decode received lines back into
/// payloads (``init(_:)``) instead of matching prefixes or splitting prose. docs/protocol.md,
/// *Payload keys* and *JSON mode*, describes the same thing for people.
public enum Payload: Sendable, Equatable {
    /// A conversation turn: `course`, `lesson`, `tutor`, `quiz`, ... (see ``Turn``).
    case turn(Turn)
    /// One row of `help`: the command's name (`nil` for the chat line), usage and summary.
    case command(name: String?, usage: String, summary: String)
    /// Who the connection learns as: `whoami` and `learner`. `uid` travels in JSON mode only
    /// (decoded from text it is `nil`); the daemon always sends it.
    case learner(user: String, uid: Int?, profile: String?)
    /// The connection's current course (`whoami`).
    case current(course: String)
    /// Consecutive study days (`progress`).
    case streak(days: Int)
    /// All of a learner's progress as one JSON document (`export`).
    case export(json: String)
    /// The exact command that confirms a question such as `reset`.
    case confirm(command: String)
    /// What changed while a connection waited in `idle`: one line per subsystem.
    case changed(Subsystem)
    /// The reply's change happened but could not be stored, and why (a read-only database):
    /// the learner can go on, but this progress is not kept.
    case unsaved(reason: String)
    /// A row of `leaderboard`.
    case rank(LeaderboardRow)
    /// A learner's row of a teacher's `report`.
    case report(ReportRow)
    /// A question many learners missed, in a teacher's `report`.
    case weak(WeakSpot)
    /// A line of a report as CSV (`report csv`), header first.
    case csv(String)
    /// A directory the daemon reads courses from, in priority order (`daemon`).
    case dialogues(directory: String)
    /// How the daemon was started, `systemd` or `command`, and its pid (`daemon`): how to
    /// make it reload its courses.
    case started(by: String, pid: Int)
    /// One check of an exercise (`checks`): its place among the exercise's checks, how it
    /// tests, and the message shown when it fails. Its code follows as a ``Turn/code`` payload.
    case check(number: Int, total: Int, kind: CheckKind, message: String)
    /// How an exercise's checks are run (`checks`, after the checks): the exercise's language
    /// (`python`, or `dialogue` for a course file checked by tutord's own checker) and the file
    /// the learner writes.
    case runner(language: String, file: String)
    /// A line this version cannot read: a key it does not know (from a newer daemon), or a
    /// known key whose value does not have that key's form. Clients show it as it came.
    case unrecognised(key: String, text: String)
}

extension Payload {
    /// The payload's kind; `nil` for a line this version could not read.
    public var kind: PayloadKind? {
        switch self {
        case .turn(let turn): turn.kind
        case .command: .command
        case .learner: .learner
        case .current: .current
        case .streak: .streak
        case .export: .export
        case .confirm: .confirm
        case .changed: .changed
        case .unsaved: .unsaved
        case .rank: .rank
        case .report: .report
        case .weak: .weak
        case .csv: .csv
        case .dialogues: .dialogues
        case .started: .started
        case .check: .check
        case .runner: .runner
        case .unrecognised: nil
        }
    }

    /// The payload's key: the text-mode `key:` and the JSON `type`.
    public var key: String {
        if case .unrecognised(let key, _) = self { return key }
        return kind!.rawValue
    }
}

extension Turn {
    /// The turn's kind, whose raw value is its key on the wire.
    public var kind: PayloadKind {
        switch self {
        case .course: .course
        case .lesson: .lesson
        case .tutor: .tutor
        case .nudge: .nudge
        case .code: .code
        case .takeaway: .takeaway
        case .quiz: .quiz
        case .option: .option
        case .exercise: .exercise
        case .offer: .offer
        case .verdict: .verdict
        case .feedback: .feedback
        case .explanation: .explanation
        case .hint: .hint
        case .xp: .xp
        case .toc: .toc
        case .progress: .progress
        case .summary: .summary
        case .help: .help
        case .missed: .missed
        case .elapsed: .elapsed
        case .review: .review
        case .due: .due
        case .reviews: .reviews
        case .answer: .answer
        case .cite: .cite
        case .standing: .standing
        case .expect: .expect
        }
    }

    /// The turn's key on the wire.
    public var key: String { kind.rawValue }
}
