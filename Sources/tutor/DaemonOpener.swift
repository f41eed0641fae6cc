import CTutordSystem
import Foundation
import SystemSupport
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// Opens the client's connection to tutord, starting the daemon if none answers (the way tmux
/// starts its server).
///
/// Nothing is sent to a server that is not ours: the kernel's word on the server's uid
/// (SO_PEERCRED) must be ours (or root's), and the default socket's private directory under
/// /tmp is checked the way the daemon checks it (owned by us, mode 0700, not a symlink).
enum DaemonOpener {
    /// The users whose daemon this client talks to.
    static var trustedPeers: Set<UInt32> { [getuid(), 0] }

    /// Connects to `path`. Without a daemon there, and unless `autostart` is false, takes a
    /// lock (so two clients do not start two daemons), tries once more, starts `tutord` in the
    /// background and waits for its socket. `isDefaultPath`: the path is the default one, so
    /// the daemon is started without `--socket` and applies its own checks to it.
    static func open(path: String, isDefaultPath: Bool, autostart: Bool, readGreeting: Bool) throws -> LineConnection {
        if isDefaultPath {
            try SocketPath.checkPrivateDirectory(of: path)  // checked again on every reconnect
        }
        func connect() throws -> LineConnection {
            try LineConnection(path: path, trustedPeers: trustedPeers, readGreeting: readGreeting)
        }
        do {
            return try connect()
        } catch is LineConnection.Failure where !SocketPath.isListening(path) {
            // Nothing listens: start one below. (A refused or untrusted server is not retried.)
            guard autostart else {
                throw LineConnection.Failure("no tutord answers on \(path). Start one with `tutord`, or as a service: systemctl --user start tutord.socket")
            }
        }
        let lock = try SocketPath.openLockFile(path + ".start.lock")
        flock(lock, LOCK_EX)
        defer { close(lock) }
        if let connection = try? connect() { return connection }  // another client started it
        try startDaemon(socket: isDefaultPath ? nil : path)
        var delay: useconds_t = 10_000
        for _ in 0..<40 {
            if SocketPath.isListening(path) { return try connect() }
            usleep(delay)
            delay = min(delay * 2, 250_000)
        }
        throw LineConnection.Failure("started tutord, but it does not answer on \(path); run `tutord --socket \(path)` to see why")
    }

    /// `tutord` next to this executable (an install or a build directory), else from PATH; in a
    /// new session with its output discarded, exiting after ten idle minutes.
    private static func startDaemon(socket path: String?) throws {
        let sibling = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("tutord").path
        let program = FileManager.default.isExecutableFile(atPath: sibling) ? sibling : "tutord"
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, csystem_posix_spawn_setsid())
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: CInt in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let arguments = [program] + (path.map { ["--socket", $0] } ?? []) + ["--exit-when-idle", "600"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, program, &actions, &attributes, &argv, environ)
        guard result == 0 else {
            throw LineConnection.Failure("cannot start \(program): \(String(cString: strerror(result)))")
        }
    }
}
