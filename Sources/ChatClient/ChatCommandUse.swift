import LineProtocol

/// What the chat does with each protocol command typed in it, and whether the help overlay
/// lists it: one switch over the protocol's commands with no `default`, so a new command does
/// not compile until the chat says how it treats it.
enum ChatCommandUse: Equatable {
    /// Sent as typed; listed in the help overlay with the daemon's summary, or with `summary`
    /// where what it does in the chat differs.
    case sent(summary: String? = nil)
    /// Answered by the chat itself (the overlay lists it with the keys, in the chat's words).
    case answeredHere
    /// Sent by the chat on the learner's behalf (every line typed at a quiz or away from one);
    /// typing it by hand works too, but the overlay leaves it out.
    case sentForTheLearner
    /// For scripts that talk to tutord directly (`nc -U`): the chat says `notice` instead of
    /// sending it (`format json` would turn every reply into JSON). Not listed.
    case scriptOnly(notice: String)

    init(_ kind: RequestKind) {
        switch kind {
        case .courses, .learner, .quit, .help: self = .answeredHere
        case .answer, .chat, .checks, .checked: self = .sentForTheLearner
        case .format: self = .scriptOnly(notice: "`format` is for scripts that talk to tutord directly (nc -U); this chat stays in text.")
        case .ping: self = .scriptOnly(notice: "`ping` is for scripts; here the footer tells you when the connection is lost.")
        case .idle: self = .scriptOnly(notice: "`idle` is for scripts; this chat already follows your other windows.")
        case .noidle: self = .scriptOnly(notice: "`noidle` is for scripts; this chat already follows your other windows.")
        case .export: self = .sent(summary: "how big your progress is, and the command that saves it as JSON")
        case .daemon, .whoami, .start, .resume, .status, .lessons, .goto, .progress, .hint, .repeat, .back, .skip, .restart,
             .review, .stop, .ask, .reset, .leaderboard, .report, .solution:
            self = .sent()
        }
    }

    /// How the chat treats a command word from the daemon's `help`: as its kind says; a word
    /// of a newer daemon that this client does not know is sent as typed.
    init(name: String) {
        self = RequestKind(rawValue: name).map(Self.init) ?? .sent()
    }
}
