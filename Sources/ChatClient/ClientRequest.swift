import LineProtocol

/// A request the chat sends, and why: the reply is read according to it (a `courses` the
/// learner asked for opens the picker; the one sent on connecting only learns the titles).
public enum ClientRequest: Equatable, Sendable, ExpressibleByStringLiteral {
    /// `courses`; `pick` opens the picker with the reply.
    case courses(pick: Bool)
    /// `start <course>`, or `resume` without one.
    case open(course: String?)
    /// `status`: where the learner stands now (after another window moved on).
    case status
    /// `help`: the daemon's command table, for the help overlay.
    case help
    /// `daemon`: where the daemon reads courses and who started it, for the "no courses" screen.
    case daemon
    /// `learner <name>`, after the learner confirmed the switch.
    case learner(String)
    /// `learner <name>` on reconnecting: back to the profile the learner had switched to.
    case profile(String)
    /// `reset <course> confirm`, after the learner confirmed it.
    case reset(course: String)
    /// `leaderboard <course>`, for the learner's rank on the end-of-course summary.
    case rank(course: String)
    /// A line the learner typed, sent as it is: chat, an answer, or a course command.
    case chat(String)
    /// `answer <quiz> <text>`: what the learner typed at the quiz this screen shows, named so
    /// the daemon judges it against that quiz or refuses it (`ERR stale`) when another window
    /// moved the conversation on.
    case answer(quiz: String, text: String)
    /// `chat <text>`: what the learner typed away from a quiz, never to be judged as an answer
    /// (`ERR stale` if another window has moved on to a quiz meanwhile).
    case message(String)
    /// `checks <exercise>`: the exercise's checks, for the client to run as the learner.
    case checks(exercise: String)
    /// `checked <exercise> <passed> <total>`: the learner's own run of those checks.
    case checked(exercise: String, passed: Int, total: Int)

    public init(stringLiteral line: String) {
        self = .chat(line)
    }

    /// The request line, spelled by the protocol's command (``RequestKind/line(_:)``).
    public var line: String {
        switch self {
        case .courses: RequestKind.courses.line()
        case .open(let course?): RequestKind.start.line(course)
        case .open(nil): RequestKind.resume.line()
        case .status: RequestKind.status.line()
        case .help: RequestKind.help.line()
        case .daemon: RequestKind.daemon.line()
        case .learner(let name), .profile(let name): RequestKind.learner.line(name)
        case .reset(let course): RequestKind.reset.line(course, "confirm")
        case .rank(let course): RequestKind.leaderboard.line(course)
        case .chat(let line): line
        case .answer(let quiz, let text): RequestKind.answer.line(quiz, text)
        case .message(let text): RequestKind.chat.line(text)
        case .checks(let exercise): RequestKind.checks.line(exercise)
        case .checked(let exercise, let passed, let total): RequestKind.checked.line(exercise, String(passed), String(total))
        }
    }
}
