import Logging
import NIOConcurrencyHelpers
import ProgressStore

/// Logs failures to save progress as a change of state, not one line per request: a full disk
/// failing every learner's every step once wrote 10,052 lines in 25 s.
///
/// The first failure is logged with its cause; while writes go on failing, only the 10th,
/// 100th, 1,000th, ... say how many have failed (a few lines however long it lasts); the next
/// success says that progress is saved again and how many writes failed in all. A store that
/// logs its own outages (PostgreSQL out of reach: `StoreError.Kind.unavailable`) is counted but
/// not logged again.
final class SaveFailureLog: Sendable {
    private struct State {
        var failures = 0
        var nextReport = 10
    }

    private let state = NIOLockedValueBox(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// A write failed (not a refusal because another tutord moved the learner on).
    func failed(_ error: StoreError, metadata: Logger.Metadata) {
        let (failures, report) = state.withLockedValue { state -> (Int, Bool) in
            state.failures += 1
            guard state.failures == state.nextReport else { return (state.failures, state.failures == 1) }
            state.nextReport *= 10
            return (state.failures, true)
        }
        guard report else {
            logger.debug("cannot save progress", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return
        }
        if failures == 1 {
            guard error.kind != .unavailable else { return }  // the store said so itself
            logger.error("cannot save progress; further failures are counted, not logged one by one",
                         metadata: metadata.merging(["error": "\(error)"]) { $1 })
        } else {
            logger.error("\(failures) writes of progress have failed since the first", metadata: ["error": "\(error)"])
        }
    }

    /// A write succeeded: if writes were failing, that is over.
    func succeeded() {
        let failures = state.withLockedValue { state -> Int in
            let failures = state.failures
            if failures > 0 { state = State() }
            return failures
        }
        if failures > 0 {
            logger.notice("progress is saved again", metadata: ["failed writes": "\(failures)"])
        }
    }
}
