import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The receiving end of sd_notify: a datagram socket to give a daemon as NOTIFY_SOCKET, the
/// way a service manager does. Tests and the benchmark use it to know when tutord is ready.
public final class NotificationListener {
    public let path: String
    private let descriptor: CInt

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let bound = SocketPath.withUnixAddress(path) { address, length in bind(descriptor, address, length) }
        guard descriptor >= 0, bound == 0 else {
            throw Failure(description: "cannot bind \(path): \(SocketPath.errnoText())")
        }
    }

    /// The next notification, or `nil` if none arrives within the timeout.
    public func receive(timeoutMilliseconds: Int32) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    deinit { close(descriptor) }
}
