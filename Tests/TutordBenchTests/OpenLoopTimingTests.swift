import Testing
@testable import tutord_bench

/// The class benchmark's schedule: when requests are intended, and what their latency is
/// measured from.
@Suite struct OpenLoopTimingTests {
    static let second: UInt64 = 1_000_000_000

    @Test func thinkTimesStayInTheirRangeAndAverageTheMean() {
        var think = ThinkTime(seconds: 2, seed: 42)
        #expect(think.range == 1 * Self.second...3 * Self.second)
        var total: UInt64 = 0
        for _ in 0..<10_000 {
            let gap = think.nextGap()
            #expect(think.range.contains(gap))
            total += gap
        }
        let mean = Double(total) / 10_000 / 1e9
        #expect(abs(mean - 2) < 0.05)
        let first = think.firstOffset()
        #expect(first < 3 * Self.second)
    }

    @Test func theSameSeedGivesTheSameSchedule() {
        var one = ThinkTime(seconds: 2, seed: 7), other = ThinkTime(seconds: 2, seed: 7), third = ThinkTime(seconds: 2, seed: 8)
        let gaps = (0..<5).map { _ in one.nextGap() }
        let same = (0..<5).map { _ in other.nextGap() }
        let another = (0..<5).map { _ in third.nextGap() }
        #expect(gaps == same)
        #expect(gaps != another)
    }

    /// A reply 5 s late: the requests that fell due meanwhile go out as replies arrive, and
    /// each latency runs from its own intended time, not from when it could be sent.
    @Test func latencyRunsFromTheIntendedTimeWhenTheDaemonStalls() {
        let t0: UInt64 = 100 * Self.second
        var connection = PacedConnection()
        let sent = [connection.due(intended: t0), connection.due(intended: t0 + 2 * Self.second),
                    connection.due(intended: t0 + 4 * Self.second)]
        #expect(sent == [true, false, false])
        let first = connection.replied(at: t0 + 5 * Self.second)
        #expect(first.intended == t0 && first.latency == 5 * Self.second && first.sendNow == t0 + 2 * Self.second)
        let second = connection.replied(at: t0 + 5 * Self.second + 1_000_000)
        #expect(second.latency == 3 * Self.second + 1_000_000)
        #expect(second.sendNow == t0 + 4 * Self.second)
        let third = connection.replied(at: t0 + 5 * Self.second + 2_000_000)
        #expect(third.latency == Self.second + 2_000_000)
        #expect(third.sendNow == nil && connection.outstanding == nil)
        // On time again: the next request is sent when due.
        let sentOnTime = connection.due(intended: t0 + 6 * Self.second)
        #expect(sentOnTime)
        let onTime = connection.replied(at: t0 + 6 * Self.second + 500_000)
        #expect(onTime.latency == 500_000)
    }

    @Test func timersComeOutInTimeOrderWhenDue() {
        var heap = DeadlineHeap()
        for (connection, time) in [50, 10, 40, 30, 20, 10].enumerated() { heap.insert(UInt64(time), connection: connection) }
        #expect(heap.popDue(by: 5) == nil)
        var times: [UInt64] = []
        while let (time, _) = heap.popDue(by: 35) { times.append(time) }
        #expect(times == [10, 10, 20, 30])
        #expect(heap.earliest == 40)
    }
}
