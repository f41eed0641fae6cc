import Foundation

/// What one learner's requests may add to the store: answers and review gradings, the rows
/// that grow with every try (a step overwrites the position, and `leaderboard hide` a flag,
/// so neither is limited). A zero turns a limit off.
///
/// A classroom daemon has ``classroom`` unless its flags say otherwise: there one student's
/// script must not fill the disk every student's progress is on, or spend the commits they
/// share. A user's own daemon has ``none``: only that user can reach it, and benchmarks and the
/// durability tests answer thousands of times a second.
public struct WriteLimits: Sendable, Equatable {
    /// Answers a learner may send at once before the rate applies (the token bucket's size).
    public var burst: Int
    /// Answers a learner may send per minute, sustained; 0: no rate limit.
    public var perMinute: Int
    /// Answers and review gradings one learner may have stored, all courses together; 0: no cap.
    public var maxStored: Int

    public init(burst: Int, perMinute: Int, maxStored: Int) {
        self.burst = burst
        self.perMinute = perMinute
        self.maxStored = maxStored
    }

    /// No limits.
    public static let none = WriteLimits(burst: 0, perMinute: 0, maxStored: 0)

    /// A class's defaults, which a person never meets and a script does. A person answers a
    /// quiz at most about once a second (reading it takes longer; a review of shuffled options
    /// as long): 2 a second sustained is twice that, and a burst of 30 lets a quick learner
    /// rattle through a review after a pause without ever waiting. A script flooding answers
    /// for 36 s then has 30 + 72 of them stored (docs/benchmarks.md). 20,000 stored answers
    /// and gradings is two orders of magnitude above going through every quiz of every shipped
    /// course several times over (the two courses have 22 and 6 questions), about 7 MB of
    /// database for one learner with answers cut to 256 characters (measured), and more than
    /// two and a half hours of answering at the full rate.
    public static let classroom = WriteLimits(burst: 30, perMinute: 120, maxStored: 20_000)

    /// Whether any limit is on.
    public var limitsAnything: Bool { perMinute > 0 || maxStored > 0 }
}
