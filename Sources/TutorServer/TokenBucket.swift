import Foundation

/// A token bucket: up to `burst` requests at once, then one for every `interval` that
/// passes. Pure: the caller passes the time, so tests need no clock.
///
/// How a daemon shared by people who do not trust each other keeps one of them from
/// spending what everyone shares (the store's disk and writes, a class-wide computation)
/// while a person working at a person's pace never meets the limit.
struct TokenBucket: Sendable, Equatable {
    /// The most requests allowed at once (and the bucket's size).
    let burst: Double
    /// How long it takes to earn one request back.
    let interval: TimeInterval
    private var tokens: Double
    private var updated: Date

    /// A full bucket at `now`.
    ///
    /// - Precondition: `burst >= 1` and `interval > 0`.
    init(burst: Int, interval: TimeInterval, now: Date) {
        precondition(burst >= 1 && interval > 0, "a token bucket needs room for one request and a positive interval")
        self.burst = Double(burst)
        self.interval = interval
        self.tokens = Double(burst)
        self.updated = now
    }

    /// Takes one request's token: `nil` when the request may go ahead, else how long until
    /// it could (for the `ERR rate-limited` message). A refused request takes nothing.
    mutating func take(now: Date) -> TimeInterval? {
        refill(now: now)
        guard tokens >= 1 else { return (1 - tokens) * interval }
        tokens -= 1
        return nil
    }

    /// Whether the bucket is full at `now`: a full bucket remembers nothing a new one would not.
    mutating func isFull(now: Date) -> Bool {
        refill(now: now)
        return tokens >= burst
    }

    private mutating func refill(now: Date) {
        // A clock that steps back earns nothing (and takes nothing back).
        let elapsed = max(0, now.timeIntervalSince(updated))
        tokens = min(burst, tokens + elapsed / interval)
        updated = max(updated, now)
    }
}
