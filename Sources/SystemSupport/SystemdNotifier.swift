#if canImport(Glibc)
import Glibc
#endif

/// Tells the service manager about the daemon's state (sd_notify): `READY=1`, `STATUS=...`,
/// `RELOADING=1`, `STOPPING=1`. Sends datagrams to `$NOTIFY_SOCKET` (a path, or an abstract
/// name starting with `@`); does nothing when that is not set.
public struct SystemdNotifier: Sendable {
    private let socketPath: String?

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"]
        socketPath = (path?.isEmpty ?? true) ? nil : path
    }

    public var isEnabled: Bool { socketPath != nil }

    /// Sends one notification, such as `READY=1\nSTATUS=serving`. Failures are ignored: the
    /// manager may be gone, and the daemon must go on.
    public func notify(_ state: String) {
        guard let socketPath else { return }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(state.utf8)
        _ = SocketPath.withUnixAddress(socketPath) { address, length in
            bytes.withUnsafeBytes { raw in
                sendto(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), address, length)
            }
        }
    }
}
