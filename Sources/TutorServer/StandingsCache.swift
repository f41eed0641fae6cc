import Dispatch
import Foundation
import NIOConcurrencyHelpers
import ProgressStore

/// The class's standings, read from the store at most once per ``window`` for each board
/// (``StandingsKey``), however many learners ask: a class-wide read costs the store a grouped
/// query over every learner's rows, and once shared it no longer grows with the askers.
///
/// Those who ask while a board is being read wait for that reading instead of starting their
/// own (a single flight); what they get was read after they asked. The window counts from
/// when a reading finished, not from when it began: at 100,000 learners a reading takes
/// seconds (6-10 s measured, docs/benchmarks.md), and a window counted from its start was over
/// before anyone could share it, so every asker read the class again. Time is the caller's
/// (the server's ``TutorClock``), so tests choose it. A board read at a time later than the
/// clock's (a clock that stepped back) is read again.
///
/// Blocking: call it where a store read may block (the learner pool).
final class StandingsCache: Sendable {
    /// How long a reading serves, in seconds.
    let window: TimeInterval
    private let slots = NIOLockedValueBox<[StandingsKey: Slot]>([:])
    /// Called when an asker joins a reading under way (for tests of the single flight).
    private let joined: (@Sendable () -> Void)?

    private enum Slot {
        /// A reading, and the clock's time when it was finished.
        case read(Standings, finishedAt: Date)
        case reading(Flight)
    }

    /// One reading under way, and what it gave, for those who wait for it.
    private final class Flight: Sendable {
        private let done = DispatchGroup()
        private let outcome = NIOLockedValueBox<Result<Standings, StoreError>?>(nil)

        init() { done.enter() }

        func finish(_ result: Result<Standings, StoreError>) {
            outcome.withLockedValue { $0 = result }
            done.leave()
        }

        func wait() -> Result<Standings, StoreError> {
            done.wait()
            return outcome.withLockedValue { $0! }
        }
    }

    init(window: TimeInterval, joined: (@Sendable () -> Void)? = nil) {
        self.window = window
        self.joined = joined
    }

    /// The standings of `key` from a reading finished at most ``window`` before `clock()`;
    /// else `read` is called now (by this caller, or by another caller already reading them,
    /// whose result this one shares).
    func standings(_ key: StandingsKey, clock: () -> Date,
                   read: () throws(StoreError) -> Standings) throws(StoreError) -> Standings {
        enum Part { case have(Standings), wait(Flight), read(Flight) }
        let now = clock()
        let part: Part = slots.withLockedValue { slots in
            switch slots[key] {
            case .read(let standings, let finishedAt) where isFresh(finishedAt, now: now):
                return .have(standings)
            case .reading(let flight):
                return .wait(flight)
            case .read, nil:
                // Readings past their window are of no use to anyone: the slots stay as few as
                // the boards asked for lately.
                slots = slots.filter { _, slot in
                    if case .read(_, let finishedAt) = slot { return isFresh(finishedAt, now: now) }
                    return true
                }
                let flight = Flight()
                slots[key] = .reading(flight)
                return .read(flight)
            }
        }
        let result: Result<Standings, StoreError>
        switch part {
        case .have(let standings):
            return standings
        case .wait(let flight):
            joined?()
            result = flight.wait()
        case .read(let flight):
            do {
                result = .success(try read())
            } catch {
                result = .failure(error)
            }
            let finishedAt = clock()
            slots.withLockedValue { slots in
                // Only if nobody emptied the cache meanwhile (``invalidate()``): this reading
                // may predate what that was for. A failure is not kept; the next asker reads again.
                guard case .reading(let current) = slots[key], current === flight else { return }
                slots[key] = try? result.map { Slot.read($0, finishedAt: finishedAt) }.get()
            }
            flight.finish(result)
        }
        return try result.get()
    }

    /// Forgets every reading, and readings under way will not be kept: the next asker reads
    /// the store. For what must show at once (a learner hiding from the board).
    func invalidate() {
        slots.withLockedValue { $0.removeAll() }
    }

    private func isFresh(_ finishedAt: Date, now: Date) -> Bool {
        let age = now.timeIntervalSince(finishedAt)
        return age >= 0 && age < window
    }
}
