/// The tutor's varied phrasing. Which variant is used comes from a seeded choice, so the
/// same conversation always reads the same.
enum Phrasebook {
    static let praise = ["Exactly.", "Spot on.", "That's it.", "Correct.", "Right you are.", "Nicely done."]
    static let notQuite = ["Not quite.", "Not this one.", "Close, but no.", "That's not it."]
    static let retry = [
        "Have another go, or type `hint` for a nudge.",
        "Try again; `hint` gives you a clue.",
        "Give it another try. Stuck? Type `hint`.",
    ]
    /// Before a retry question: a new question on the same idea, not the one just missed.
    static let instead = [
        "Try this one instead: a new question on the same idea.",
        "Here is a new question on the same idea; try this one instead.",
        "Now a different question on the same idea. Try this one instead:",
    ]
    static let onward = ["Let's keep going.", "On we go.", "Onwards.", "Moving on."]
}

/// A deterministic pseudo-random choice (SplitMix64 of a seed and a counter).
///
/// Not randomness: the same seed and counter always pick the same element.
struct SeededChoice: Sendable {
    var seed: UInt64

    func pick<T>(_ items: [T], counter: UInt64) -> T {
        var generator = SplitMix64(state: seed &+ (counter &- 1) &* SplitMix64.increment)
        return items[Int(generator.next() % UInt64(items.count))]
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose whole state is one
/// number, so a seed fully determines its output. For seeded choices and seeded tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A stable 64-bit hash (FNV-1a) of a string, for seeds that must not change between runs.
/// Swift's `Hasher` is randomly seeded per process, so it cannot serve here.
public func stableSeed(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}
