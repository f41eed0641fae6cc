#if canImport(Glibc)
import Glibc
#endif

/// A directory only its user may change, and the files kept in one: the socket's directory
/// under /tmp and the learner's exercise folders. Whoever else could write such a directory
/// could put a file or a symlink in place of ours (a socket that is not our daemon's, code
/// the learner's checks then run, a link that makes us write elsewhere), so each is refused
/// unless it is ours, not a symlink and open to no one else. The rules judge `FileStatus`
/// values, so they are tested without real users.
public enum PrivateDirectory {
    /// Why `directory` is not a private directory of `uid`, with what to do about it, or `nil`.
    public static func problem(_ directory: FileStatus, uid: UInt32) -> String? {
        let path = directory.path
        switch directory.kind {
        case .directory: break
        case .symlink: return "\(path) is a symlink; refusing to follow it (remove it: `rm \(path)`)"
        default: return "\(path) is not a directory; refusing to use it (move it away)"
        }
        guard directory.uid == uid else {
            return "\(path) belongs to \(directory.ownerText), not to you (\(FileStatus.userText(uid))), so they can change what is in it; "
                + "refusing to use it (move it away, or choose another folder)"
        }
        guard directory.permissions & 0o077 == 0 else {
            return "\(path) is accessible by other users (mode \(directory.modeText)); refusing to use it (`chmod 700 \(path)`)"
        }
        return nil
    }

    /// Why `base`, a folder a user named to keep private directories in, is not safe for them:
    /// theirs or root's (as /tmp is), and, when others may write it, sticky, so that no one
    /// else can rename or remove what is made in it. `nil` when it is safe. Its own path may
    /// lead through symlinks (the user chose it), so `base` is as `stat` sees it.
    public static func baseProblem(_ base: FileStatus, uid: UInt32) -> String? {
        let path = base.path
        guard base.kind == .directory else { return "\(path) is not a directory; refusing to use it" }
        guard base.uid == uid || base.uid == 0 else {
            return "\(path) belongs to \(base.ownerText), not to you (\(FileStatus.userText(uid))) or root, so they can replace what is made in it; "
                + "refusing to use it (choose a folder of your own)"
        }
        guard !base.isWritableByOthers || base.permissions & 0o1000 != 0 else {
            return "\(path) is writable by other users and not sticky (mode \(base.modeText)), so they can replace what is made in it; "
                + "refusing to use it (`chmod go-w \(path)`, or choose a folder of your own)"
        }
        return nil
    }

    /// Why `file`, found in a private directory, is not to be read or handed to an editor:
    /// a symlink (it would lead elsewhere), not a regular file (a FIFO blocks its reader), or
    /// someone else's or writable by others (its code is not the user's). `nil` when it is fine.
    public static func fileProblem(_ file: FileStatus, uid: UInt32) -> String? {
        let path = file.path
        switch file.kind {
        case .regular: break
        case .symlink: return "\(path) is a symlink; refusing to follow it (remove it: `rm \(path)`)"
        default: return "\(path) is not a regular file; refusing to use it (move it away)"
        }
        guard file.uid == uid else {
            return "\(path) belongs to \(file.ownerText), not to you (\(FileStatus.userText(uid))); refusing to use it (move it away)"
        }
        guard !file.isWritableByOthers else {
            return "\(path) is writable by other users (mode \(file.modeText)); refusing to use it (`chmod go-w \(path)`)"
        }
        return nil
    }

    /// Creates `path` as a 0700 directory if missing, then checks it as `lstat` sees it
    /// (``problem(_:uid:)``). `nil` when it is a private directory of `uid`, else why not.
    public static func ensure(_ path: String, uid: UInt32 = getuid()) -> String? {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            return "cannot create \(path): \(SocketPath.errnoText())"
        }
        guard let status = FileStatus.of(path) else {
            return "cannot inspect \(path): \(SocketPath.errnoText())"
        }
        return problem(status, uid: uid)
    }
}
