import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ProgressStore
import SystemSupport

/// Where progress lives: `$XDG_STATE_HOME/tutord`, or `~/.local/state/tutord`.
enum StatePath {
    static func defaultDirectory(environment: [String: String]) throws(StoreError) -> String {
        guard let directory = StateDirectory.defaultPath(environment: environment) else {
            throw StoreError(.io, "neither XDG_STATE_HOME nor HOME is set; give --state-dir")
        }
        return directory
    }

    /// Creates the directory (0700) if needed and returns it. One that another user may write
    /// (or owns) is refused before anything in it is locked, tightened or opened: they could
    /// put links or files of theirs in place of the database.
    static func prepare(_ directory: String) throws(StoreError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.io, "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        if let status = FileStatus.of(directory, following: true),
           let problem = StateFiles.directoryProblem(status, euid: geteuid()) {
            throw StoreError(.foreignFile, problem)
        }
        return directory
    }

    /// Holds `tutord.lock` in the state directory for the life of the process: a second daemon
    /// on the same SQLite progress (whatever its socket) is refused instead of sharing the
    /// database file. Daemons that keep progress in PostgreSQL share it and take no such lock.
    /// A state directory this daemon may only read (it then serves read-only and writes
    /// nothing) is locked through a read-only descriptor when the lock file exists, and not at
    /// all when it does not: two daemons that cannot write cannot spoil the database.
    static func lock(_ directory: String) throws(SocketPath.Failure) -> CInt {
        let path = directory + "/tutord.lock"
        let descriptor: CInt
        if access(directory, W_OK) == 0 {
            descriptor = try SocketPath.openLockFile(path)
        } else {
            descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else { return -1 }
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SocketPath.Failure(description: "another tutord already keeps its progress in \(directory) (it holds \(path)); "
                                     + "stop it, give this one another --state-dir, or keep progress in PostgreSQL (--database), "
                                     + "which several tutords share", isAlreadyRunning: true)
        }
        return descriptor
    }

    /// Keeps learners' progress private: the database files that are ours and readable by others
    /// (from an older tutord, or a loose umask) are made 0600. Returns what to tell the operator:
    /// each file made private, and a state directory that others can list.
    static func secure(_ directory: String) -> [String] {
        var notes: [String] = []
        var info = stat()
        if stat(directory, &info) == 0, info.st_mode & 0o077 != 0 {
            notes.append("the state directory \(directory) is open to other users (mode \(String(info.st_mode & 0o777, radix: 8))); "
                         + "its files are kept private (0600), and `chmod 700 \(directory)` would hide even their names")
        }
        for name in ["tutord.sqlite", "tutord.sqlite-wal", "tutord.sqlite-shm"] {
            let path = directory + "/" + name
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
                  info.st_mode & 0o077 != 0 else { continue }
            let old = String(info.st_mode & 0o777, radix: 8)
            if chmod(path, 0o600) == 0 { notes.append("made \(path) private (mode 600, was \(old))") }
        }
        return notes
    }
}
