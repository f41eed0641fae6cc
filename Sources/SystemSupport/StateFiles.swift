#if canImport(Glibc)
import Glibc
#endif

/// The database files a daemon keeps learners' progress in (the file, its `-wal` and `-shm`),
/// checked before SQLite opens them, as lock files are (``SocketPath/openLockFile(_:)``): a
/// symlink is never followed (it would make SQLite create and write files where it points),
/// and a daemon that writes uses only files of its own user or root's, in a directory no one
/// else may write (where another user could put files or links in their place).
///
/// Files of the daemon's own user that are too open are made private elsewhere (the daemon's
/// start-up); root's are trusted as root is, and stay as they are.
public enum StateFiles {
    /// SQLite's companions of a database file.
    public static let companionSuffixes = ["-wal", "-shm"]

    /// `nil` when the database at `path` may be opened, else why not, naming the file, its
    /// owner and mode. `writing`: the caller opens it to write (a daemon), not only to read
    /// it (`tutord report`, where root reads a service's files): only then must the files and
    /// their directory be the caller's or root's.
    public static func problem(database path: String, writing: Bool, euid: UInt32 = geteuid()) -> String? {
        // The directory is followed if it is a symlink: where it leads is what must be safe.
        if writing, let directory = FileStatus.of(FileStatus.directory(of: path), following: true),
           let problem = directoryProblem(directory, euid: euid) {
            return problem
        }
        let companions = zip(companionSuffixes, ["the database's write-ahead log", "the database's shared-memory file"])
        for (name, what) in [(path, "the database")] + companions.map({ (path + $0, $1) }) {
            guard let status = FileStatus.of(name) else { continue }  // missing: SQLite creates it, ours
            if let problem = fileProblem(status, what: what, writing: writing, euid: euid) { return problem }
        }
        return nil
    }

    /// Why a daemon of `euid` may not keep its database in `directory`, or `nil`.
    public static func directoryProblem(_ directory: FileStatus, euid: UInt32) -> String? {
        let named = "the state directory \(directory.path)"
        guard directory.kind == .directory else { return "\(named) is not a directory; refusing to use it" }
        guard directory.uid == euid || directory.uid == 0 else {
            return "\(named) belongs to \(directory.ownerText), mode \(directory.modeText), not to tutord, which runs as \(FileStatus.userText(euid)): "
                + "its owner could put files or links in place of the database; refusing to use it"
        }
        guard !directory.isWritableByOthers else {
            return "\(named) is writable by other users (owner \(directory.ownerText), mode \(directory.modeText)): "
                + "they could put files or links in place of the database; refusing to use it (`chmod go-w \(directory.path)`)"
        }
        return nil
    }

    /// Why the database file `file` may not be used, or `nil`.
    public static func fileProblem(_ file: FileStatus, what: String, writing: Bool, euid: UInt32) -> String? {
        let named = "\(what) \(file.path)"
        switch file.kind {
        case .regular: break
        case .symlink: return "\(named) is a symlink; refusing to follow it (move it away, or choose another --state-dir)"
        default: return "\(named) is not a regular file; refusing to use it"
        }
        guard !writing || file.uid == euid || file.uid == 0 else {
            return "\(named) belongs to \(file.ownerText), mode \(file.modeText), not to tutord, which runs as \(FileStatus.userText(euid)); "
                + "refusing to use it (move it away, or choose another --state-dir)"
        }
        return nil
    }
}
