import LineProtocol
import Tutoring

/// What a simulated tutord learner sends, reply by reply: the request policy of each
/// workload, shared by the load generator (`load`) and the closed-loop client (`compare`).
/// No I/O: it is fed the lines of each reply and says what to send next.
struct LearnerScript: RequestScript {
    let workload: Workload
    /// Requests sent before measuring: the learner's profile and course.
    private var setup: [String]
    private var reader = ReplyReader()
    private var expectation = Expectation.continue
    /// The verdict of the last reply, if it had one.
    private var verdict: Turn.Verdict?
    /// For `.answer`: the lesson to go to next, the step of the walk, and the last guess.
    private var lesson: Int
    private var walk = 0
    private var guess = 0
    private var lastWasAnswer = false
    private var knownWrong: Int?
    /// The last reply, once whole.
    private(set) var lastReply: Reply?

    init(workload: Workload, profile: String) {
        self.workload = workload
        self.setup = [.turn, .answer, .review, .ask].contains(workload) ? ["learner \(profile)", "start cpython-internals"] : []
        self.lesson = Int(stableSeed(profile) % 10) + 1
    }

    var expectsGreeting: Bool { true }

    mutating func feed(_ line: Substring) -> Bool {
        guard let reply = reader.feed(line) else { return false }
        lastReply = reply
        verdict = nil
        // Only the lines the learner acts on are decoded (the rest is tutor text).
        for line in reply.lines where line.key == "expect" || line.key == "verdict" {
            switch Payload(line) {
            case .turn(.expect(let next, _, _)): expectation = next
            case .turn(.verdict(let given)): verdict = given
            default: break
            }
        }
        if lastWasAnswer, let verdict { knownWrong = verdict == .incorrect ? guess : nil }
        return true
    }

    /// Whether the last reply was an error.
    var lastWasError: Bool { lastReply.map { $0.status != .ok } ?? false }

    /// Whether the last reply acknowledged what the workload counts: a stored answer
    /// (`answer`), or a review session that asked a card (`review`).
    var lastWasAcknowledged: Bool {
        guard let reply = lastReply, reply.status == .ok else { return false }
        switch workload {
        case .answer: return lastWasAnswer && verdict != nil
        case .review: return reply.lines.contains { $0.key == "review" }
        default: return false
        }
    }

    mutating func next() -> (line: String, measured: Bool) {
        if !setup.isEmpty { return (setup.removeFirst(), false) }
        return (nextRequest(), true)
    }

    private mutating func nextRequest() -> String {
        lastWasAnswer = false
        switch workload {
        case .answer:
            if expectation == .answer && walk >= 2 {
                if let knownWrong { guess = knownWrong } else { guess = guess % 3 + 1 }
                lastWasAnswer = true
                return String(guess)
            }
            knownWrong = nil
            if walk >= 2 {  // answered right: on to the next lesson
                walk = 0
                lesson = lesson % 10 + 1
            }
            walk += 1
            return walk == 1 ? "goto \(lesson)" : "skip"
        case .ping, .idle: return "ping"
        case .review:
            walk += 1
            return walk % 2 == 1 ? "review" : "stop"
        case .ask:
            walk += 1
            return "ask " + Self.questions[(walk + lesson) % Self.questions.count]
        case .turn:
            switch expectation {
            case .answer, .exercise: return "skip"
            case .choice: return "no"
            case .end: return "restart"
            case .continue: return ""
            }
        }
    }

    /// What the `ask` workload asks.
    static let questions = [
        "why does CPython have a GIL?", "what does LOAD_FAST do?", "what is __prepare__ for?",
        "how do I cache objects without keeping them alive?", "what is a module spec?", "how do I install numpy?",
        "does await always yield to the event loop?", "why are reference cycles not freed right away?",
        "can a dataclass use slots?", "what is the best web framework?",
    ]
}

/// One connection's side of a closed loop: fed each line the server sends, it says when a
/// reply is whole and what to send next. Each server's dialect is one of these.
protocol RequestScript {
    /// The server greets each connection with one line first.
    var expectsGreeting: Bool { get }
    /// Reads one line of a reply; `true` when it was the reply's last.
    mutating func feed(_ line: Substring) -> Bool
    /// The next request (after the greeting, or a whole reply), and whether its reply counts.
    mutating func next() -> (line: String, measured: Bool)
    var lastWasError: Bool { get }
    /// The last reply acknowledged a durable write (counted separately).
    var lastWasAcknowledged: Bool { get }
}
