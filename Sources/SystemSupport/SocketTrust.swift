#if canImport(Glibc)
import Glibc
#endif

/// Whom a client talks to on a Unix socket, judged once it is connected, from the kernel's
/// word on the server's uid (SO_PEERCRED) and, for a server of another user, from where the
/// socket lives.
///
/// A server of one of `users` is trusted wherever its socket is. With `systemSockets`, so is
/// a system socket: one served by a system account (uid below UID_MIN, as a classroom daemon's
/// service user) that owns the socket file, in a directory owned by root or by that account
/// and writable by no one else, below directories that are root's and writable by no one
/// else, with no symlink on the way. Only root and the service could have put such a socket
/// there: never a student, who can make neither the account nor the folders.
public struct SocketTrust: Sendable {
    /// Trusted wherever their socket is (the client's own uid, root).
    public var users: Set<UInt32>
    /// Whether a system account's socket in a protected directory is trusted too.
    public var systemSockets: Bool
    /// The first uid of the login accounts (UID_MIN); the accounts below it are the system's.
    public var firstLoginUID: UInt32

    public init(users: Set<UInt32>, systemSockets: Bool = false,
                firstLoginUID: UInt32 = LoginDefinitions.defaultFirstLoginUID) {
        self.users = users
        self.systemSockets = systemSockets
        self.firstLoginUID = firstLoginUID
    }

    /// `nil` when the server on the socket at `path` is to be trusted, else the refusal, saying
    /// why: `the socket … is served by uid 998, not by you; refusing to talk to it: …`.
    /// `peerUID`: the server's uid from SO_PEERCRED (`nil` when the kernel did not say).
    public func problem(socket path: String, peerUID: UInt32?) -> String? {
        guard let peerUID else { return "the socket \(path) is served by an unknown user; refusing to talk to it" }
        if users.contains(peerUID) { return nil }
        let refusal = "the socket \(path) is served by uid \(peerUID), not by you; refusing to talk to it"
        guard systemSockets else { return refusal }
        switch Self.statuses(socket: path) {
        case .failure(let failure):
            return refusal + ": " + failure.description
        case .success(let (socket, directories)):
            return systemSocketProblem(socket: socket, directories: directories, peerUID: peerUID)
                .map { refusal + ": " + $0 }
        }
    }

    /// Why the socket `socket`, served by `peerUID`, is not a system socket, or `nil` when it is.
    /// `directories`: the socket's directory first, then each one above it up to `/`.
    public func systemSocketProblem(socket: FileStatus, directories: [FileStatus], peerUID: UInt32) -> String? {
        guard peerUID < firstLoginUID else {
            return "its server \(FileStatus.userText(peerUID)) is not root or a system account (uid below UID_MIN, \(firstLoginUID))"
        }
        guard socket.kind == .socket else {
            return socket.kind == .symlink
                ? "\(socket.path) is a symlink; give the socket's own path"
                : "\(socket.path) is not a socket"
        }
        guard socket.uid == peerUID else {
            return "the socket file belongs to \(socket.ownerText), not to its server"
        }
        for (index, directory) in directories.enumerated() {
            let what = index == 0 ? "its directory \(directory.path)" : "\(directory.path), above it,"
            guard directory.kind == .directory else {
                return directory.kind == .symlink
                    ? "\(what) is a symlink; give the socket's real path"
                    : "\(what) is not a directory"
            }
            let owners: Set<UInt32> = index == 0 ? [0, peerUID] : [0]
            guard owners.contains(directory.uid) else {
                return "\(what) belongs to \(directory.ownerText), not to root\(index == 0 ? " or the server" : ""), so a user could have made it"
            }
            guard !directory.isWritableByOthers else {
                return "\(what) is writable by others (mode \(directory.modeText)), so anyone could have put the socket there"
            }
        }
        return nil
    }

    /// The socket at `path` and the directories from its own up to `/`, as `lstat` sees them,
    /// or why they cannot be inspected.
    static func statuses(socket path: String) -> Result<(FileStatus, [FileStatus]), Failure> {
        var absolute = path
        if !path.hasPrefix("/") {
            guard let cwd = getcwd(nil, 0) else { return .failure(Failure("cannot tell where \(path) is")) }
            absolute = String(cString: cwd) + "/" + path
            free(cwd)
        }
        guard let socket = FileStatus.of(absolute) else {
            return .failure(Failure("cannot inspect \(absolute): \(SocketPath.errnoText())"))
        }
        var directories: [FileStatus] = []
        var directory = absolute
        repeat {
            directory = FileStatus.directory(of: directory)
            guard let status = FileStatus.of(directory) else {
                return .failure(Failure("cannot inspect \(directory): \(SocketPath.errnoText())"))
            }
            directories.append(status)
        } while directory != "/"
        return .success((socket, directories))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
