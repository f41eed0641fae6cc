import ArgumentParser
import Foundation
import SystemSupport
import TutorClient

/// tutord against the servers people already run on a Unix socket with a line protocol, in
/// the same run, with the same client: the figures that say whether tutord is fast are these
/// ratios, not absolute numbers on a noisy machine (docs/benchmarks.md).
struct CompareBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "tutord against Redis and MPD, same client, same run: each figure and the ratio.",
        discussion: """
            Starts, on private sockets in a temporary directory, the release tutord, redis-server \
            (no persistence for ping; appendonly yes with appendfsync always for durable writes) \
            and mpd (null output), and drives each with one closed-loop client: ping at 1, 100 and \
            1,000 connections; durable writes at 100 (tutord: wrong answers at an open quiz, each \
            learner its own profile; Redis: SET); lesson turns at 100 and 1,000 (against the same \
            durable SET); resident memory per idle connection at --idle-connections.
            """
    )

    @Option(help: "Seconds each measurement runs (after half a second of warm-up).")
    var seconds = 5.0

    @Option(help: "Threads of the closed-loop client.")
    var clientThreads = 1

    @Option(help: "Idle connections for the memory figures.")
    var idleConnections = 10_000

    @Option(help: "Which groups of figures: ping, durable, turns, idle (default: all).")
    var only: [String] = []

    @Option(help: ArgumentHelp("Also write the figures to this file (JSON), for `tutord-bench goals`.", valueName: "path"))
    var figures: String?

    @OptionGroup var options: DaemonOptions

    func run() throws {
        raiseDescriptorLimit()
        var table = ComparisonTable()
        print("compare: \(seconds) s per figure, \(clientThreads) client thread(s), tutord with \(options.serverThreads.map(String.init) ?? "default") threads, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        func wanted(_ group: String) -> Bool { only.isEmpty || only.contains(group) }

        for connections in [1, 100, 1000] where wanted("ping") {
            let tutord = try measureTutord(.ping, connections: connections)
            let redis = try measurePeer(try PeerServer.redis(durable: false), "PING", connections: connections) { RedisScript(.ping, connection: $0) }
            let mpd = try measurePeer(try PeerServer.mpd(), "ping", connections: connections) { _ in MPDScript() }
            let floor = try measurePeer(try PeerServer.nioFloor(threads: options.serverThreads), "ping", connections: connections) { _ in MPDScript() }
            switch connections {
            case 1:
                table.add("ping, 1 connection, p50 µs", tutord: tutord.microseconds(at: 0.5), redis: redis.microseconds(at: 0.5),
                          mpd: mpd.microseconds(at: 0.5), floor: floor.microseconds(at: 0.5), goal: .atMost(1.05, of: .redis))
            case 100:
                table.add("ping, 100 connections, replies/s", tutord: tutord.repliesPerSecond, redis: redis.repliesPerSecond,
                          mpd: mpd.repliesPerSecond, floor: floor.repliesPerSecond, goal: .atLeastBoth(0.9, redis: 1.0))
                table.add("ping, 100 connections, server CPU µs per reply", tutord: tutord.cpuMicrosecondsPerReply,
                          redis: redis.cpuMicrosecondsPerReply, mpd: mpd.cpuMicrosecondsPerReply, floor: floor.cpuMicrosecondsPerReply, goal: nil)
                table.add("ping, 100 connections, p99 µs", tutord: tutord.microseconds(at: 0.99), redis: redis.microseconds(at: 0.99),
                          mpd: mpd.microseconds(at: 0.99), floor: floor.microseconds(at: 0.99), goal: nil)
            default:
                table.add("ping, 1,000 connections, p99 µs", tutord: tutord.microseconds(at: 0.99), redis: redis.microseconds(at: 0.99),
                          mpd: mpd.microseconds(at: 0.99), floor: floor.microseconds(at: 0.99), goal: .atMost(1.0, of: .redis))
                table.add("ping, 1,000 connections, replies/s", tutord: tutord.repliesPerSecond, redis: redis.repliesPerSecond,
                          mpd: mpd.repliesPerSecond, floor: floor.repliesPerSecond, goal: nil)
            }
        }

        if wanted("durable") || wanted("turns") {
        let durableSet = try measurePeer(try PeerServer.redis(durable: true), "SET", connections: 100) { RedisScript(.set, connection: $0) }
        let answers = try measureTutord(.answer, connections: 100)
        table.add("durable answers (Redis: SET, fsync always), 100, acknowledged/s", tutord: answers.acknowledgedPerSecond,
                  redis: durableSet.acknowledgedPerSecond, mpd: nil, goal: .atLeast(0.6, of: .redis))
        table.add("durable answers, 100, p99 µs", tutord: answers.microseconds(at: 0.99), redis: durableSet.microseconds(at: 0.99),
                  mpd: nil, goal: .atMost(2.0, of: .redis))
        table.add("durable answers, 100, server CPU µs per reply", tutord: answers.cpuMicrosecondsPerReply,
                  redis: durableSet.cpuMicrosecondsPerReply, mpd: nil, goal: nil)
        let turns = try measureTutord(.turn, connections: 100)
        table.add("lesson turns (durable position), 100, replies/s", tutord: turns.repliesPerSecond,
                  redis: durableSet.repliesPerSecond, mpd: nil, goal: .atLeast(0.6, of: .redis))
        table.add("lesson turns, 100, server CPU µs per reply", tutord: turns.cpuMicrosecondsPerReply,
                  redis: durableSet.cpuMicrosecondsPerReply, mpd: nil, goal: nil)
        let durableSet1000 = try measurePeer(try PeerServer.redis(durable: true), "SET", connections: 1000) { RedisScript(.set, connection: $0) }
        let turns1000 = try measureTutord(.turn, connections: 1000)
        table.add("lesson turns, 1,000, replies/s", tutord: turns1000.repliesPerSecond, redis: durableSet1000.repliesPerSecond,
                  mpd: nil, goal: nil)
        table.add("lesson turns, 1,000, p99 µs", tutord: turns1000.microseconds(at: 0.99), redis: durableSet1000.microseconds(at: 0.99),
                  mpd: nil, goal: nil)
        }

        if wanted("idle") {
        let tutordMemory = try idleMemory(ofTutord: ())
        let redisMemory = try idleMemory(of: try PeerServer.redis(durable: false), greeting: false)
        let mpdMemory = try idleMemory(of: try PeerServer.mpd(), greeting: true)
        table.add("RSS per idle connection at \(idleConnections), KiB", tutord: tutordMemory.perConnection,
                  redis: redisMemory.perConnection, mpd: mpdMemory.perConnection, goal: .absoluteAtMost(3.5))
        table.add("base RSS, KiB", tutord: tutordMemory.base, redis: redisMemory.base, mpd: mpdMemory.base, goal: nil)
        }

        print(table.rendered())
        if let figures {
            try JSONEncoder().encode(table.rows).write(to: URL(fileURLWithPath: figures))
        }
    }

    private func client(_ socketPath: String, _ connections: Int, cpu: @escaping @Sendable () -> Double?) -> ClosedLoopClient {
        ClosedLoopClient(socketPath: socketPath, connections: connections, threads: clientThreads, seconds: seconds,
                         serverCPUSeconds: cpu)
    }

    private func measureTutord(_ workload: Workload, connections: Int) throws -> ClosedLoopClient.Outcome {
        let daemon = try options.start()
        defer { daemon.stop() }
        let pid = daemon.processIdentifier ?? 0
        let outcome = try client(daemon.socketPath, connections, cpu: { processCPUSeconds(of: pid) }).run { LearnerScript(workload: workload, profile: "bench-\($0)") }
        report("tutord", workload.rawValue, connections, outcome)
        return outcome
    }

    private func measurePeer(_ server: PeerServer, _ request: String, connections: Int,
                             script: @escaping @Sendable (Int) -> any RequestScript) throws -> ClosedLoopClient.Outcome {
        defer { server.stop() }
        let pid = server.process.processIdentifier
        let outcome = try client(server.socketPath, connections, cpu: { processCPUSeconds(of: pid) }).run(script: script)
        report(server.name, request, connections, outcome)
        return outcome
    }

    private func report(_ server: String, _ workload: String, _ connections: Int, _ outcome: ClosedLoopClient.Outcome) {
        print(String(format: "  %@ %@ at %d: %.0f replies/s (%.0f acknowledged writes/s), p50 %.1f µs, p99 %.1f µs, %d errors, server CPU %.1f µs per reply",
                     server, workload, connections, outcome.repliesPerSecond, outcome.acknowledgedPerSecond,
                     outcome.microseconds(at: 0.5), outcome.microseconds(at: 0.99), outcome.errors, outcome.cpuMicrosecondsPerReply))
    }

    private func idleMemory(ofTutord: Void) throws -> (base: Double, perConnection: Double) {
        let daemon = try options.start()
        defer { daemon.stop() }
        return try idleMemory(socketPath: daemon.socketPath, greeting: true) { daemon.residentKiB() }
    }

    private func idleMemory(of server: PeerServer, greeting: Bool) throws -> (base: Double, perConnection: Double) {
        defer { server.stop() }
        return try idleMemory(socketPath: server.socketPath, greeting: greeting) { server.residentKiB() }
    }

    private func idleMemory(socketPath: String, greeting: Bool, rss: () -> Int?) throws -> (base: Double, perConnection: Double) {
        guard let before = rss() else { throw BenchError("no RSS for \(socketPath)") }
        var during = before
        try ClosedLoopClient.holdIdle(socketPath: socketPath, connections: idleConnections, greeting: greeting) {
            during = rss() ?? before
        }
        return (Double(before), Double(during - before) / Double(idleConnections))
    }
}
