/// A review card's memory state under FSRS, as a value: what the scheduler reads and returns.
///
/// Times are whole seconds since 1970 (UTC), so schedules compare exactly and no clock is
/// read here.
public struct CardState: Sendable, Equatable, Codable {
    /// FSRS's three phases: short learning steps for a new card, day intervals once it is
    /// known, short relearning steps after a lapse.
    public enum Phase: Int, Sendable, Codable {
        case learning = 1, review = 2, relearning = 3
    }

    public var phase: Phase
    /// The index into the learning or relearning steps; `nil` in the review phase.
    public var step: Int?
    /// Days until recall probability falls to 90%; `nil` before the first review.
    public var stability: Double?
    /// 1 (easy) to 10 (hard); `nil` before the first review.
    public var difficulty: Double?
    /// When the card is next due.
    public var due: Int64
    public var lastReview: Int64?

    /// A card never reviewed, due at once.
    public init(due: Int64) {
        self.phase = .learning
        self.step = 0
        self.due = due
    }

    public init(phase: Phase, step: Int?, stability: Double?, difficulty: Double?, due: Int64, lastReview: Int64?) {
        self.phase = phase
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }
}
