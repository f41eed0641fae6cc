import SystemSupport
import TestPostgres
import ArgumentParser
import Foundation
import ProgressStore
import TutorServer
import TutorClient
import NIOConcurrencyHelpers

/// Options shared by the benchmarks that talk to a daemon.
struct DaemonOptions: ParsableArguments {
    @Option(help: "The tutord binary to start (default: the one next to tutord-bench).")
    var daemon: String?

    @Option(help: "Use an already running daemon on this socket instead of starting one (no RSS figures then).")
    var socket: String?

    @Option(help: "Course directory for the started daemon.")
    var dialogues = "Dialogues"

    @Option(help: "Event loop threads of the started daemon (default: one per core).")
    var serverThreads: Int?

    @Option(help: "Event loop threads of the simulated clients.")
    var clientThreads = 1

    @Option(help: "Where started daemons keep progress (tutord's --database; default: an SQLite file of their own).")
    var database: String?

    @Flag(help: "Start a PostgreSQL server of the benchmark's own (Debian's postgresql: initdb in a temporary directory, fsync and synchronous_commit on) and keep progress in a new database there.")
    var postgres = false

    /// The daemon to measure; `prepareState` may fill its state directory before it starts.
    /// `database` overrides `--database` (several daemons on one benchmark database).
    func start(threads: Int? = nil, database: String? = nil, prepareState: ((String) throws -> Void)? = nil) throws -> DaemonUnderTest {
        raiseDescriptorLimit()
        if let socket { return DaemonUnderTest(socketPath: socket) }
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tutord").path
        let address = database ?? self.database
        return try DaemonUnderTest(binary: binary, dialogues: dialogues, threads: threads ?? serverThreads,
                                   arguments: address.map { ["--database", $0] } ?? [], prepareState: prepareState)
    }

    /// The database the started daemons share: `--database`, or one on a PostgreSQL server
    /// started now (`--postgres`; stopped with the benchmark), whose settings are printed.
    func sharedDatabase() throws -> (address: String?, server: PostgresServer?) {
        guard postgres else { return (database, nil) }
        let server = try PostgresServer()
        let settings = ["server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes", "shared_buffers",
                        "commit_delay", "max_wal_size"]
        print("PostgreSQL: " + (try settings.map { "\($0)=\(try server.show($0))" }.joined(separator: " ")))
        return (server.address(of: try server.makeDatabase()), server)
    }
}

/// Throughput and latency of a request loop at N concurrent connections.
struct LoadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "N concurrent simulated learners: throughput and latency percentiles.",
        discussion: """
            Workloads: ping (ping → OK), turn (a learner walking the course; every reply is tutor \
            text and every step is stored), answer (learners answering quizzes; every answer is \
            stored before its OK), review (learners with every question due for review, \
            alternating review and stop), ask (learners asking the course questions).
            """
    )

    @Option(help: "ping, turn, answer, review or ask.")
    var workload = "turn"

    @Option(help: "Send SIGKILL to the started daemon after this many seconds, then check that every acknowledged answer is stored.")
    var killAfter: Double?

    @Option(help: "Concurrent connections.")
    var connections = 100

    @Option(help: "How long to run, in seconds.")
    var seconds = 5.0

    @Option(help: "Daemons started on one database (with --database or --postgres), the connections spread over them.")
    var instances = 1

    @OptionGroup var options: DaemonOptions

    func run() throws {
        guard let workload = Workload(rawValue: workload), workload != .idle else {
            throw ValidationError("--workload is ping, turn, answer, review or ask")
        }
        let (database, postgres) = try options.sharedDatabase()
        defer { postgres?.shutdown() }
        guard instances == 1 || database != nil else {
            throw ValidationError("--instances above 1 needs a database they share: --database or --postgres")
        }
        guard workload != .review || database == nil, killAfter == nil || database == nil else {
            throw ValidationError("--workload review and --kill-after work on the started daemon's SQLite file only")
        }
        let connections = self.connections
        let daemons = try (0..<instances).map { _ in
            try options.start(database: database, prepareState: workload == .review ? { state in
                try ReviewHistory.prepare(state + "/tutord.sqlite", learners: connections)
            } : nil)
        }
        defer { for daemon in daemons { daemon.stop() } }
        let daemon = daemons[0]
        if let killAfter, let pid = daemon.processIdentifier {
            DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) { kill(pid, SIGKILL) }
        }
        let cpuBefore = daemons.compactMap { $0.cpuSeconds() }.reduce(0, +)
        let start = ContinuousClock.now
        let results = try LoadGenerator(socketPaths: daemons.map(\.socketPath), connections: connections, workload: workload,
                                        seconds: seconds, threads: options.clientThreads).run()
        let elapsed = milliseconds(ContinuousClock.now - start) / 1000
        let cpu = daemons.compactMap { $0.cpuSeconds() }.reduce(0, +) - cpuBefore
        let (latencies, replies, errors) = results.summary()
        let answers = results.answerCount
        func percentile(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "-" }
            let index = min(latencies.count - 1, Int(Double(latencies.count) * p))
            return String(format: "%.3f ms", Double(latencies[index]) / 1e6)
        }
        print("\(workload.rawValue) at \(connections) connections\(instances > 1 ? " over \(instances) daemons" : "") for \(String(format: "%.1f", elapsed)) s:")
        print(String(format: "  %d replies, %.0f replies/s, %d errors", replies, Double(replies) / elapsed, errors))
        print("  latency p50 \(percentile(0.5)), p99 \(percentile(0.99)), p99.9 \(percentile(0.999)), max \(percentile(1))")
        if cpu > 0, replies > 0 {
            print(String(format: "  daemon CPU %.2f s (%.0f%% of a core), %.1f µs per reply (set-up included)", cpu, cpu / elapsed * 100,
                         cpu / Double(replies) * 1e6))
        }
        if workload == .answer { print(String(format: "  %d acknowledged answers, %.0f answers/s", answers, Double(answers) / elapsed)) }
        if workload == .review { print(String(format: "  %d review sessions began with a due card, %.0f/s", answers, Double(answers) / elapsed)) }
        if let rss = daemon.residentKiB() { print("  daemon RSS \(rss) KiB\(instances > 1 ? " (the first)" : "")") }
        if killAfter != nil, let path = daemon.databasePath {
            let store = try SQLiteProgressStore.open(path: path, readOnly: true)
            let stored = try store.answerCount()
            print("  after SIGKILL: \(stored) answers stored, \(answers) acknowledged; integrity \(try store.integrityCheck())")
            if stored < answers { throw BenchError("acknowledged answers were lost") }
        }
    }
}

/// Memory per idle connection, and what learners who have left still cost.
struct IdleBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle", abstract: "Daemon RSS per idle connection, and per learner who has left.")

    @Option(help: "Idle connections to open.")
    var connections = 10_000

    @Option(help: "Learners who connect, start the course and leave, in each of two rounds.")
    var departedLearners = 20_000

    /// The goal for memory kept per learner who has left (docs/benchmarks.md): their
    /// conversations are evicted, so only allocator slack remains.
    static let departedGoalBytes = 100.0

    @OptionGroup var options: DaemonOptions

    func run() throws {
        let daemon = try options.start()
        defer { daemon.stop() }
        guard let before = daemon.residentKiB() else {
            throw ValidationError("idle needs a daemon started by the benchmark (no --socket)")
        }
        var during = 0
        _ = try LoadGenerator(socketPaths: [daemon.socketPath], connections: connections, workload: .idle,
                              seconds: 3600, threads: options.clientThreads).run {
            during = daemon.residentKiB() ?? 0
        }
        let perConnection = Double(during - before) * 1024 / Double(connections)
        print("idle: \(connections) connections, daemon RSS \(before) KiB before, \(during) KiB with them open")
        print(String(format: "  %.0f bytes (%.2f KiB) per idle connection", perConnection, perConnection / 1024))
        guard departedLearners > 0 else { return }

        // Two rounds of learners who come and go: the first warms the allocator up, the
        // second shows what each departed learner still costs once memory is reused.
        try departures(daemon, round: 0)
        let afterFirst = daemon.residentKiB() ?? 0
        try departures(daemon, round: 1)
        let afterSecond = daemon.residentKiB() ?? 0
        let perLearner = Double(afterSecond - afterFirst) * 1024 / Double(departedLearners)
        print("departed: \(departedLearners) learners per round (learner, start, leave), daemon RSS \(afterFirst) KiB after the first, \(afterSecond) KiB after the second")
        print(String(format: "  %.0f bytes per departed learner (goal < %.0f): %@", perLearner, Self.departedGoalBytes,
                     perLearner < Self.departedGoalBytes ? "met" : "NOT MET"))
    }

    /// `departedLearners` profiles, each on its own connection: `learner`, `start`, close; then
    /// waits until the daemon reports none of them in memory.
    private func departures(_ daemon: DaemonUnderTest, round: Int) throws {
        let threads = 8
        let socketPath = daemon.socketPath
        let departedLearners = self.departedLearners
        let failures = NIOLockedValueBox<[String]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for number in stride(from: thread, to: departedLearners, by: threads) {
                do {
                    let connection = try LineConnection(path: socketPath)
                    _ = try connection.request("learner r\(round)n\(number)")
                    guard try connection.request("start cpython-internals").status == .ok else { throw BenchError("start failed") }
                } catch {
                    failures.withLockedValue { $0.append("\(error)") }
                    return
                }
            }
        }
        if let failure = failures.withLockedValue({ $0.first }) { throw BenchError("departures: \(failure)") }
        try daemon.waitFor("STATUS=serving, 0 connections, 0 learners in memory")
    }
}

/// Time from spawning the daemon to READY=1 (it accepts connections then).
struct StartupBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup", abstract: "Time from start to ready (READY=1), over several starts.")

    @Option(help: "How many starts.")
    var runs = 10

    @OptionGroup var options: DaemonOptions

    func run() throws {
        var samples: [Double] = []
        for _ in 0..<runs {
            let daemon = try options.start()
            samples.append(daemon.startupMilliseconds ?? 0)
            daemon.stop()
        }
        samples.sort()
        print(String(format: "startup: median %.1f ms, max %.1f ms over %d runs (spawn to READY=1)", samples[samples.count / 2], samples.last ?? 0, runs))
    }
}
