import Foundation
import NIOConcurrencyHelpers

/// One ``TokenBucket`` per key (a Unix user, a learner), shared by every thread that serves
/// them. Memory stays bounded: a key whose bucket has filled up again is forgotten, as a new
/// bucket would be the same.
final class RateLimiter<Key: Hashable & Sendable>: Sendable {
    private let burst: Int
    private let interval: TimeInterval
    private let buckets = NIOLockedValueBox<[Key: TokenBucket]>([:])
    /// Past this many remembered keys, full buckets are swept before a new key is added.
    private let sweepAbove: Int

    /// - Precondition: `burst >= 1` and `interval > 0`.
    init(burst: Int, interval: TimeInterval, sweepAbove: Int = 1024) {
        precondition(burst >= 1 && interval > 0, "a rate limit needs room for one request and a positive interval")
        self.burst = burst
        self.interval = interval
        self.sweepAbove = sweepAbove
    }

    /// Takes one request of `key`'s at `now`: `nil` when it may go ahead, else how long until
    /// it could.
    func take(_ key: Key, now: Date) -> TimeInterval? {
        buckets.withLockedValue { buckets in
            if buckets[key] == nil, buckets.count >= sweepAbove {
                buckets = buckets.filter { _, bucket in
                    var bucket = bucket
                    return !bucket.isFull(now: now)
                }
            }
            var bucket = buckets[key] ?? TokenBucket(burst: burst, interval: interval, now: now)
            let wait = bucket.take(now: now)
            buckets[key] = bucket
            return wait
        }
    }

    /// How many keys are remembered (for tests of the bound).
    var rememberedKeys: Int { buckets.withLockedValue { $0.count } }
}
