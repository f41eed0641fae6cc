#if canImport(Glibc)
import Glibc
#endif

/// What the trust checks need to know of one file, as `lstat(2)` sees it (a symlink is
/// reported as one, never followed). A value, so the policies that judge it are tested
/// without real users.
public struct FileStatus: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case directory, regular, socket, symlink, other
    }

    public var path: String
    public var kind: Kind
    public var uid: UInt32
    /// The permission bits (`st_mode & 07777`).
    public var permissions: UInt32

    public init(path: String, kind: Kind, uid: UInt32, permissions: UInt32) {
        self.path = path
        self.kind = kind
        self.uid = uid
        self.permissions = permissions
    }

    /// `path` as `lstat(2)` sees it (or `stat(2)`, following a symlink, with `following`);
    /// `nil` when it cannot be inspected (`errno` says why).
    public static func of(_ path: String, following: Bool = false) -> FileStatus? {
        var info = stat()
        guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return FileStatus(path: path, info)
    }

    /// The file open on `descriptor` (`fstat(2)`), named `path`; `nil` when it cannot be inspected.
    public static func of(descriptor: CInt, path: String) -> FileStatus? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileStatus(path: path, info)
    }

    private init(path: String, _ info: stat) {
        let kind: Kind = switch info.st_mode & S_IFMT {
        case S_IFDIR: .directory
        case S_IFREG: .regular
        case S_IFSOCK: .socket
        case S_IFLNK: .symlink
        default: .other
        }
        self.init(path: path, kind: kind, uid: info.st_uid, permissions: info.st_mode & 0o7777)
    }

    /// Someone besides the owner (its group, or everyone) may write it: for a directory, put
    /// files or links in it, or replace those there.
    public var isWritableByOthers: Bool { permissions & 0o022 != 0 }

    /// The mode in octal, as `ls` and `chmod` spell it: `755`, `1777`.
    public var modeText: String { String(permissions, radix: 8) }

    /// Who owns it, for a message: `alice (uid 1001)`, or `uid 1001` without a name.
    public var ownerText: String { Self.userText(uid) }

    /// The directory `path` is in (`/` for `/x`), its textual parent: symlinks are not resolved,
    /// so each one on the way is seen, and refused, as what it is.
    public static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        var parent = trimmed[..<slash]
        while parent.count > 1 && parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    static func userText(_ uid: UInt32) -> String {
        UserDatabase.user(uid: uid).map { "\($0.name) (uid \(uid))" } ?? "uid \(uid)"
    }
}
