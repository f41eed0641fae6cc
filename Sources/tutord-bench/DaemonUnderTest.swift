import Foundation
import TutorServer
#if canImport(Glibc)
import Glibc
#endif

/// The daemon a benchmark measures: started here on a private socket, so its start-up time
/// and memory can be read, or an already running one given by `--socket`.
final class DaemonUnderTest {
    let socketPath: String
    private var process: Process?
    private var directory: String?
    /// Time from spawn to READY=1, when this benchmark started the daemon.
    private(set) var startupMilliseconds: Double?

    init(binary: String, dialogues: String, threads: Int?) throws {
        let directory = NSTemporaryDirectory() + "tutord-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        socketPath = directory + "/tutord.sock"
        let notify = try NotificationListener(path: directory + "/notify.sock")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--socket", socketPath, "--dialogues", dialogues, "--state-dir", directory + "/state",
                             "--log-level", "warning",
                             "--max-connections", "100000"] + (threads.map { ["--threads", "\($0)"] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        process.environment = environment
        let start = ContinuousClock.now
        try process.run()
        self.process = process
        while true {
            guard process.isRunning else { throw BenchError("tutord exited during start-up") }
            if let message = notify.receive(timeoutMilliseconds: 100), message.contains("READY=1") { break }
        }
        startupMilliseconds = milliseconds(ContinuousClock.now - start)
    }

    init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// The started daemon's process id.
    var processIdentifier: Int32? { process?.processIdentifier }

    /// The started daemon's database, for checks after the run.
    var databasePath: String? { directory.map { $0 + "/state/tutord.sqlite" } }

    /// Resident memory of the daemon in KiB (only when started here).
    func residentKiB() -> Int? {
        guard let process else { return nil }
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}
