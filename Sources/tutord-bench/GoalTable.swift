import Foundation

/// The one table `make bench` ends with: every goal of the performance issue, what this run
/// measured, and whether it met it. A figure not measured in this run says "not run".
struct GoalTable {
    /// One goal's row; other commands write theirs to a file (`class --goal-rows`) that
    /// `goals --goal-rows` reads into the table.
    struct Row: Codable {
        var figure: String
        var measured: String
        var goal: String
        var met: Bool?
    }

    private(set) var rows: [Row] = []

    /// Rows another command measured and wrote.
    mutating func add(_ measured: [Row]) {
        rows += measured
    }

    /// A measured figure and whether it met its goal.
    mutating func add(_ figure: String, measured: String, goal: String, met: Bool) {
        rows.append(Row(figure: figure, measured: measured, goal: goal, met: met))
    }

    /// A figure this run did not measure, with why.
    mutating func notRun(_ figure: String, goal: String, because reason: String) {
        rows.append(Row(figure: figure, measured: "not run (\(reason))", goal: goal, met: nil))
    }

    /// A Markdown table, for the head of docs/benchmarks.md as it is printed.
    func rendered() -> String {
        var lines = ["| figure | measured | goal | met |", "| --- | --- | --- | --- |"]
        for row in rows {
            let met = row.met.map { $0 ? "met" : "**no**" } ?? "not run"
            lines.append("| \(row.figure) | \(row.measured) | \(row.goal) | \(met) |")
        }
        return lines.joined(separator: "\n")
    }
}
