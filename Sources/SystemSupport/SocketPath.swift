import CTutordSystem
#if canImport(Glibc)
import Glibc
#endif

/// Where the socket lives, and making it safe to bind there (the way tmux guards its
/// socket directory).
public enum SocketPath {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// Another tutord answers on the socket.
        public var isAlreadyRunning = false

        public init(description: String, isAlreadyRunning: Bool = false) {
            self.description = description
            self.isAlreadyRunning = isAlreadyRunning
        }
    }

    /// Where the daemon listens and clients look by default: `$XDG_RUNTIME_DIR/tutord.sock`,
    /// or `/tmp/tutord-$UID/tutord.sock` without XDG_RUNTIME_DIR (docs/protocol.md, *Transport*).
    public static func defaultPath(environment: [String: String], uid: UInt32 = getuid()) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return runtime + "/tutord.sock"
        }
        return privateDirectory(uid: uid) + "/tutord.sock"
    }

    /// The per-user directory used without XDG_RUNTIME_DIR. It is in a directory every user
    /// can write to, so whoever uses it checks it first (``ensurePrivateDirectory(_:)``).
    public static func privateDirectory(uid: UInt32) -> String {
        "/tmp/tutord-\(uid)"
    }

    /// The default path, with its private directory created (0700) and checked when it is the
    /// one under /tmp: for the daemon, which binds there, and for clients, which must not
    /// talk to a socket another user put there.
    public static func checkedDefaultPath(environment: [String: String]) throws(Failure) -> String {
        let path = defaultPath(environment: environment)
        try checkPrivateDirectory(of: path)
        return path
    }

    /// When `path` is the socket in our /tmp private directory, creates and checks that
    /// directory (``ensurePrivateDirectory(_:)``); any other path is left alone.
    public static func checkPrivateDirectory(of path: String) throws(Failure) {
        let directory = privateDirectory(uid: getuid())
        if path.hasPrefix(directory + "/") {
            try ensurePrivateDirectory(directory)
        }
    }

    /// Creates `path` as a 0700 directory if missing; refuses one that is not a directory (a
    /// symlink included), not owned by us, or open to group or others (``PrivateDirectory``).
    public static func ensurePrivateDirectory(_ path: String) throws(Failure) {
        if let problem = PrivateDirectory.ensure(path) { throw Failure(description: problem) }
    }

    /// Makes `path` free to bind: a stale socket left by a crashed daemon is removed, a live
    /// one (a tutord answers) is left alone and reported, anything else is refused.
    public static func clearStale(_ path: String) throws(Failure) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw Failure(description: "\(path) exists and is not a socket; refusing to replace it")
        }
        if isListening(path) {
            throw Failure(description: "a tutord is already running on \(path)", isAlreadyRunning: true)
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw Failure(description: "cannot remove the stale socket \(path): \(errnoText())")
        }
    }

    /// Holds an exclusive lock on `<path>.lock` for the life of the process, so two daemons
    /// starting at once cannot both decide the socket is stale.
    public static func lock(_ path: String) throws(Failure) -> CInt {
        let lockPath = path + ".lock"
        let descriptor = try openLockFile(lockPath)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Failure(description: "a tutord is already running on \(path) (it holds \(lockPath))", isAlreadyRunning: true)
        }
        return descriptor
    }

    /// Opens (creating if needed) a lock file without following a symlink, and refuses one that
    /// is not a regular file of ours: in a directory others can write to, a planted symlink
    /// would otherwise make us create or open a file where they point.
    public static func openLockFile(_ lockPath: String) throws(Failure) -> CInt {
        var descriptor = open(lockPath, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0 && errno == EEXIST {
            descriptor = open(lockPath, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        }
        guard descriptor >= 0 else {
            throw Failure(description: "cannot open \(lockPath): \(errnoText())\(errno == ELOOP ? " (it is a symlink; refusing to follow it)" : "")")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid() else {
            close(descriptor)
            throw Failure(description: "\(lockPath) is not a regular file of yours; refusing to use it")
        }
        return descriptor
    }

    /// Whether something accepts connections on the Unix socket at `path`.
    public static func isListening(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return withUnixAddress(path) { address, length in connect(descriptor, address, length) == 0 } ?? false
    }

    /// Runs `body` with a `sockaddr_un` for `path` (or an abstract name starting with `@`).
    public static func withUnixAddress<Result>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    public static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
