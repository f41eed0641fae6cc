import LineProtocol
import NIOConcurrencyHelpers
import Tutoring
import NIOCore
import NIOExtras
import NIOPosix

/// What each simulated connection does in a loop.
enum Workload: String, Sendable {
    /// `ping` → `OK`.
    case ping
    /// A learner walking the course: continue, answer, accept or decline, restart at the end.
    /// Every request returns tutor text.
    case turn
    /// A learner answering a quiz over and over: `goto` a lesson, `skip` once to its first question,
    /// then answer; once an option proved wrong, keep giving it (each is a new attempt, stored
    /// before its `OK`); after a right answer, the next lesson. Nearly every request is an answer.
    case answer
    /// Spaced review: each learner has every question of the course due (the benchmark
    /// prepares their review history) and alternates `review` (the due cards sorted, the first
    /// asked with its options shuffled) and `stop` (the summary, back to the lesson).
    case review
    /// Learners asking the course questions (`ask ...`), from a fixed list in turn; about one
    /// in five has no answer in the course.
    case ask
    /// Connect, read the greeting, then stay idle.
    case idle
}

/// Results gathered from every connection.
final class Results: Sendable {
    private struct State {
        var latencies: [UInt64] = []
        var replies = 0
        var errors = 0
        var greeted = 0
        var answers = 0
    }

    private let state = NIOLockedValueBox(State())

    func add(latencies: [UInt64], replies: Int, errors: Int, answers: Int) {
        state.withLockedValue {
            $0.latencies += latencies
            $0.replies += replies
            $0.errors += errors
            $0.answers += answers
        }
    }

    var answerCount: Int { state.withLockedValue { $0.answers } }

    func greeted() { state.withLockedValue { $0.greeted += 1 } }

    var greetedCount: Int { state.withLockedValue { $0.greeted } }

    func summary() -> (latencies: [UInt64], replies: Int, errors: Int) {
        state.withLockedValue { ($0.latencies.sorted(), $0.replies, $0.errors) }
    }
}

/// One simulated learner on one connection: sends a request, waits for its final line,
/// records the latency, sends the next, until the deadline.
final class SimulatedLearner: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let workload: Workload
    private let results: Results
    private let deadline: NIODeadline
    private let done: EventLoopPromise<Void>
    private var setup: [String]
    private var greeted = false
    private var measuring = false
    private var sentAt = NIODeadline.now()
    private var expectation = Expectation.continue
    /// Decodes each reply with the protocol's own types.
    private var reader = ReplyReader()
    private var latencies: [UInt64] = []
    private var replies = 0
    private var errors = 0
    private var answers = 0
    /// For `.answer`: the lesson to go to next, the step of the walk, and the last guess.
    private var lesson: Int
    private var walk = 0
    private var guess = 0
    private var lastWasAnswer = false
    /// The verdict of the last reply, if it had one.
    private var verdict: Turn.Verdict?
    private var knownWrong: Int?

    init(workload: Workload, profile: String, results: Results, deadline: NIODeadline, done: EventLoopPromise<Void>) {
        self.workload = workload
        self.results = results
        self.deadline = deadline
        self.done = done
        self.setup = [.turn, .answer, .review, .ask].contains(workload) ? ["learner \(profile)", "start cpython-internals"] : []
        self.lesson = Int(stableSeed(profile) % 10) + 1
        latencies.reserveCapacity(4096)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        guard let reply = reader.feed(Substring(String(buffer: line))) else { return }
        let isError = reply.status != .ok
        verdict = nil
        // Only the lines the simulated learner acts on are decoded (the rest is tutor text).
        for line in reply.lines where line.key == "expect" || line.key == "verdict" {
            switch Payload(line) {
            case .turn(.expect(let next)): expectation = next
            case .turn(.verdict(let given)): verdict = given
            default: break
            }
        }
        if !greeted {
            greeted = true
            results.greeted()
            if workload == .idle { return }
        } else if measuring {
            latencies.append(NIODeadline.now().uptimeNanoseconds - sentAt.uptimeNanoseconds)
            replies += 1
            if isError { errors += 1 }
            if lastWasAnswer && !isError && verdict != nil { answers += 1 }
            // For `review`: sessions that asked a card (not "nothing is due").
            if workload == .review && reply.lines.contains(where: { $0.key == "review" }) { answers += 1 }
        }
        if lastWasAnswer, let verdict { knownWrong = verdict == .incorrect ? guess : nil }
        if NIODeadline.now() >= deadline {
            finish(context: context)
            return
        }
        let request: String
        if !setup.isEmpty {
            request = setup.removeFirst()
        } else {
            measuring = true
            request = nextRequest()
        }
        sentAt = .now()
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request + "\n")), promise: nil)
    }

    private func nextRequest() -> String {
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
            case .answer: return "skip"
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

    private var reported = false

    /// Hands this connection's counts to the results, once.
    private func report() {
        guard !reported else { return }
        reported = true
        results.add(latencies: latencies, replies: replies, errors: errors, answers: answers)
        latencies = []
        done.succeed()
    }

    func finish(context: ChannelHandlerContext) {
        report()
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        report()  // also when the daemon went away (--kill-after)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// Opens `connections` connections to `socketPath` and runs the workload on each.
struct LoadGenerator {
    var socketPath: String
    var connections: Int
    var workload: Workload
    var seconds: Double
    var threads: Int

    /// Runs the load; for `.idle`, `whileIdle` runs once every connection is greeted, and the
    /// connections close when it returns.
    func run(whileIdle: () -> Void = {}) throws -> Results {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        defer { try? group.syncShutdownGracefully() }
        let results = Results()
        let deadline = NIODeadline.now() + .nanoseconds(Int64(seconds * 1e9))
        var channels: [Channel] = []
        var finished: [EventLoopFuture<Void>] = []
        for index in 0..<connections {
            let loop = group.next()
            let done = loop.makePromise(of: Void.self)
            finished.append(done.futureResult)
            let workload = self.workload
            let channel = try ClientBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(SimulatedLearner(
                            workload: workload, profile: "bench-\(index)", results: results, deadline: deadline, done: done))
                    }
                }
                .connect(unixDomainSocketPath: socketPath).wait()
            channels.append(channel)
        }
        if workload == .idle {
            while results.greetedCount < connections { usleep(1000) }
            whileIdle()
            for channel in channels { channel.close(promise: nil) }
        }
        for future in finished { try? future.wait() }
        return results
    }
}
