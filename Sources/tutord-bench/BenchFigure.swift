/// One measured figure of a benchmark and the goals it is held to: a row of the table
/// `figureTable(_:)` prints, so another command (or `make bench`) can gather several.
struct BenchFigure {
    /// A goal and whether this run met it.
    struct Goal {
        var text: String
        var met: Bool
    }

    var name: String
    var latency: LatencySummary
    var requestsPerSecond: Double?
    /// The daemon's CPU time (user and system) per second of wall time, over the window.
    var daemonCPU: Double?
    var daemonRSSKiB: Int?
    var goals: [Goal] = []
}
