import Foundation
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// The daemon a benchmark measures: started here on a private socket (through the shared
/// `LaunchedDaemon`), so its start-up time and memory can be read, or an already running one
/// given by `--socket`.
final class DaemonUnderTest {
    let socketPath: String
    private var launched: LaunchedDaemon?
    private var directory: String?
    /// Time from spawn to READY=1, when this benchmark started the daemon.
    private(set) var startupMilliseconds: Double?

    init(binary: String, dialogues: String, threads: Int?, arguments: [String] = [], prepareState: ((String) throws -> Void)? = nil) throws {
        let directory = NSTemporaryDirectory() + "tutord-bench-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try prepareState?(directory + "/state")
        self.directory = directory
        socketPath = directory + "/tutord.sock"
        let launched = try LaunchedDaemon(
            binary: binary,
            arguments: ["--socket", socketPath, "--dialogues", dialogues, "--state-dir", directory + "/state",
                        "--log-level", "warning", "--max-connections", "100000",
                        // The idle benchmark's connections never speak; they must not time out.
                        "--first-line-timeout", "0"] + (threads.map { ["--threads", "\($0)"] } ?? []) + arguments,
            notifySocket: directory + "/notify.sock", captureStderr: false)
        let start = ContinuousClock.now
        try launched.start()
        startupMilliseconds = milliseconds(ContinuousClock.now - start)
        self.launched = launched
    }

    init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// The started daemon's process id.
    var processIdentifier: Int32? { launched?.process.processIdentifier }

    /// The started daemon's database, for checks after the run.
    var databasePath: String? { directory.map { $0 + "/state/tutord.sqlite" } }

    /// Resident memory of the daemon in KiB (only when started here).
    func residentKiB() -> Int? {
        launched?.residentKiB()
    }

    /// CPU time the started daemon has used so far, in seconds (`nil` for a daemon not
    /// started here).
    func cpuSeconds() -> Double? {
        processIdentifier.flatMap(processCPUSeconds(of:))
    }

    /// Waits for a notification line such as `STATUS=…` (only when started here).
    func waitFor(_ state: String) throws {
        guard let launched else { throw BenchError("only a daemon started by the benchmark notifies") }
        _ = try launched.waitFor(state)
    }

    func stop() {
        // Nothing reads the notification socket after READY=1, and a datagram socket holds ten
        // (net.unix.max_dgram_qlen): once a long run's STATUS= lines fill it, the daemon blocks
        // sending STOPPING=1 and never exits. Emptied here, it has room for that.
        launched?.discardNotifications()
        launched?.stop()
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
