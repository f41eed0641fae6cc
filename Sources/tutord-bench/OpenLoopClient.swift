#if canImport(Glibc)
import Glibc
#endif
import CTutordSystem
import Dialogue
import Foundation
import LineProtocol
import SystemSupport
import Tutoring

/// The class benchmark's client: every learner on a connection of its own, all on one thread
/// and one epoll instance (a class sends about `learners ÷ think` requests a second, a few
/// hundred to a few thousand: one thread keeps up, and `sendLag` shows whether it did). Open
/// loop: each learner's requests are due on its own schedule (`ThinkTime`), and each latency
/// runs from the request's intended send time (`PacedConnection`).
struct OpenLoopClient {
    var socketPath: String
    var course: Course
    var learners: Int
    var think: Double
    var warmup: Double
    var seconds: Double
    /// A learner whose latencies are kept apart from the class's (the stalled one), by index.
    var apart: Int?

    /// What a run measured, over the requests intended inside the measuring window.
    struct Outcome {
        /// The class's latencies (without the learner kept apart).
        var latency = LatencyRecorder()
        /// The learner kept apart.
        var apartLatency = LatencyRecorder()
        /// How late the client sent requests due on the schedule while their connection was
        /// free: the generator's own delay, included in `latency`.
        var sendLag = LatencyRecorder()
        var requests: [ClassLearner.Kind: Int] = [:]
        /// The class's answered requests by kind (the learner kept apart not included).
        var byKind: [ClassLearner.Kind: LatencyRecorder] = [:]
        var errors = 0
        /// Requests intended in the window and never answered (the daemon closed, or no reply
        /// within 10 s of the window's end). They are in the latencies with the wait they had
        /// then.
        var unanswered = 0
        var window = 0.0

        /// Requests intended per second of the window.
        var requestsPerSecond: Double { Double(latency.histogram.totalCount + apartLatency.histogram.totalCount) / window }
    }

    private final class Connection {
        let descriptor: Int32
        var learner: ClassLearner
        var think: ThinkTime
        var pacing = PacedConnection()
        var reader = ReplyReader()
        var buffer: [UInt8] = []
        var kinds: [ClassLearner.Kind] = []  // of the requests in flight, oldest first
        var closed = false

        init(descriptor: Int32, learner: ClassLearner, think: ThinkTime) {
            self.descriptor = descriptor
            self.learner = learner
            self.think = think
        }
    }

    /// Connects and sets up every learner (its profile and `start`, one request at a time,
    /// unmeasured), then runs the schedule: `warmup` seconds, the measuring window (calling
    /// `atWindowStart` and `atWindowEnd` as it opens and closes), and up to 10 s more for
    /// replies still outstanding.
    func run(atWindowStart: () -> Void = {}, atWindowEnd: () -> Void = {}) throws -> Outcome {
        let connections = try setUp()
        defer { for connection in connections where !connection.closed { close(connection.descriptor) } }
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        defer { close(epoll) }
        for connection in connections {
            _ = fcntl(connection.descriptor, F_SETFL, fcntl(connection.descriptor, F_GETFL) | O_NONBLOCK)
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.fd = connection.descriptor
            epoll_ctl(epoll, EPOLL_CTL_ADD, connection.descriptor, &event)
        }
        let byDescriptor = Dictionary(uniqueKeysWithValues: connections.enumerated().map { ($1.descriptor, $0) })

        var outcome = Outcome()
        let scheduleStart = monotonicNanoseconds()
        let windowStart = scheduleStart + UInt64(warmup * 1e9)
        let windowEnd = windowStart + UInt64(seconds * 1e9)
        let giveUp = windowEnd + 10_000_000_000
        outcome.window = seconds
        var timers = DeadlineHeap()
        for (index, connection) in connections.enumerated() {
            timers.insert(scheduleStart + connection.think.firstOffset(), connection: index)
        }
        var windowOpen = false, windowClosed = false
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var chunk = [UInt8](repeating: 0, count: 65536)

        func send(_ index: Int) {
            let connection = connections[index]
            let (line, kind) = connection.learner.next()
            connection.kinds.append(kind)
            let bytes = Array((line + "\n").utf8)
            // One request is in flight per connection, so the socket's buffer has room for it.
            let written = bytes.withUnsafeBytes { write(connection.descriptor, $0.baseAddress, $0.count) }
            if written != bytes.count { outcome.errors += 1 }
        }

        func replied(_ index: Int, _ reply: Reply, at now: UInt64) {
            let connection = connections[index]
            let (intended, latency, sendNow) = connection.pacing.replied(at: now)
            let kind = connection.kinds.removeFirst()
            connection.learner.read(reply)
            if intended >= windowStart && intended < windowEnd {
                if index == apart {
                    outcome.apartLatency.record(nanoseconds: latency)
                } else {
                    outcome.latency.record(nanoseconds: latency)
                    outcome.byKind[kind, default: LatencyRecorder()].record(nanoseconds: latency)
                }
                outcome.requests[kind, default: 0] += 1
                if reply.status != .ok { outcome.errors += 1 }
            }
            if sendNow != nil { send(index) }
        }

        while true {
            var now = monotonicNanoseconds()
            if !windowOpen && now >= windowStart { windowOpen = true; atWindowStart() }
            if !windowClosed && now >= windowEnd { windowClosed = true; atWindowEnd() }
            while let (intended, index) = timers.popDue(by: now) {
                guard intended < windowEnd, !connections[index].closed else { continue }  // the schedule ends with the window
                timers.insert(intended + connections[index].think.nextGap(), connection: index)
                guard connections[index].pacing.due(intended: intended) else { continue }
                if intended >= windowStart { outcome.sendLag.record(nanoseconds: now - intended) }
                send(index)
                now = monotonicNanoseconds()
            }
            let inFlight = connections.contains { !$0.closed && $0.pacing.outstanding != nil }
            if timers.isEmpty && !inFlight { break }
            if now >= giveUp { break }
            let wait = min(timers.earliest.map { $0 > now ? $0 - now : 0 } ?? 100_000_000, 100_000_000)
            var timeout = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
            let ready = epoll_pwait2(epoll, &events, Int32(events.count), &timeout, nil)
            guard ready > 0 else { continue }
            for event in events.prefix(Int(ready)) {
                guard let index = byDescriptor[event.data.fd] else { continue }
                let connection = connections[index]
                guard !connection.closed else { continue }
                let count = read(connection.descriptor, &chunk, chunk.count)
                if count <= 0 {
                    if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                    connection.closed = true  // the daemon closed the connection
                    close(connection.descriptor)
                    outcome.errors += 1
                    continue
                }
                connection.buffer += chunk.prefix(count)
                var lineStart = 0
                while let newline = connection.buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Substring(decoding: connection.buffer[lineStart..<newline], as: UTF8.self)
                    lineStart = newline + 1
                    if let reply = connection.reader.feed(line) { replied(index, reply, at: monotonicNanoseconds()) }
                }
                connection.buffer.removeFirst(lineStart)
            }
        }
        if !windowClosed { atWindowEnd() }
        // Requests never answered count too, with the wait they had when the client gave up:
        // a lower bound, but leaving them out would make a stalled daemon look faster.
        let end = monotonicNanoseconds()
        for (index, connection) in connections.enumerated() {
            var left = connection.pacing.waiting
            if let intended = connection.pacing.outstanding { left.append(intended) }
            for intended in left where intended >= windowStart && intended < windowEnd {
                outcome.unanswered += 1
                if index == apart { outcome.apartLatency.record(nanoseconds: end - intended) } else { outcome.latency.record(nanoseconds: end - intended) }
            }
        }
        return outcome
    }

    /// Every learner connected, greeted, and through its set-up (blocking, a few threads).
    private func setUp() throws -> [Connection] {
        let threads = 4
        let slots = Slots<Connection>(count: learners)
        let failures = Slots<String>(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in stride(from: thread, to: learners, by: threads) {
                do {
                    slots.set(index, try connect(index))
                } catch {
                    failures.set(thread, "learner \(index): \(error)")
                    return
                }
            }
        }
        if let failure = failures.values.compactMap({ $0 }).first { throw BenchError("class set-up: \(failure)") }
        return slots.values.map { $0! }
    }

    private func connect(_ index: Int) throws -> Connection {
        let descriptor = try UnixSocket.connect(socketPath)
        let profile = "class-\(index)"
        var learner = ClassLearner(course: course, profile: profile, seed: stableSeed(profile))
        var pending: [UInt8] = []
        var reader = ReplyReader()
        func reply() throws -> Reply {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Substring(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeFirst(newline + 1)
                    if let reply = reader.feed(line) { return reply }
                    continue
                }
                let count = read(descriptor, &chunk, chunk.count)
                guard count > 0 else { throw BenchError("the daemon closed the connection") }
                pending += chunk.prefix(count)
            }
        }
        let greeting = try reply()
        guard greeting.status == .ok else { throw BenchError("greeted with \(greeting.statusLine)") }
        for request in learner.setup {
            let bytes = Array((request + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            let answer = try reply()
            guard answer.status == .ok else { throw BenchError("`\(request)`: \(answer.statusLine)") }
            learner.read(answer)
        }
        return Connection(descriptor: descriptor, learner: learner,
                          think: ThinkTime(seconds: think, seed: stableSeed(profile) ^ 0x5EED))
    }
}

/// Values filled in by several threads, one slot each.
private final class Slots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }
    var values: [Value?] { lock.withLock { slots } }
}
