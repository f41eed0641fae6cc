import ArgumentParser
import Dialogue
import Foundation

/// What a class of learners feels: `--learners` learners, each on a connection of its own,
/// walking the real course on an open-loop schedule (a request every `--think` seconds ± half
/// of that), latencies from each request's intended send time, and the daemon's CPU and RSS.
struct ClassBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "A class of learners on an open-loop schedule: latency percentiles from intended send times.",
        discussion: """
            Each learner walks the course (turns, right and wrong answers from the course file, \
            hints, an ask now and then, review sessions) with a think time drawn uniformly from \
            think ± half of it. With --stall (PostgreSQL only), the class runs twice on one \
            daemon: as it is, then while another session holds locks on one learner's rows \
            (class-0), whose latencies are shown apart.
            """
    )

    @Option(help: "Learners, each on a connection of its own.")
    var learners = 2000

    @Option(help: "Seconds measured, after the warm-up.")
    var seconds = 30.0

    @Option(help: "Seconds of warm-up on the schedule before measuring.")
    var warmup = 5.0

    @Option(help: "Mean think time between a learner's requests, in seconds.")
    var think = 2.0

    @Option(help: "The course the learners walk (the daemon loads it from --dialogues).")
    var course = "cpython-internals"

    @Flag(help: "PostgreSQL only: run again while one learner's rows are locked by another session.")
    var stall = false

    @Option(help: "With --stall: how long each lock is held, in seconds (let go for 0.1 s between).")
    var stallHold = 3.0

    @Option(help: ArgumentHelp("Also write each goal's row to this file, for `goals --goal-rows` (make bench).", valueName: "path"))
    var goalRows: String?

    @OptionGroup var options: DaemonOptions

    func validate() throws {
        guard learners > 1, seconds > 0, warmup >= 0, think > 0 else { throw ValidationError("learners > 1, seconds and think > 0") }
        if stall && !options.postgres && !(options.database ?? "").hasPrefix("postgres") {
            // SQLite locks the whole database, never one learner's rows: another session's lock
            // would stall every writer, so no honest per-learner stall exists there.
            throw ValidationError("--stall needs PostgreSQL (--postgres or a postgresql:// --database): SQLite has no per-learner lock")
        }
    }

    func run() throws {
        let (database, postgres) = try options.sharedDatabase()
        defer { postgres?.shutdown() }
        let daemon = try options.start(database: database)
        defer { daemon.stop() }
        let (_, loaded) = try loadCourse(options.dialogues + "/\(course).dialogue")
        let store = database == nil ? "SQLite" : "PostgreSQL"
        print("class: \(learners) learners, think \(think) s ± \(think / 2) s, \(warmup) s warm-up, \(seconds) s measured, \(store); load average \(loadAverage())")

        var figures: [BenchFigure] = []
        let plain = try measure(daemon, loaded, name: "class, \(store)", stalled: nil)
        figures.append(plain.class)
        if stall, let database {
            print("load average \(loadAverage()); again with class-0's rows locked \(stallHold) s at a time")
            let stalled = try measure(daemon, loaded, name: "class while class-0 stalls, \(store)",
                                      stalled: (database, plain.class.latency.p99))
            figures.append(stalled.class)
            if let apart = stalled.apart { figures.append(apart) }
        }
        print(figureTable(figures))
        print("load average \(loadAverage())")
        if let goalRows {
            var table = GoalTable()
            for figure in figures {
                let measured = String(format: "p99 %.2f ms, p99.9 %.2f ms (%d learners)", figure.latency.p99, figure.latency.p999, learners)
                for goal in figure.goals {
                    table.add(figure.name, measured: measured, goal: goal.text, met: goal.met)
                }
            }
            try JSONEncoder().encode(table.rows).write(to: URL(fileURLWithPath: goalRows))
        }
    }

    /// One run of the class; with `stalled`, class-0 is kept apart and its rows locked, and the
    /// others are held to the p99 of the run without.
    private func measure(_ daemon: DaemonUnderTest, _ loaded: Course, name: String,
                         stalled: (database: String, baselineP99: Double)?) throws -> (class: BenchFigure, apart: BenchFigure?) {
        var cpuStart: Double?, cpu: Double?
        var lock: RowLockStall?
        defer { lock?.stop() }
        let client = OpenLoopClient(socketPath: daemon.socketPath, course: loaded, learners: learners, think: think,
                                    warmup: warmup, seconds: seconds, apart: stalled == nil ? nil : 0)
        var lockError: Error?
        let outcome = try client.run(atWindowStart: {
            cpuStart = daemon.cpuSeconds()
            if let stalled {
                do { lock = try RowLockStall(database: stalled.database, profile: "class-0", hold: stallHold, seconds: seconds + 10) } catch { lockError = error }
            }
        }, atWindowEnd: {
            if let cpuStart, let end = daemon.cpuSeconds() { cpu = (end - cpuStart) / seconds }
        })
        if let lockError { throw lockError }
        let lag = outcome.sendLag.summary
        let counts = ClassLearner.Kind.allCases.map { "\(outcome.requests[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
        print("  \(name): \(counts); \(outcome.errors) errors, \(outcome.unanswered) unanswered")
        print(String(format: "  the client sent late by p50 %.3f ms, p99 %.3f ms, max %.3f ms (included in the latencies)", lag.p50, lag.p99, lag.max))
        let kinds = ClassLearner.Kind.allCases.compactMap { kind in
            outcome.byKind[kind].map { String(format: "%@ %.2f / %.1f", kind.rawValue, $0.summary.p50, $0.summary.p99) }
        }
        print("  p50 / p99 ms by kind (answered only): " + kinds.joined(separator: ", "))
        let summary = outcome.latency.summary
        var goals: [BenchFigure.Goal]
        if let stalled {
            // "Unchanged": within a fifth of the run without, or 1 ms, whichever is more.
            let allowed = max(stalled.baselineP99 * 1.2, stalled.baselineP99 + 1)
            goals = [.init(text: String(format: "others' p99 unchanged (≤ %.2f ms)", allowed), met: summary.p99 <= allowed)]
        } else if name.hasSuffix("PostgreSQL") {
            goals = [.init(text: "p99 ≤ 25 ms", met: summary.p99 <= 25)]
        } else {
            goals = [.init(text: "p99 ≤ 5 ms", met: summary.p99 <= 5), .init(text: "p99.9 ≤ 20 ms", met: summary.p999 <= 20)]
        }
        goals.append(.init(text: "nothing unanswered", met: outcome.unanswered == 0 && outcome.errors == 0))
        let figure = BenchFigure(name: name, latency: summary, requestsPerSecond: outcome.requestsPerSecond, daemonCPU: cpu,
                                 daemonRSSKiB: daemon.residentKiB(), goals: goals)
        let apart = stalled.map { _ in
            BenchFigure(name: "class-0 alone (its rows locked)", latency: outcome.apartLatency.summary)
        }
        return (figure, apart)
    }
}

/// The 1, 5 and 15 minute load averages, as uptime shows them.
func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    guard getloadavg(&loads, 3) == 3 else { return "?" }
    return loads.map { String(format: "%.2f", $0) }.joined(separator: ", ")
}
