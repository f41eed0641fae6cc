import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removing a check's directory whatever the check did to it.
enum CheckDirectory {
    /// Removes `path` and everything in it. A check may have taken the write bit off a folder
    /// of its own (so its entries cannot be unlinked): such folders get it back and removal is
    /// tried again. Symbolic links are removed, never followed. What cannot be removed is
    /// said on standard error, not left silently.
    static func remove(_ path: String) {
        if (try? FileManager.default.removeItem(atPath: path)) != nil { return }
        restoreAccess(path)
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            FileHandle.standardError.write(Data("tutord: cannot remove the check's directory \(path): \(error)\n".utf8))
        }
    }

    /// `u+rwx` on `path` and every directory under it, found with lstat, so no link is followed.
    private static func restoreAccess(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        chmod(path, (info.st_mode & 0o7777) | 0o700)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries { restoreAccess(path + "/" + entry) }
    }
}
