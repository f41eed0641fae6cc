import CTutordSystem
#if canImport(Glibc)
import Glibc
#endif

/// A client's stream socket to a Unix socket path, and who is at the other end.
public enum UnixSocket {
    /// `struct ucred`, as SO_PEERCRED returns it (layout checked against glibc's in CTutordSystem).
    public typealias Credentials = csystem_ucred

    /// SO_PEERCRED, from the C headers (it differs between architectures).
    public static let peerCredentialsOption = csystem_so_peercred()

    /// A connected stream socket (close-on-exec), or a failure saying why not.
    public static func connect(_ path: String) throws(SocketPath.Failure) -> CInt {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketPath.Failure(description: "cannot create a socket: \(SocketPath.errnoText())") }
        guard let result = SocketPath.withUnixAddress(path, { Glibc.connect(descriptor, $0, $1) }) else {
            close(descriptor)
            throw SocketPath.Failure(description: "socket path too long: \(path)")
        }
        guard result == 0 else {
            let text = SocketPath.errnoText()
            close(descriptor)
            throw SocketPath.Failure(description: "cannot connect to \(path): \(text)")
        }
        return descriptor
    }

    /// A listening stream socket bound to `path` (close-on-exec, non-blocking), which must not
    /// exist. The daemon makes its own listener, rather than letting SwiftNIO make it, so
    /// that it knows the descriptor: when the process runs out of descriptors it accepts
    /// waiting connections on it with a reserve descriptor to refuse them (`AcceptReserveHandler`).
    /// The socket's mode comes from the caller's umask.
    public static func listen(_ path: String, backlog: CInt) throws(SocketPath.Failure) -> CInt {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw SocketPath.Failure(description: "cannot create a socket: \(SocketPath.errnoText())") }
        guard let bound = SocketPath.withUnixAddress(path, { Glibc.bind(descriptor, $0, $1) }) else {
            close(descriptor)
            throw SocketPath.Failure(description: "socket path too long: \(path)")
        }
        guard bound == 0, Glibc.listen(descriptor, backlog) == 0 else {
            let text = SocketPath.errnoText()
            close(descriptor)
            throw SocketPath.Failure(description: "cannot listen on \(path): \(text)")
        }
        return descriptor
    }

    /// The credentials of the peer of a connected Unix socket, from the kernel.
    public static func peerCredentials(_ descriptor: CInt) -> Credentials? {
        var credentials = Credentials()
        var length = socklen_t(MemoryLayout<Credentials>.size)
        guard getsockopt(descriptor, SOL_SOCKET, peerCredentialsOption, &credentials, &length) == 0 else { return nil }
        return credentials
    }
}
