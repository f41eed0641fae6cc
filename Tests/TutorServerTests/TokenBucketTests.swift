import Foundation
import Testing
@testable import TutorServer

@Suite struct TokenBucketTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func allowsTheBurstThenOneAnInterval() {
        var bucket = TokenBucket(burst: 3, interval: 2, now: start)
        for _ in 0..<3 {
            let wait = bucket.take(now: start)
            #expect(wait == nil)
        }
        let refused = bucket.take(now: start)
        #expect(refused == 2)
        let half = bucket.take(now: start.addingTimeInterval(1))
        #expect(half == 1)  // half a token earned; the refusal took nothing
        let earned = bucket.take(now: start.addingTimeInterval(2))
        #expect(earned == nil)
    }

    @Test func neverHoldsMoreThanTheBurst() {
        var bucket = TokenBucket(burst: 2, interval: 1, now: start)
        let later = start.addingTimeInterval(1_000)
        let first = bucket.take(now: later), second = bucket.take(now: later), third = bucket.take(now: later)
        #expect(first == nil && second == nil && third != nil)
    }

    @Test func aClockThatStepsBackEarnsNothing() {
        var bucket = TokenBucket(burst: 1, interval: 10, now: start)
        let first = bucket.take(now: start)
        let back = bucket.take(now: start.addingTimeInterval(-100))
        let after = bucket.take(now: start.addingTimeInterval(5))
        #expect(first == nil && back == 10 && after == 5)
    }

    @Test func limiterKeepsKeysApartAndForgetsFullBuckets() {
        let limiter = RateLimiter<UInt32>(burst: 1, interval: 10, sweepAbove: 2)
        let a = limiter.take(1, now: start), b = limiter.take(2, now: start), again = limiter.take(1, now: start)
        #expect(a == nil && b == nil && again == 10)
        #expect(limiter.rememberedKeys == 2)
        // Both buckets are full again 10 s later: adding a third key sweeps them.
        let c = limiter.take(3, now: start.addingTimeInterval(10))
        #expect(c == nil)
        #expect(limiter.rememberedKeys == 1)
    }
}
