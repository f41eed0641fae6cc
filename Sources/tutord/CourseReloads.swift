import Dispatch
import Glibc
import Logging
import Synchronization
import SystemSupport
import TutorServer

/// Course reloads on SIGHUP, run one at a time on their own queue.
///
/// Not on the signal queue: a slow reload there held up SIGTERM and (sharing it with the
/// monitor) the watchdog. Requests that arrive while one waits to start are folded into it;
/// one that arrives while a reload runs gets a reload of its own, since the files may have
/// changed after the running one read them.
final class CourseReloads: Sendable {
    private let library: CourseLibrary
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let status: @Sendable () -> String
    private let queue = DispatchQueue(label: "tutord.reload")
    /// A reload is queued and has not begun. Atomic rather than a lock: ThreadSanitizer cannot
    /// see the standard library's `Mutex` (a futex) on Linux and would report its users.
    private let waiting = Atomic<Bool>(false)

    init(library: CourseLibrary, notifier: SystemdNotifier, logger: Logger, status: @escaping @Sendable () -> String) {
        self.library = library
        self.notifier = notifier
        self.logger = logger
        self.status = status
    }

    /// Asks for a reload; returns at once.
    func request() {
        guard !waiting.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            waiting.store(false, ordering: .releasing)
            notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds())")
            logger.info("reloading courses (SIGHUP)")
            library.reload()
            notifier.notify("READY=1\nSTATUS=\(status())")
        }
    }

    /// Waits for a reload in progress (at shutdown).
    func finish() {
        queue.sync {}
    }
}

/// CLOCK_MONOTONIC in microseconds, as `MONOTONIC_USEC=` wants it.
private func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
}
