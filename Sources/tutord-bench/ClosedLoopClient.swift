#if canImport(Glibc)
import Glibc
#endif
import CTutordSystem
import Foundation
import SystemSupport

/// The client `compare` drives every server with: plain sockets and epoll, no framework, so
/// the same few instructions per request stand between the measurement and each server.
/// Closed loop: each connection has one request outstanding and sends the next when the
/// reply's last line arrives. Replies during the warm-up are not counted.
struct ClosedLoopClient {
    var socketPath: String
    var connections: Int
    var threads = 1
    var warmup = 0.5
    var seconds: Double
    /// The server's CPU time so far, in seconds, if it can be read: sampled at the start and the
    /// end of the measuring window for ``Outcome/cpuMicrosecondsPerReply``.
    var serverCPUSeconds: (@Sendable () -> Double?)? = nil

    /// What one run measured.
    struct Outcome {
        /// Latencies of the measured replies, in nanoseconds, sorted.
        var latencies: [UInt64] = []
        var errors = 0
        var acknowledged = 0
        /// The measuring window, in seconds.
        var window = 0.0
        /// Every reply that arrived in the window, the unmeasured ones (a learner's set-up) too.
        var windowReplies = 0
        /// The server's CPU time over the window, in seconds (`nil`: not known).
        var serverCPUSeconds: Double?

        var repliesPerSecond: Double { window > 0 ? Double(latencies.count) / window : 0 }
        var acknowledgedPerSecond: Double { window > 0 ? Double(acknowledged) / window : 0 }

        /// The server's CPU time per reply in the window, in microseconds (`nan`: not known):
        /// a figure that barely moves between runs on a shared machine, unlike a rate.
        var cpuMicrosecondsPerReply: Double {
            guard let serverCPUSeconds, windowReplies > 0 else { return .nan }
            return serverCPUSeconds / Double(windowReplies) * 1e6
        }

        /// The latency at quantile `q` (0...1), in microseconds.
        func microseconds(at q: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            return Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))]) / 1000
        }

        mutating func merge(_ other: Outcome) {
            latencies += other.latencies
            errors += other.errors
            acknowledged += other.acknowledged
            windowReplies += other.windowReplies
        }
    }

    /// Runs the loop on `connections` connections (the script for connection *i* from
    /// `script(i)`) and returns what it measured.
    func run(script: @escaping @Sendable (Int) -> any RequestScript) throws -> Outcome {
        let start = monotonicNanoseconds()
        let measureFrom = start + UInt64(warmup * 1e9)
        let deadline = measureFrom + UInt64(seconds * 1e9)
        var workers: [Worker] = []
        for thread in 0..<max(1, threads) {
            let indices = Array(stride(from: thread, to: connections, by: max(1, threads)))
            workers.append(try Worker(socketPath: socketPath, indices: indices, script: script,
                                      measureFrom: measureFrom, deadline: deadline))
        }
        let results = ResultBox(count: workers.count)
        let group = DispatchGroup()
        let cpuSample = CPUSample()
        if let serverCPUSeconds {
            group.enter()
            Thread.detachNewThread {
                sleepUntil(measureFrom)
                let before = serverCPUSeconds()
                sleepUntil(deadline)
                if let before, let after = serverCPUSeconds() { cpuSample.set(after - before) }
                group.leave()
            }
        }
        for (number, worker) in workers.enumerated() {
            group.enter()
            Thread.detachNewThread {
                results.set(number, worker.run())
                group.leave()
            }
        }
        group.wait()
        var outcome = Outcome()
        for result in results.all { outcome.merge(result) }
        outcome.latencies.sort()
        outcome.window = Double(deadline - measureFrom) / 1e9
        outcome.serverCPUSeconds = cpuSample.value
        return outcome
    }

    /// Opens `connections` connections, reads each greeting when the server sends one, runs
    /// `body` while they are open and idle, then closes them.
    static func holdIdle(socketPath: String, connections: Int, greeting: Bool, _ body: () throws -> Void) throws {
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        for _ in 0..<connections {
            let descriptor = try UnixSocket.connect(socketPath)
            descriptors.append(descriptor)
            if greeting {
                var byte: UInt8 = 0
                repeat {
                    guard read(descriptor, &byte, 1) == 1 else { throw BenchError("\(socketPath) closed an idle connection") }
                } while byte != UInt8(ascii: "\n")
            }
        }
        if !greeting {
            // Make sure the server has accepted every connection before measuring it.
            for descriptor in descriptors {
                let ping = Array("PING\r\n".utf8)
                _ = ping.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                var buffer = [UInt8](repeating: 0, count: 64)
                _ = read(descriptor, &buffer, buffer.count)
            }
        }
        try body()
    }
}

/// One client thread: its connections on one epoll instance.
private final class Worker: @unchecked Sendable {
    private final class Connection {
        let descriptor: Int32
        var script: any RequestScript
        var greeted: Bool
        var buffer: [UInt8] = []
        var sentAt: UInt64 = 0
        var measured = false
        var done = false

        init(descriptor: Int32, script: any RequestScript) {
            self.descriptor = descriptor
            self.script = script
            self.greeted = !script.expectsGreeting
        }
    }

    private let epoll: Int32
    private var connections: [Int32: Connection] = [:]
    private let measureFrom: UInt64
    private let deadline: UInt64
    private var outcome = ClosedLoopClient.Outcome()

    init(socketPath: String, indices: [Int], script: (Int) -> any RequestScript, measureFrom: UInt64, deadline: UInt64) throws {
        self.measureFrom = measureFrom
        self.deadline = deadline
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        outcome.latencies.reserveCapacity(1 << 16)
        for index in indices {
            let descriptor = try UnixSocket.connect(socketPath)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.fd = descriptor
            epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event)
            connections[descriptor] = Connection(descriptor: descriptor, script: script(index))
        }
    }

    func run() -> ClosedLoopClient.Outcome {
        for connection in connections.values where connection.greeted { send(connection) }
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var open = connections.count
        var chunk = [UInt8](repeating: 0, count: 65536)
        let giveUp = deadline + 10_000_000_000  // replies still outstanding after 10 s count as lost
        while open > 0 && monotonicNanoseconds() < giveUp {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 100)
            guard ready > 0 else { continue }
            for event in events.prefix(Int(ready)) {
                guard let connection = connections[event.data.fd], !connection.done else { continue }
                let count = read(connection.descriptor, &chunk, chunk.count)
                if count <= 0 {
                    if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                    connection.done = true  // the server closed
                    open -= 1
                    outcome.errors += 1
                    continue
                }
                if handle(connection, chunk.prefix(count)) {
                    connection.done = true
                    open -= 1
                }
            }
        }
        for descriptor in connections.keys { close(descriptor) }
        close(epoll)
        return outcome
    }

    /// Takes in bytes; `true` when the connection has finished (past the deadline).
    private func handle(_ connection: Connection, _ bytes: ArraySlice<UInt8>) -> Bool {
        connection.buffer += bytes
        var lineStart = 0
        var finished = false
        while let newline = connection.buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > lineStart && connection.buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = Substring(decoding: connection.buffer[lineStart..<end], as: UTF8.self)
            lineStart = newline + 1
            if !connection.greeted {
                connection.greeted = true
            } else {
                guard connection.script.feed(line) else { continue }
                let now = monotonicNanoseconds()
                if now >= measureFrom && now < deadline { outcome.windowReplies += 1 }
                if connection.measured && connection.sentAt >= measureFrom {
                    outcome.latencies.append(now - connection.sentAt)
                    if connection.script.lastWasError { outcome.errors += 1 }
                    if connection.script.lastWasAcknowledged { outcome.acknowledged += 1 }
                }
                if now >= deadline {
                    finished = true
                    break
                }
            }
            send(connection)
        }
        connection.buffer.removeFirst(lineStart)
        return finished
    }

    private func send(_ connection: Connection) {
        let (line, measured) = connection.script.next()
        connection.measured = measured
        connection.sentAt = monotonicNanoseconds()
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        // One request is outstanding at a time, so the socket's buffer has room for it.
        let written = bytes.withUnsafeBytes { write(connection.descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count { outcome.errors += 1 }
    }
}

/// Each worker's outcome, collected across threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ClosedLoopClient.Outcome]

    init(count: Int) { results = Array(repeating: ClosedLoopClient.Outcome(), count: count) }

    func set(_ index: Int, _ outcome: ClosedLoopClient.Outcome) { lock.withLock { results[index] = outcome } }
    var all: [ClosedLoopClient.Outcome] { lock.withLock { results } }
}

/// The server's CPU time over the window, from the sampling thread.
private final class CPUSample: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double?

    func set(_ value: Double) { lock.withLock { seconds = value } }
    var value: Double? { lock.withLock { seconds } }
}

private func sleepUntil(_ instant: UInt64) {
    let now = monotonicNanoseconds()
    if instant > now { usleep(useconds_t((instant - now) / 1000)) }
}

func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
