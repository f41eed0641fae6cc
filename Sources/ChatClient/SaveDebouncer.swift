/// Watch mode's debounce: an editor's save is a burst of events (write, close, rename over
/// the old file, a backup written and removed), and the checks should run once, after the
/// burst. Each save pushes the run back to `quiet` seconds after it; ``due(at:)`` says when
/// that moment has come, once. Times are seconds on any monotonic clock (pure: no clock here).
public struct SaveDebouncer: Sendable, Equatable {
    /// Seconds without a save before the run.
    public let quiet: Double
    /// When the run is due, if a save is waiting for one.
    public private(set) var deadline: Double?

    public init(quiet: Double = 0.2) {
        self.quiet = quiet
    }

    /// A save was seen at `now`.
    public mutating func saved(at now: Double) {
        deadline = now + quiet
    }

    /// Whether the run is due at `now`; when it is, the waiting save is used up.
    public mutating func due(at now: Double) -> Bool {
        guard let deadline, now >= deadline else { return false }
        self.deadline = nil
        return true
    }

    /// Milliseconds until the run is due (for `poll`), or `nil` when nothing waits. Rounded
    /// to the nearest: a wake-up half a millisecond early only polls once more.
    public func timeout(at now: Double) -> Int? {
        deadline.map { max(0, Int((($0 - now) * 1000).rounded())) }
    }

    /// Forgets a waiting save (the exercise was closed).
    public mutating func cancel() {
        deadline = nil
    }
}
