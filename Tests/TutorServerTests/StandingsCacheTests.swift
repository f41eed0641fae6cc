import Foundation
import NIOConcurrencyHelpers
@testable import ProgressStore
import TestThreads
import Testing
import Tutoring
@testable import TutorServer

/// The class's standings are read at most once per window however many ask, those who ask
/// during a reading share it, and what must show at once (a learner hiding) empties the cache.
/// Time is passed in, so no test waits for a window to pass.
@Suite(.blockingThreads) struct StandingsCacheTests {
    let start = Date(timeIntervalSince1970: 1_000_000)
    let board = StandingsKey(course: "cpython-internals", week: false)

    /// A reading of one learner with `xp`, counting the readings in `reads`.
    func reading(xp: Int, counting reads: NIOLockedValueBox<Int>) -> Standings {
        reads.withLockedValue { $0 += 1 }
        return Standings([LearnerTotals(learner: LearnerID(uid: 1, profile: ""), xp: xp, lessonsDone: 0, firstTry: 0, questionsTried: 0,
                                        streak: 0, lastActive: nil, isHidden: false)],
                         name: { _ in "one" })
    }

    @Test func aBoardIsReadOncePerWindow() throws {
        let cache = StandingsCache(window: 5)
        let reads = NIOLockedValueBox(0)
        for (offset, xp) in [(0.0, 10), (1, 20), (4.9, 30)] {
            let now = start.addingTimeInterval(offset)
            let standings = try cache.standings(board, clock: { now }) { () throws(StoreError) in reading(xp: xp, counting: reads) }
            #expect(standings.everyone.first?.totals.xp == 10, "within the window, the first reading serves")
        }
        #expect(reads.withLockedValue { $0 } == 1)
        // Once the window has passed, the store is read again.
        let later = start.addingTimeInterval(5)
        let again = try cache.standings(board, clock: { later }) { () throws(StoreError) in reading(xp: 40, counting: reads) }
        #expect(again.everyone.first?.totals.xp == 40)
        #expect(reads.withLockedValue { $0 } == 2)
        // Another board is read of its own.
        let week = try cache.standings(StandingsKey(course: "cpython-internals", week: true), clock: { later }) { () throws(StoreError) in
            reading(xp: 50, counting: reads)
        }
        #expect(week.everyone.first?.totals.xp == 50)
        #expect(reads.withLockedValue { $0 } == 3)
    }

    /// The window counts from when a reading finished: a reading slower than the window (a
    /// large class) still serves those who ask after it, instead of each asker reading again.
    @Test func theWindowCountsFromTheEndOfAReading() throws {
        let cache = StandingsCache(window: 5)
        let reads = NIOLockedValueBox(0)
        let clock = NIOLockedValueBox(start)
        _ = try cache.standings(board, clock: { clock.withLockedValue { $0 } }) { () throws(StoreError) in
            clock.withLockedValue { $0 = $0.addingTimeInterval(8) }  // a reading that takes 8 s
            return reading(xp: 10, counting: reads)
        }
        clock.withLockedValue { $0 = $0.addingTimeInterval(1) }
        let next = try cache.standings(board, clock: { clock.withLockedValue { $0 } }) { () throws(StoreError) in
            reading(xp: 20, counting: reads)
        }
        #expect(next.everyone.first?.totals.xp == 10, "a second after the reading finished, it still serves")
        #expect(reads.withLockedValue { $0 } == 1)
    }

    @Test func aClockThatStepsBackReadsAgain() throws {
        let cache = StandingsCache(window: 5)
        let reads = NIOLockedValueBox(0)
        _ = try cache.standings(board, clock: { start }) { () throws(StoreError) in reading(xp: 10, counting: reads) }
        let earlier = start.addingTimeInterval(-1)
        let back = try cache.standings(board, clock: { earlier }) { () throws(StoreError) in reading(xp: 20, counting: reads) }
        #expect(back.everyone.first?.totals.xp == 20)
        #expect(reads.withLockedValue { $0 } == 2)
    }

    @Test func invalidatingMakesTheNextAskerRead() throws {
        let cache = StandingsCache(window: 5)
        let reads = NIOLockedValueBox(0)
        _ = try cache.standings(board, clock: { start }) { () throws(StoreError) in reading(xp: 10, counting: reads) }
        cache.invalidate()
        let after = try cache.standings(board, clock: { start }) { () throws(StoreError) in reading(xp: 20, counting: reads) }
        #expect(after.everyone.first?.totals.xp == 20)
        #expect(reads.withLockedValue { $0 } == 2)
    }

    @Test func aFailedReadingIsNotKept() throws {
        let cache = StandingsCache(window: 5)
        let reads = NIOLockedValueBox(0)
        #expect(throws: StoreError.self) {
            try cache.standings(board, clock: { start }) { () throws(StoreError) -> Standings in throw StoreError(.io, "a test's failure") }
        }
        let next = try cache.standings(board, clock: { start }) { () throws(StoreError) in reading(xp: 10, counting: reads) }
        #expect(next.everyone.first?.totals.xp == 10)
    }

    /// Two askers at once: the second waits for the first one's reading and gets its result;
    /// the store is read once.
    @Test func askersDuringAReadingShareIt() throws {
        let joined = DispatchSemaphore(value: 0)
        let cache = StandingsCache(window: 5, joined: { joined.signal() })
        let reads = NIOLockedValueBox(0)
        let release = DispatchSemaphore(value: 0)
        let results = NIOLockedValueBox<[Int]>([])
        let bothDone = DispatchGroup()
        for xp in [10, 20] {
            bothDone.enter()
            let asker = Thread { [board, start] in
                defer { bothDone.leave() }
                let standings = try? cache.standings(board, clock: { start }) { () throws(StoreError) in
                    // The first asker reads, and holds the reading until the second has joined it.
                    release.wait()
                    return reading(xp: xp, counting: reads)
                }
                results.withLockedValue { $0.append(standings?.everyone.first?.totals.xp ?? -1) }
            }
            asker.start()
        }
        joined.wait()
        release.signal()
        bothDone.wait()
        #expect(reads.withLockedValue { $0 } == 1)
        let seen = results.withLockedValue { $0 }
        #expect(seen.count == 2 && seen[0] == seen[1] && seen[0] > 0, "both askers got the one reading: \(seen)")
    }

    /// A reading that began before the cache was emptied serves those who asked for it, but
    /// is not kept: it may predate what emptying it was for.
    @Test func aReadingUnderWayWhenEmptiedIsNotKept() throws {
        let cache = StandingsCache(window: 5)
        let reads = NIOLockedValueBox(0)
        let during = try cache.standings(board, clock: { start }) { () throws(StoreError) in
            cache.invalidate()
            return reading(xp: 10, counting: reads)
        }
        #expect(during.everyone.first?.totals.xp == 10)
        let next = try cache.standings(board, clock: { start }) { () throws(StoreError) in reading(xp: 20, counting: reads) }
        #expect(next.everyone.first?.totals.xp == 20)
    }
}
