import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `tutord` process started by a test or the benchmark, and known to be ready.
///
/// Readiness is the daemon's own signal: it is started with NOTIFY_SOCKET pointing at a
/// datagram socket we own, and ``start()`` returns once `READY=1` arrives (no sleeps).
public final class LaunchedDaemon {
    /// The daemon did not become ready: it exited first (with what it logged), or took too long.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let binary: String
    public private(set) var process = Process()
    private let notifications: NotificationListener
    private let arguments: [String]
    /// Variables set for the daemon (on top of this process's); a change applies from the
    /// next ``restart()``.
    public var environment: [String: String]
    /// A command that runs the daemon, such as `prlimit --fsize=...` (empty: run it directly).
    private let wrapper: [String]
    private let captureStderr: Bool
    /// Everything the daemon wrote to stderr (over restarts too), read as it comes: a daemon
    /// logging at debug level would otherwise fill the pipe and block on its next log line.
    private let collectedStderr = StderrCollector()

    /// Prepares the daemon; `notifySocket` is a path for the readiness socket (created here).
    public init(binary: String, arguments: [String], environment: [String: String] = [:], wrapper: [String] = [],
                notifySocket: String, captureStderr: Bool = true) throws {
        self.binary = binary
        self.arguments = arguments
        self.environment = environment
        self.wrapper = wrapper
        self.captureStderr = captureStderr
        notifications = try NotificationListener(path: notifySocket)
        configure(process)
    }

    private func configure(_ process: Process) {
        if let launcher = wrapper.first {
            process.executableURL = URL(fileURLWithPath: launcher)
            process.arguments = Array(wrapper.dropFirst()) + [binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notifications.path
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (key, value) in environment { env[key] = value }
        process.environment = env
    }

    /// Starts the process and waits for `READY=1`.
    public func start() throws {
        // A Pipe serves one process: Foundation closes its write end after launch.
        let pipe = captureStderr ? Pipe() : nil
        if let pipe { process.standardError = pipe }
        try process.run()
        if let pipe { collectedStderr.read(pipe.fileHandleForReading) }
        try waitFor("READY=1")
    }

    /// Starts the daemon again with the same arguments (after ``stop()`` or ``kill9()``).
    public func restart() throws {
        process = Process()
        configure(process)
        try start()
    }

    /// Drops the notifications received so far, so the next ``waitFor(_:from:)`` sees only
    /// what the daemon sends from now on.
    public func discardNotifications() {
        while notifications.receive(timeoutMilliseconds: 0) != nil {}
    }

    /// Waits for a notification containing the line `state` (up to 20 s); throws if the
    /// process (or `other`, when given) exits first.
    @discardableResult
    public func waitFor(_ state: String, from other: Process? = nil) throws -> String {
        try waitForFirst(of: [state], from: other).message
    }

    /// Waits for the first notification that carries one of `states` as a line, dropping
    /// those before it; returns which state came and the whole message.
    public func waitForFirst(of states: [String], from other: Process? = nil) throws -> (state: String, message: String) {
        let process = other ?? self.process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let message = notifications.receive(timeoutMilliseconds: 200) {
                let lines = message.split(separator: "\n")
                if let state = states.first(where: { state in lines.contains { $0 == state } }) { return (state, message) }
            } else if !process.isRunning {
                throw Failure(description: "tutord exited (\(process.terminationStatus)) before \(states.joined(separator: " or ")): \(stderrText())")
            }
        }
        throw Failure(description: "no \(states.joined(separator: " or ")) from tutord within 20 s")
    }

    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// SIGKILL: the daemon gets no chance to clean up.
    public func kill9() {
        signal(SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            signal(SIGTERM)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// Everything the daemon logged so far; all of it once the daemon has exited.
    public func stderrText() -> String {
        String(decoding: collectedStderr.data(waitingForEnd: !process.isRunning), as: UTF8.self)
    }

    /// The daemon's resident memory in KiB.
    public func residentKiB() -> Int {
        residentMemoryKiB(of: process.processIdentifier) ?? 0
    }

    /// Ends a daemon still running (a test that failed half-way), without waiting for SIGTERM.
    public func kill9IfRunning() {
        if process.isRunning { kill9() }
    }

    deinit {
        kill9IfRunning()
    }
}

/// A process's resident memory in KiB, from /proc (`nil` if it is gone).
public func residentMemoryKiB(of pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
    return Int(line.split(separator: " ").dropFirst().first ?? "")
}

/// CPU time a process has used so far, user and system, in seconds, from /proc/PID/stat
/// (`nil` if it is gone). Steadier than a rate on a shared machine: what the work cost the
/// process, whatever else runs.
public func processCPUSeconds(of pid: Int32) -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    // After the command name: state is field 3, utime and stime fields 14 and 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Reads a process's stderr on a thread of its own, as it is written.
private final class StderrCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    /// Left when a reader has seen the end of its pipe.
    private let readers = DispatchGroup()

    func read(_ handle: FileHandle) {
        readers.enter()
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { collected += chunk }
            }
            readers.leave()
        }
    }

    /// What was read; with `waitingForEnd`, after every pipe's writer has closed it (up to 10 s).
    func data(waitingForEnd: Bool) -> Data {
        if waitingForEnd { _ = readers.wait(timeout: .now() + 10) }
        return lock.withLock { collected }
    }
}
