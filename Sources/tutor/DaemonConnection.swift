import Foundation
import CNCursesW
import LineProtocol
#if canImport(Glibc)
import Glibc
#endif

/// The client's socket to tutord: connect (starting the daemon if none answers, the way tmux
/// starts its server), send lines, and hand over replies as they arrive.
final class DaemonConnection {
    let descriptor: CInt
    private var buffer: [UInt8] = []
    private var reader = ReplyReader()
    private(set) var greeting: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private init(descriptor: CInt) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Connects to `path`. Without a daemon there, and unless `autostart` is false, takes a
    /// lock (so two clients do not start two daemons), tries once more, starts `tutord` in the
    /// background and waits for its socket.
    static func open(path: String, autostart: Bool) throws -> DaemonConnection {
        if let connection = try? connect(path) { return connection }
        guard autostart else {
            throw Failure(description: "no tutord answers on \(path). Start one with `tutord`, or as a service: systemctl --user start tutord.socket")
        }
        let lock = Glibc.open(path + ".start.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { close(lock) } }
        if let connection = try? connect(path) { return connection }  // another client started it
        try startDaemon(socket: path)
        var delay: useconds_t = 10_000
        for _ in 0..<40 {
            if let connection = try? connect(path) { return connection }
            usleep(delay)
            delay = min(delay * 2, 250_000)
        }
        throw Failure(description: "started tutord, but it does not answer on \(path); run `tutord --socket \(path)` to see why")
    }

    private static func connect(_ path: String) throws -> DaemonConnection {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw Failure(description: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes + [0]) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "cannot connect to \(path): \(String(cString: strerror(errno)))")
        }
        return DaemonConnection(descriptor: descriptor)
    }

    /// `tutord` next to this executable (an install or a build directory), else from PATH; in a
    /// new session with its output discarded, exiting after ten idle minutes.
    private static func startDaemon(socket path: String) throws {
        let sibling = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("tutord").path
        let program = FileManager.default.isExecutableFile(atPath: sibling) ? sibling : "tutord"
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, tutor_posix_spawn_setsid())
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: CInt in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let arguments = [program, "--socket", path, "--exit-when-idle", "600"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, program, &actions, &attributes, &argv, environ)
        guard result == 0 else {
            throw Failure(description: "cannot start \(program): \(String(cString: strerror(result)))")
        }
    }

    func send(_ line: String) throws {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeMutableBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "connection lost") }
            offset += sent
        }
        _ = bytes.count
    }

    /// Reads what the socket has (call when it is readable) and returns complete replies.
    /// Throws when the daemon closed the connection.
    func receive() throws -> [Reply] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, Int32(MSG_DONTWAIT))
        if count == 0 { throw Failure(description: "tutord closed the connection") }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return [] }
            throw Failure(description: "connection lost: \(String(cString: strerror(errno)))")
        }
        buffer += chunk[..<count]
        var replies: [Reply] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: buffer[..<newline], as: UTF8.self)
            buffer.removeSubrange(...newline)
            if greeting == nil {
                greeting = line
                continue
            }
            if let reply = reader.feed(line[...]) { replies.append(reply) }
        }
        return replies
    }

    /// Blocks until the next reply (for plain mode and start-up).
    func nextReply() throws -> Reply {
        while true {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, 10_000)
            if let reply = try receiveOne() { return reply }
        }
    }

    private var pending: [Reply] = []

    private func receiveOne() throws -> Reply? {
        if pending.isEmpty { pending = try receive() }
        return pending.isEmpty ? nil : pending.removeFirst()
    }
}
