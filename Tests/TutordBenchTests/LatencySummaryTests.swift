import Testing
@testable import tutord_bench

@Suite struct LatencySummaryTests {
    @Test func percentilesOfAKnownSpread() {
        var recorder = LatencyRecorder()
        for millisecond in 1...1000 { recorder.record(nanoseconds: UInt64(millisecond) * 1_000_000) }
        let summary = recorder.summary
        #expect(summary.count == 1000)
        // Three significant digits: each value within 0.1 %.
        for (value, expected) in [(summary.p50, 500.0), (summary.p90, 900), (summary.p99, 990), (summary.p999, 999), (summary.max, 1000)] {
            #expect(abs(value - expected) <= expected * 0.001, "\(value) for \(expected)")
        }
    }

    @Test func anEmptyRunHasNoPercentiles() {
        let summary = LatencyRecorder().summary
        #expect(summary.count == 0 && summary.p99.isNaN)
    }

    @Test func theTableSaysWhichGoalsWereMet() {
        var recorder = LatencyRecorder()
        recorder.record(nanoseconds: 4_000_000)
        let figure = BenchFigure(name: "class, SQLite", latency: recorder.summary, requestsPerSecond: 1000, daemonCPU: 0.25,
                                 daemonRSSKiB: 51_200, goals: [.init(text: "p99 ≤ 5 ms", met: true), .init(text: "p99 ≤ 1 ms", met: false)])
        let row = figureTable([figure]).split(separator: "\n")[2]
        #expect(row == "| class, SQLite | 1 | 4.00 | 4.00 | 4.00 | 4.00 | 4.00 | 1000 | 25 % | 50.0 MiB | p99 ≤ 5 ms: met; p99 ≤ 1 ms: no |")
    }
}
