import Histogram

/// Latencies recorded in an HdrHistogram (nanoseconds, three significant digits: a 5 ms
/// latency is kept to within 5 µs, in a few tens of KiB whatever the count), and the
/// percentiles the benchmarks print, in milliseconds.
struct LatencyRecorder: Sendable {
    /// Longer latencies are recorded as this (two minutes): no run waits that long.
    static let highest: UInt64 = 120_000_000_000
    private(set) var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: highest,
                                                  numberOfSignificantValueDigits: .three)

    mutating func record(nanoseconds: UInt64) {
        _ = histogram.record(Swift.min(Swift.max(nanoseconds, 1), Self.highest))
    }

    var summary: LatencySummary { LatencySummary(histogram) }
}

/// Count, percentiles and maximum of a run's latencies, in milliseconds.
struct LatencySummary: Sendable, Equatable {
    var count: UInt64
    var p50: Double
    var p90: Double
    var p99: Double
    var p999: Double
    var max: Double

    init(count: UInt64, p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
        (self.count, self.p50, self.p90, self.p99, self.p999, self.max) = (count, p50, p90, p99, p999, max)
    }

    init(_ histogram: Histogram<UInt64>) {
        func ms(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }
        guard histogram.totalCount > 0 else {
            self.init(count: 0, p50: .nan, p90: .nan, p99: .nan, p999: .nan, max: .nan)
            return
        }
        self.init(count: histogram.totalCount, p50: ms(histogram.valueAtPercentile(50)), p90: ms(histogram.valueAtPercentile(90)),
                  p99: ms(histogram.valueAtPercentile(99)), p999: ms(histogram.valueAtPercentile(99.9)), max: ms(histogram.max))
    }
}
