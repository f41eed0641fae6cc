import CourseSearch
import Dispatch
import NIOConcurrencyHelpers

/// The `ask` index of one load of the courses, built on a queue of its own: building it
/// (FTS5, a copy per core) was most of the daemon's start-up, and nothing but `ask` needs it,
/// so the daemon listens and answers while it is built. An `ask` that comes first waits for
/// the build and then searches the index of the very courses loaded, so its answer is the one
/// it would have got had the daemon waited. Asks run on the blocking pool, never on an event
/// loop, so the wait holds up no other learner.
final class DeferredAnswerer: @unchecked Sendable {
    /// 0 while building, 1 once `answerer` is set.
    private let lock = ConditionLock(value: 0)
    /// Written once, under `lock`, before its value becomes 1; read only after.
    private var answerer: CourseAnswerer?

    /// Starts `build` on `queue`; its result (`nil`: no index) is what ``wait()`` returns.
    init(on queue: DispatchQueue, build: @escaping @Sendable () -> CourseAnswerer?) {
        queue.async { [self] in
            let built = build()
            lock.lock()
            answerer = built
            lock.unlock(withValue: 1)
        }
    }

    /// The index, once built (waiting for the build if it is still running).
    func wait() -> CourseAnswerer? {
        lock.lock(whenValue: 1)
        defer { lock.unlock() }
        return answerer
    }

    /// Whether the build has finished (for tests and status; never blocks).
    var isBuilt: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lock.value == 1
    }
}
