import SystemSupport
import Dispatch
import Foundation
import Logging
import TutorServer

/// What the daemon reports in `STATUS=`.
enum DaemonStatus {
    static func text(connections: Int, learners: Int) -> String {
        "serving, \(connections) connection\(connections == 1 ? "" : "s"), \(learners) learner\(learners == 1 ? "" : "s") in memory"
    }

    static func text(of server: TutorServer) -> String {
        text(connections: server.connectionCount, learners: server.learnersInMemory)
    }
}

/// Periodic duties of a running daemon: `STATUS=` when the connections or the learners in
/// memory change,
/// `WATCHDOG=1` at half of `WATCHDOG_USEC`, and `--exit-when-idle`.
///
/// The watchdog has a queue and a timer of its own, so nothing else the daemon does on a
/// queue (a slow course reload once starved it for 6.6 s) can silence it; and it speaks only
/// for what it checked: every event loop ran a task within the interval.
final class DaemonMonitor: @unchecked Sendable {
    private let server: TutorServer
    private let notifier: SystemdNotifier
    private let exitWhenIdle: Int?
    private let logger: Logger
    private let queue: DispatchQueue
    private let stop: @Sendable () -> Void
    private let watchdogInterval: Duration?
    private let watchdogQueue = DispatchQueue(label: "tutord.watchdog")
    private var timers: [DispatchSourceTimer] = []
    // Touched only on `queue`.
    private var reported = (connections: 0, learners: 0)
    private var idleSince: DispatchTime?
    /// Idle long enough: no longer accepting; exit once the last connection is gone.
    private var draining = false

    init(server: TutorServer, notifier: SystemdNotifier, environment: [String: String], exitWhenIdle: Int?,
         logger: Logger, queue: DispatchQueue, stop: @escaping @Sendable () -> Void) {
        self.server = server
        self.notifier = notifier
        self.exitWhenIdle = exitWhenIdle
        self.logger = logger
        self.queue = queue
        self.stop = stop
        // sd_watchdog_enabled(3): WATCHDOG_USEC, and WATCHDOG_PID if set must be us.
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            watchdogInterval = .microseconds(Int(usec / 2))
        } else {
            watchdogInterval = nil
        }
    }

    func start() {
        queue.sync { schedule(every: .seconds(1), on: queue) { [self] in tick() } }
        if let watchdogInterval {
            notifier.notify("WATCHDOG=1")
            let interval = DispatchTimeInterval.microseconds(Int(watchdogInterval / .microseconds(1)))
            queue.sync {
                schedule(every: interval, on: watchdogQueue) { [self] in beat(within: watchdogInterval) }
            }
        }
    }

    func cancel() {
        queue.sync { for timer in timers { timer.cancel() } }
    }

    /// `WATCHDOG=1` if every event loop answers within the interval; otherwise a warning and
    /// no kick, so systemd restarts a daemon whose loops stay stuck for `WATCHDOG_USEC`.
    private func beat(within interval: Duration) {
        if server.eventLoopsRespond(within: interval) {
            notifier.notify("WATCHDOG=1")
        } else {
            logger.warning("an event loop did not answer within the watchdog interval; not kicking the watchdog",
                           metadata: ["interval_ms": "\(interval / .milliseconds(1))"])
        }
    }

    /// Call on `queue` (it owns `timers`).
    private func schedule(every interval: DispatchTimeInterval, on timerQueue: DispatchQueue, _ handler: @escaping () -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: timerQueue)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler(handler: handler)
        timer.resume()
        timers.append(timer)
    }

    private func tick() {
        let connections = server.connectionCount
        let learners = server.learnersInMemory
        if (connections, learners) != reported {
            reported = (connections, learners)
            notifier.notify("STATUS=\(DaemonStatus.text(connections: connections, learners: learners))")
        }
        guard let exitWhenIdle else { return }
        if draining {
            if connections == 0 { stop() }
            return
        }
        if connections > 0 {
            idleSince = nil
        } else if let since = idleSince {
            if DispatchTime.now() >= since + .seconds(exitWhenIdle) {
                logger.info("idle, exiting", metadata: ["idle_seconds": "\(exitWhenIdle)"])
                // Stop accepting first: whoever connects from now on waits in the socket's
                // backlog for the next tutord instead of being cut off by this one's shutdown.
                server.stopAccepting()
                draining = true
                if server.connectionCount == 0 { stop() }
            }
        } else {
            idleSince = .now()
        }
    }
}
