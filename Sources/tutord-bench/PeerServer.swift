import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SystemSupport
import TutorClient

/// A server `compare` measures tutord against, started on a private socket in a temporary
/// directory (never a system path) and stopped after.
final class PeerServer {
    let name: String
    let socketPath: String
    let process = Process()
    private let directory: String

    /// `redis-server` on a Unix socket only (no TCP port). `durable`: `appendonly yes` with
    /// `appendfsync always`, so a `SET` is synced before its reply, as tutord's answers are;
    /// otherwise no persistence at all.
    static func redis(durable: Bool) throws -> PeerServer {
        let directory = try temporaryDirectory("redis")
        let socket = directory + "/redis.sock"
        var arguments = ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--dir", directory,
                         "--save", "", "--maxclients", "20000", "--daemonize", "no", "--logfile", directory + "/redis.log"]
        arguments += durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]
        let server = try PeerServer(name: durable ? "redis (appendfsync always)" : "redis", program: "redis-server",
                                    arguments: arguments, directory: directory, socketPath: socket)
        try server.waitUntilAnswering(request: "PING\r\n", reply: "+PONG")
        return server
    }

    /// `mpd` with an empty music directory and a null output, on a Unix socket.
    static func mpd() throws -> PeerServer {
        let directory = try temporaryDirectory("mpd")
        let socket = directory + "/mpd.sock"
        try FileManager.default.createDirectory(atPath: directory + "/music", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/playlists", withIntermediateDirectories: true)
        try """
            music_directory "\(directory)/music"
            playlist_directory "\(directory)/playlists"
            db_file "\(directory)/database"
            log_file "\(directory)/mpd.log"
            bind_to_address "\(socket)"
            max_connections "20000"
            connection_timeout "3600"
            audio_output {
                type "null"
                name "null"
            }

            """.write(toFile: directory + "/mpd.conf", atomically: true, encoding: .utf8)
        let server = try PeerServer(name: "mpd", program: "mpd", arguments: ["--no-daemon", directory + "/mpd.conf"],
                                    directory: directory, socketPath: socket)
        try server.waitUntilAnswering(request: "ping\n", reply: "OK MPD")
        return server
    }

    /// tutord-bench's own `nio-floor`: a bare SwiftNIO line server with tutord's socket options
    /// and decoder, answering every line with `OK`.
    static func nioFloor(threads: Int?) throws -> PeerServer {
        let directory = try temporaryDirectory("nio-floor")
        let socket = directory + "/floor.sock"
        let server = try PeerServer(name: "nio floor", program: Bundle.main.executablePath ?? CommandLine.arguments[0],
                                    arguments: ["nio-floor", "--socket", socket] + (threads.map { ["--threads", "\($0)"] } ?? []),
                                    directory: directory, socketPath: socket)
        try server.waitUntilAnswering(request: "ping\n", reply: "OK nio-floor")
        return server
    }

    private init(name: String, program: String, arguments: [String], directory: String, socketPath: String) throws {
        self.name = name
        self.directory = directory
        self.socketPath = socketPath
        guard let path = program.contains("/") ? program : Self.find(program) else {
            throw BenchError("\(program) is not installed (make bench installs it with apt-get)")
        }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    /// Connects until the server answers `request` with a line starting with `reply` (up to
    /// 10 s): its readiness, since neither peer notifies.
    private func waitUntilAnswering(request: String, reply: String) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard process.isRunning else { throw BenchError("\(name) exited (\(process.terminationStatus)); see \(directory)") }
            if let descriptor = try? UnixSocket.connect(socketPath) {
                defer { close(descriptor) }
                let bytes = Array(request.utf8)
                _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                var buffer = [UInt8](repeating: 0, count: 256)
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0, String(decoding: buffer.prefix(count), as: UTF8.self).hasPrefix(reply) { return }
            }
            usleep(20_000)
        }
        throw BenchError("\(name) did not answer on \(socketPath) within 10 s")
    }

    func residentKiB() -> Int? { residentMemoryKiB(of: process.processIdentifier) }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func temporaryDirectory(_ name: String) throws -> String {
        let directory = NSTemporaryDirectory() + "tutord-bench-\(name)-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return directory
    }

    /// The program's path on PATH (redis-server and mpd live in /usr/bin; sbin too for safety).
    private static func find(_ program: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/usr/bin:/sbin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
