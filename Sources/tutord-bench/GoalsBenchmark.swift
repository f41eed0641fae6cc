import ArgumentParser
import Foundation

/// `make bench`'s last step: measures the start-up figures, reads the server-CPU figures of
/// the `compare` run before it, and prints every goal of the performance issue in one table
/// (docs/benchmarks.md starts with it).
struct GoalsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goals",
        abstract: "Every goal of the performance issue in one table: the figure, the goal, met or not.",
        discussion: """
            Measures socket activation against Redis (`activation`) and tutor's launch \
            (`launch`), and takes the CPU per reply from the file `compare --figures` wrote. \
            Figures of benchmarks that have not run print "not run".
            """
    )

    @Option(help: ArgumentHelp("The figures `compare --figures` wrote in this run.", valueName: "path"))
    var compareFigures: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Goal rows other commands wrote in this run (`class --goal-rows`).", valueName: "path"))
    var goalRows: [String] = []

    @Option(help: "Starts and launches of the start-up figures (each figure is their median).")
    var runs = 15

    @OptionGroup var options: DaemonOptions

    /// The server CPU per reply the guards hold to (2026-12-07): a regression beyond 10 % of
    /// these is a failure.
    static let pingCPUOfFloor = 0.96
    static let answerCPUMicroseconds = 32.5
    static let turnCPUMicroseconds = 21.4
    static let allowedRegression = 1.10

    func run() throws {
        var table = GoalTable()

        let activation = try ActivationBenchmark.measure(runs: runs, daemon: options.daemon, dialogues: options.dialogues)
        print(activation.summary)
        table.add("socket activation: spawn to first reply (median of \(runs)), ÷ Redis's",
                  measured: String(format: "%.2f× (%.1f ms vs %.1f ms)", activation.ratio, activation.tutordMedian, activation.redisMedian),
                  goal: "≤ 1.5×", met: activation.ratio <= 1.5)

        let daemon = try options.start()
        let launch: [Double]
        do {
            defer { daemon.stop() }
            launch = try LaunchBenchmark.measure(runs: runs, tutor: nil, socket: daemon.socketPath, course: "cpython-internals")
        }
        print(LaunchBenchmark.summary(launch))
        table.add("`tutor` launch to first drawn screen, daemon running (median of \(runs))",
                  measured: String(format: "%.1f ms", median(launch)), goal: "≤ 50 ms", met: median(launch) <= 50)

        addServerCPU(to: &table)
        addOtherHelpersRows(to: &table)
        print("\nThe issue's goals, this run:\n")
        print(table.rendered())
    }

    /// The three guards on server CPU per reply, from `compare`'s figures.
    private func addServerCPU(to table: inout GoalTable) {
        let pingName = "ping, 100 connections, server CPU µs per reply"
        let answerName = "durable answers, 100, server CPU µs per reply"
        let turnName = "lesson turns, 100, server CPU µs per reply"
        let pingGoal = String(format: "≤ %.2f× (%.2f× + 10 %%)", Self.pingCPUOfFloor * Self.allowedRegression, Self.pingCPUOfFloor)
        let answerGoal = String(format: "≤ %.1f µs (%.1f + 10 %%)", Self.answerCPUMicroseconds * Self.allowedRegression, Self.answerCPUMicroseconds)
        let turnGoal = String(format: "≤ %.1f µs (%.1f + 10 %%)", Self.turnCPUMicroseconds * Self.allowedRegression, Self.turnCPUMicroseconds)
        let pingFigure = "server CPU per reply: ping, ÷ the SwiftNIO floor's"
        let answerFigure = "server CPU per reply: durable answer"
        let turnFigure = "server CPU per reply: lesson turn"
        guard let path = compareFigures else {
            for (figure, goal) in [(pingFigure, pingGoal), (answerFigure, answerGoal), (turnFigure, turnGoal)] {
                table.notRun(figure, goal: goal, because: "no --compare-figures")
            }
            return
        }
        let rows: [ComparisonTable.Row]
        do {
            rows = try JSONDecoder().decode([ComparisonTable.Row].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            for (figure, goal) in [(pingFigure, pingGoal), (answerFigure, answerGoal), (turnFigure, turnGoal)] {
                table.notRun(figure, goal: goal, because: "cannot read \(path): \(error)")
            }
            return
        }
        func row(_ name: String) -> ComparisonTable.Row? { rows.first { $0.name == name } }
        if let ping = row(pingName), let floor = ping.floor, floor > 0 {
            let ratio = ping.tutord / floor
            table.add(pingFigure, measured: String(format: "%.2f× (%.1f µs vs %.1f µs)", ratio, ping.tutord, floor), goal: pingGoal,
                      met: ratio <= Self.pingCPUOfFloor * Self.allowedRegression)
        } else {
            table.notRun(pingFigure, goal: pingGoal, because: "compare did not measure it")
        }
        for (name, figure, goal, baseline) in [(answerName, answerFigure, answerGoal, Self.answerCPUMicroseconds),
                                               (turnName, turnFigure, turnGoal, Self.turnCPUMicroseconds)] {
            if let measured = row(name) {
                table.add(figure, measured: String(format: "%.1f µs", measured.tutord), goal: goal,
                          met: measured.tutord <= baseline * Self.allowedRegression)
            } else {
                table.notRun(figure, goal: goal, because: "compare did not measure it")
            }
        }
    }

    /// The rows other commands of this run wrote (`class --goal-rows`); the PostgreSQL
    /// durable-answer ratios are printed by `load` (run with and without --postgres), not here.
    private func addOtherHelpersRows(to table: inout GoalTable) {
        if goalRows.isEmpty {
            table.notRun("a class of learners (`tutord-bench class`)", goal: "p99 ≤ 5 ms SQLite, ≤ 25 ms PostgreSQL", because: "no --goal-rows")
        }
        for path in goalRows {
            do {
                table.add(try JSONDecoder().decode([GoalTable.Row].self, from: Data(contentsOf: URL(fileURLWithPath: path))))
            } catch {
                table.notRun("rows of \(path)", goal: "-", because: "cannot read it: \(error)")
            }
        }
        table.notRun("durable answers on PostgreSQL ÷ SQLite, one tutord; two tutords ÷ one", goal: "≥ 0.5×; ≥ 1.8×",
                     because: "measured by `load --workload answer` with and without --postgres (and --instances 2), above")
    }
}
