#if canImport(Glibc)
import Glibc
#endif

/// Why this process may not write (or read) a file or directory, in words an operator can act
/// on: who owns it and its mode, instead of SQLite's "unable to open database file".
public enum FileAccess {
    /// `nil` when this process (its effective user and groups) may write `path`, else why not:
    /// "the state directory /var/lib/tutord is not writable for tutord (uid 65534): owner root,
    /// mode 755". `what` names the thing ("the state directory").
    public static func writeProblem(_ path: String, what: String) -> String? {
        problem(path, what: what, mode: W_OK, adjective: "writable")
    }

    /// Like ``writeProblem(_:what:)``, for reading.
    public static func readProblem(_ path: String, what: String) -> String? {
        problem(path, what: what, mode: R_OK, adjective: "readable")
    }

    private static func problem(_ path: String, what: String, mode: CInt, adjective: String) -> String? {
        guard faccessat(AT_FDCWD, path, mode, AT_EACCESS) != 0 else { return nil }
        let cause = errno
        if cause == EROFS { return "\(what) \(path) is on a read-only file system" }
        if cause == ENOENT { return "\(what) \(path) does not exist" }
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(what) \(path) cannot be checked: \(String(cString: strerror(errno)))" }
        let owner = UserDatabase.user(uid: info.st_uid)?.name ?? "uid \(info.st_uid)"
        let permissions = String(info.st_mode & 0o7777, radix: 8)
        return "\(what) \(path) is not \(adjective) for tutord (uid \(geteuid())): owner \(owner), mode \(permissions)"
    }
}
