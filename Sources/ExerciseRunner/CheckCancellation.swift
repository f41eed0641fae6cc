import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stops a running check from another thread, such as a signal handler's queue: the check's
/// process group is killed, the run returns (its directory removed) with a `cancelled`
/// ending, and no further check starts. So Ctrl-C on `tutord exercise check` leaves nothing
/// running and nothing behind.
public final class CheckCancellation: @unchecked Sendable {
    // A lock, not an actor: the run reads it from a plain loop.
    private let lock = NSLock()
    private var running: pid_t = 0
    private var cancelled = false

    public init() {}

    /// Kills the running check's group, if any, and stops the rest.
    public func cancel() {
        lock.lock()
        defer { lock.unlock() }
        cancelled = true
        if running > 0 {
            kill(-running, SIGKILL)
            kill(running, SIGKILL)
        }
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func started(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        running = pid
        if cancelled {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    func ended() {
        lock.lock()
        defer { lock.unlock() }
        running = 0
    }
}
