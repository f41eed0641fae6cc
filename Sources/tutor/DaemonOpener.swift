import CTutordSystem
import Foundation
import SystemSupport
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// Opens the client's connection to tutord, starting the daemon if none answers (the way tmux
/// starts its server), with its log in the state directory so its words can be shown.
///
/// Nothing is sent to a server that is not ours: the kernel's word on the server's uid
/// (SO_PEERCRED) must be ours or root's, or the socket a system socket (a classroom daemon's
/// service account, in a directory only root or that account could have made: `SocketTrust`);
/// and the default socket's private directory under /tmp is checked the way the daemon checks
/// it (owned by us, mode 0700, not a symlink).
enum DaemonOpener {
    /// Whose daemon this client talks to.
    static var trust: SocketTrust {
        SocketTrust(users: [getuid(), 0], systemSockets: true, firstLoginUID: LoginDefinitions.firstLoginUID())
    }

    /// Connects to `path`. Without a daemon there, and unless `autostart` is false, takes a
    /// lock (so two clients do not start two daemons), tries once more, starts `tutord` in the
    /// background and waits for its socket. `isDefaultPath`: the path is the default one, so
    /// the daemon is started without `--socket` and applies its own checks to it. `started`
    /// says whether this call started the daemon (its log is then ``DaemonLog``'s file).
    static func open(path: String, isDefaultPath: Bool, autostart: Bool, readGreeting: Bool) throws -> (connection: LineConnection, started: Bool) {
        if isDefaultPath {
            try SocketPath.checkPrivateDirectory(of: path)  // checked again on every reconnect
        }
        func connect() throws -> LineConnection {
            try LineConnection(path: path, trust: trust, readGreeting: readGreeting)
        }
        do {
            return (try connect(), false)
        } catch is LineConnection.Failure where !SocketPath.isListening(path) {
            // Nothing listens: start one below. (A refused or untrusted server is not retried.)
            guard autostart else {
                throw LineConnection.Failure(isDefaultPath
                    ? "no tutord answers on \(path). Start one with `tutord`, or as a service: systemctl --user start tutord.socket"
                    : "no tutord answers on \(path). Start one with `tutord --socket \(path)`")
            }
        }
        let lock = try SocketPath.openLockFile(path + ".start.lock")
        flock(lock, LOCK_EX)
        defer { close(lock) }
        if let connection = try? connect() { return (connection, false) }  // another client started it
        let pid = try startDaemon(socket: isDefaultPath ? nil : path)
        var delay: useconds_t = 10_000
        for _ in 0..<60 {
            if SocketPath.isListening(path) { return (try connect(), true) }
            var status: CInt = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw LineConnection.Failure("tutord could not start" + DaemonLog.said())
            }
            usleep(delay)
            delay = min(delay * 2, 250_000)
        }
        throw LineConnection.Failure("started tutord, but it does not answer on \(path)" + DaemonLog.said())
    }

    /// `tutor`'s sibling `tutord` (an install or a build directory), else the one on PATH.
    static var daemonProgram: String {
        let sibling = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("tutord").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : "tutord"
    }

    /// Starts `tutord` in a new session, exiting after ten idle minutes, with its output going
    /// to ``DaemonLog``'s file (or nowhere, without a state directory). Returns its pid.
    private static func startDaemon(socket path: String?) throws -> pid_t {
        let program = daemonProgram
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, csystem_posix_spawn_setsid())
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let log = DaemonLog.prepare() ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = [program] + (path.map { ["--socket", $0] } ?? []) + ["--exit-when-idle", "600"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Its standard error is the log file now, not the journal a terminal may have inherited.
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "JOURNAL_STREAM")
        // The daemon outlives this tutor and serves every later session of the user's: a
        // clock fixed for one terminal (TUTORD_NOW, a testing aid) must not stand still for
        // all of them. Whoever wants it starts tutord with it themselves.
        environment.removeValue(forKey: "TUTORD_NOW")
        var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, program, &actions, &attributes, &argv, &envp)
        guard result == 0 else {
            throw LineConnection.Failure("cannot start \(program): \(String(cString: strerror(result)))")
        }
        return pid
    }
}
