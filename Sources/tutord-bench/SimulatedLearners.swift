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
/// records the latency, sends the next, until the deadline. What it sends is its script's.
final class SimulatedLearner: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let workload: Workload
    private let results: Results
    private let deadline: NIODeadline
    private let done: EventLoopPromise<Void>
    private var script: LearnerScript
    private var greeted = false
    private var measuring = false
    private var sentAt = NIODeadline.now()
    private var latencies: [UInt64] = []
    private var replies = 0
    private var errors = 0
    private var answers = 0

    init(workload: Workload, profile: String, results: Results, deadline: NIODeadline, done: EventLoopPromise<Void>) {
        self.workload = workload
        self.results = results
        self.deadline = deadline
        self.done = done
        self.script = LearnerScript(workload: workload, profile: profile)
        latencies.reserveCapacity(4096)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        guard script.feed(Substring(String(buffer: line))) else { return }
        if !greeted {
            greeted = true
            results.greeted()
            if workload == .idle { return }
        } else if measuring {
            latencies.append(NIODeadline.now().uptimeNanoseconds - sentAt.uptimeNanoseconds)
            replies += 1
            if script.lastWasError { errors += 1 }
            if script.lastWasAcknowledged { answers += 1 }
        }
        if NIODeadline.now() >= deadline {
            finish(context: context)
            return
        }
        let (request, measured) = script.next()
        measuring = measured
        sentAt = .now()
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request + "\n")), promise: nil)
    }

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

/// Opens `connections` connections, spread over the daemons at `socketPaths` in turn, and
/// runs the workload on each.
struct LoadGenerator {
    var socketPaths: [String]
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
                .connect(unixDomainSocketPath: socketPaths[index % socketPaths.count]).wait()
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
