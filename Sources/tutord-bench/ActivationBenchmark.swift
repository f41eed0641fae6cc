import ArgumentParser
import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// Socket activation as a learner meets it: the socket exists, `tutor` has connected and sent
/// its first request, and only then is tutord started (by systemd). The figure is the time
/// from the spawn to the reply, set against Redis's from its spawn to its first `PONG` (Redis
/// cannot be socket-activated, so it binds its own socket and is asked as soon as it accepts).
struct ActivationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activation",
        abstract: "Spawn to first reply under socket activation, tutord against Redis (median of --runs).",
        discussion: """
            tutord: the benchmark binds the socket, connects and sends `ping`, then spawns tutord \
            with the socket as descriptor 3 (LISTEN_FDS=1, as systemd passes it) and times the \
            spawn to the `OK`. Redis: spawn to the first PONG on its Unix socket, connecting again \
            every 0.1 ms until it accepts. Both are spawned through the same `sh -c exec` (which \
            sets LISTEN_PID for tutord). tutord's database is made by one start before the timed \
            ones, as every activation after the first finds it.
            """
    )

    @Option(help: "Starts of each server.")
    var runs = 15

    @Option(help: "The tutord binary (default: the one next to tutord-bench).")
    var daemon: String?

    @Option(help: "Course directory for tutord.")
    var dialogues = "Dialogues"

    func run() throws {
        let figure = try Self.measure(runs: runs, daemon: daemon, dialogues: dialogues)
        print(figure.summary)
    }

    /// Medians of both servers' start-ups, in milliseconds.
    struct Figure {
        var tutord: [Double]
        var redis: [Double]
        var tutordMedian: Double { median(tutord) }
        var redisMedian: Double { median(redis) }
        var ratio: Double { tutordMedian / redisMedian }
        var summary: String {
            String(format: "activation: spawn to first reply, median of %d: tutord %.1f ms (%.1f-%.1f), redis %.1f ms (%.1f-%.1f): %.2f×",
                   tutord.count, tutordMedian, tutord.min() ?? 0, tutord.max() ?? 0, redisMedian, redis.min() ?? 0, redis.max() ?? 0, ratio)
        }
    }

    static func measure(runs: Int, daemon: String?, dialogues: String) throws -> Figure {
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tutord").path
        let directory = NSTemporaryDirectory() + "tutord-bench-activation-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--dialogues", dialogues, "--state-dir", directory + "/state", "--log-level", "warning"]
        // The first start creates and migrates the database; it is not counted.
        _ = try activate(binary, arguments: arguments, socket: directory + "/tutord.sock")
        var tutord: [Double] = []
        var redis: [Double] = []
        for _ in 0..<runs {
            tutord.append(try activate(binary, arguments: arguments, socket: directory + "/tutord.sock"))
            redis.append(try startRedis(directory: directory))
        }
        return Figure(tutord: tutord, redis: redis)
    }

    /// One socket activation of tutord: milliseconds from its spawn to the reply to a `ping`
    /// that was waiting on the socket.
    private static func activate(_ binary: String, arguments: [String], socket path: String) throws -> Double {
        unlink(path)
        let listener = try UnixSocket.listen(path, backlog: 128)
        defer { close(listener); unlink(path) }
        // Above the numbers the child is given, so the dup2 to 3 always makes a new descriptor
        // (one already numbered 3 would keep its close-on-exec flag).
        let passed = fcntl(listener, F_DUPFD_CLOEXEC, 100)
        defer { close(passed) }
        let client = try UnixSocket.connect(path)
        defer { close(client) }
        try send("ping\n", to: client)
        var environment = childEnvironment()
        environment["LISTEN_FDS"] = "1"
        let start = ContinuousClock.now
        let program = try SpawnedProgram(path: "/bin/sh",
                                         arguments: ["-c", "LISTEN_PID=$$; export LISTEN_PID; exec \"$0\" \"$@\"", binary] + arguments,
                                         environment: environment, descriptors: [3: passed])
        defer { program.stop() }
        // The greeting, then the ping's OK.
        try readUntil(client, contains: "\nOK\n")
        return milliseconds(ContinuousClock.now - start)
    }

    /// One start of Redis: milliseconds from its spawn to its first PONG.
    private static func startRedis(directory: String) throws -> Double {
        guard let redis = SpawnedProgram.find("redis-server") else {
            throw BenchError("redis-server is not installed (make bench installs it with apt-get)")
        }
        let socket = directory + "/redis.sock"
        unlink(socket)
        let arguments = ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--dir", directory,
                         "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", directory + "/redis.log"]
        let start = ContinuousClock.now
        let program = try SpawnedProgram(path: "/bin/sh", arguments: ["-c", "exec \"$0\" \"$@\"", redis] + arguments,
                                         environment: childEnvironment())
        defer { program.stop() }
        while ContinuousClock.now - start < .seconds(10) {
            guard let client = try? UnixSocket.connect(socket) else {
                usleep(100)
                continue
            }
            defer { close(client) }
            try send("PING\r\n", to: client)
            try readUntil(client, contains: "+PONG\r\n")
            return milliseconds(ContinuousClock.now - start)
        }
        throw BenchError("redis-server did not answer on \(socket) within 10 s")
    }

    /// This process's environment without what would confuse a child about who started it.
    static func childEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !["NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"].contains($0.key) }
    }
}

func send(_ text: String, to descriptor: CInt) throws {
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw BenchError("cannot write to the socket: \(String(cString: strerror(errno)))") }
}

/// Reads from a blocking descriptor until what was read holds `marker` (10 s at most).
func readUntil(_ descriptor: CInt, contains marker: String) throws {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let wanted = Array(marker.utf8)
    var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    while !received.contains(wanted) {
        guard poll(&waiting, 1, 10_000) == 1 else { throw BenchError("no reply within 10 s") }
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else {
            throw BenchError("the server closed the connection after: \(String(decoding: received, as: UTF8.self))")
        }
        received += buffer.prefix(count)
    }
}

func median(_ samples: [Double]) -> Double {
    guard !samples.isEmpty else { return .nan }
    return samples.sorted()[samples.count / 2]
}
