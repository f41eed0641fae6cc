import Foundation
import TutorServer
#if canImport(Glibc)
import Glibc
#endif

/// A real `tutord` process on a temporary socket, for end-to-end tests.
///
/// Readiness is the daemon's own signal: it is started with NOTIFY_SOCKET pointing at a
/// datagram socket the test owns, and `start` returns once `READY=1` arrives (no sleeps).
final class DaemonProcess {
    let directory: String
    let socketPath: String
    let dialogues: String
    private(set) var process = Process()
    private let notifications: NotificationListener
    private let arguments: [String]
    private let environment: [String: String]
    /// Where the daemon keeps tutord.sqlite.
    var stateDirectory: String { directory + "/state" }
    private var stderrPipe = Pipe()
    /// Everything read from the daemon's stderr so far (over restarts too).
    private var collectedStderr = Data()

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `tutord` (`make test` builds it before running the tests).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["TUTORD_BIN"] { return path }
        return packageRoot.appendingPathComponent(".build/debug/tutord").path
    }

    /// Starts a daemon with its own socket and a copy of Dialogues/; extra arguments follow.
    /// A command that runs the daemon, such as `prlimit --fsize=...` (empty: run it directly).
    private let wrapper: [String]

    init(arguments: [String] = [], environment: [String: String] = [:], wrapper: [String] = [], start: Bool = true) throws {
        self.wrapper = wrapper
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socketPath = directory + "/tutord.sock"
        dialogues = directory + "/dialogues"
        try FileManager.default.createDirectory(atPath: dialogues, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Self.packageRoot.appendingPathComponent("Dialogues/cpython-internals.dialogue").path,
            toPath: dialogues + "/cpython-internals.dialogue")
        notifications = try NotificationListener(path: directory + "/notify.sock")
        self.arguments = arguments
        self.environment = environment
        configure(process)
        if start { try self.start() }
    }

    private func configure(_ process: Process) {
        let daemonArguments = ["--socket", socketPath, "--dialogues", dialogues, "--state-dir", stateDirectory,
                               "--log-level", "debug"] + arguments
        if let launcher = wrapper.first {
            process.executableURL = URL(fileURLWithPath: launcher)
            process.arguments = Array(wrapper.dropFirst()) + [Self.binary] + daemonArguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = daemonArguments
        }
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notifications.path
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        stderrPipe = Pipe()  // a Pipe serves one process: Foundation closes its write end after launch
        process.standardError = stderrPipe
    }

    func start() throws {
        try process.run()
        try waitFor("READY=1")
    }

    /// Starts the daemon again on the same socket, courses and state (after `stop` or `kill`).
    func restart() throws {
        process = Process()
        configure(process)
        try start()
    }

    /// SIGKILL: the daemon gets no chance to clean up.
    func kill9() {
        signal(SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for a notification containing `state` (up to 20 s); throws if the daemon exits first.
    @discardableResult
    func waitFor(_ state: String, from other: Process? = nil) throws -> String {
        let process = other ?? self.process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let message = notifications.receive(timeoutMilliseconds: 200) {
                if message.split(separator: "\n").contains(where: { $0 == state }) { return message }
            } else if !process.isRunning {
                throw DaemonError("tutord exited (\(process.terminationStatus)) before \(state): \(stderrText())")
            }
        }
        throw DaemonError("no \(state) from tutord within 20 s")
    }

    func connect() throws -> TestClient {
        try TestClient(path: socketPath)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Sends SIGTERM and waits for the exit status.
    func stop() -> Int32 {
        if process.isRunning {
            signal(SIGTERM)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// Everything the daemon logged (read after it exited).
    func stderrText() -> String {
        if !process.isRunning {
            collectedStderr += stderrPipe.fileHandleForReading.readDataToEndOfFile()
        }
        return String(decoding: collectedStderr, as: UTF8.self)
    }

    /// The daemon's resident memory in KiB, from /proc.
    func residentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct DaemonError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
