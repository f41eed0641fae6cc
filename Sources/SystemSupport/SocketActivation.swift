#if canImport(Glibc)
import Glibc
#endif

/// The listening socket systemd passes to a socket-activated service (sd_listen_fds(3)).
public enum SocketActivation {
    /// The first passed descriptor; systemd numbers them from 3.
    public static let firstDescriptor: CInt = 3

    /// The passed listening socket, or `nil` when the daemon was not socket-activated.
    /// Removes LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES from the environment, so children do
    /// not inherit them, and refuses a descriptor that is not a listening Unix stream socket.
    public static func listeningSocket(environment: [String: String]) throws(SocketPath.Failure) -> CInt? {
        defer {
            unsetenv("LISTEN_PID")
            unsetenv("LISTEN_FDS")
            unsetenv("LISTEN_FDNAMES")
        }
        guard let pid = environment["LISTEN_PID"].flatMap({ Int32($0) }), pid == getpid(),
              let count = environment["LISTEN_FDS"].flatMap({ Int($0) }), count >= 1 else {
            return nil
        }
        let descriptor = firstDescriptor
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else {
            throw SocketPath.Failure(description: "descriptor \(descriptor) passed by systemd is not a socket")
        }
        guard option(descriptor, SO_TYPE) == Int32(SOCK_STREAM.rawValue), family(descriptor) == AF_UNIX else {
            throw SocketPath.Failure(description: "the socket passed by systemd is not a Unix stream socket; use ListenStream= with a path")
        }
        guard option(descriptor, SO_ACCEPTCONN) == 1 else {
            throw SocketPath.Failure(description: "the socket passed by systemd is not listening")
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return descriptor
    }

    /// The filesystem path a Unix socket is bound to (for logs), if it has one.
    public static func path(of descriptor: CInt) -> String? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        let path = withUnsafeBytes(of: address.sun_path) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return path.isEmpty ? nil : path
    }

    private static func option(_ descriptor: CInt, _ name: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, name, &value, &length) == 0 else { return -1 }
        return value
    }

    private static func family(_ descriptor: CInt) -> Int32 {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return result == 0 ? Int32(address.ss_family) : -1
    }
}
