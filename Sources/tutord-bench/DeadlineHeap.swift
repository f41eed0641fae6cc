/// The open-loop client's timers: which connection is due next. A binary min-heap of
/// (time, connection); each connection has at most one entry, its next intended send.
struct DeadlineHeap: Sendable {
    private var entries: [(time: UInt64, connection: Int)] = []

    var isEmpty: Bool { entries.isEmpty }
    var earliest: UInt64? { entries.first?.time }

    mutating func insert(_ time: UInt64, connection: Int) {
        entries.append((time, connection))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].time < entries[parent].time else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due by `now`.
    mutating func popDue(by now: UInt64) -> (time: UInt64, connection: Int)? {
        guard let first = entries.first, first.time <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < entries.count && entries[left].time < entries[smallest].time { smallest = left }
                if right < entries.count && entries[right].time < entries[smallest].time { smallest = right }
                if smallest == parent { break }
                entries.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
