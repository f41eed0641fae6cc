/// A learner's think time between requests, drawn from a seeded generator so a run can be
/// repeated: uniform in `think × (1 ± jitter)` (1-3 s at the default 2 s and 0.5).
/// Nanoseconds throughout; no clock is read here.
struct ThinkTime: Sendable {
    let meanNanoseconds: UInt64
    let jitter: Double
    private var state: UInt64

    init(seconds: Double, jitter: Double = 0.5, seed: UInt64) {
        precondition(seconds > 0 && jitter >= 0 && jitter < 1)
        meanNanoseconds = UInt64(seconds * 1e9)
        self.jitter = jitter
        state = seed
    }

    /// The shortest and longest gap this think time draws.
    var range: ClosedRange<UInt64> {
        let spread = UInt64(Double(meanNanoseconds) * jitter)
        return (meanNanoseconds - spread)...(meanNanoseconds + spread)
    }

    /// The next gap between two intended send times.
    mutating func nextGap() -> UInt64 {
        range.lowerBound + UInt64(unit() * Double(range.upperBound - range.lowerBound))
    }

    /// When a learner first sends, after the schedule begins: anywhere in one longest gap, so
    /// the class does not start in step.
    mutating func firstOffset() -> UInt64 {
        UInt64(unit() * Double(range.upperBound))
    }

    /// A number in 0..<1 (SplitMix64: small, and good enough for think times and choices).
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }
}
