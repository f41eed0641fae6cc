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

    /// Creates the directory (0700) if needed and returns it.
    static func prepare(_ directory: String) throws(StoreError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.io, "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        return directory
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
