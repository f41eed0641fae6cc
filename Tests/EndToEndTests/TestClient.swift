import Foundation
import LineProtocol
#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking client on a real Unix socket, with a receive timeout so a test fails
/// instead of hanging. One thread may send while another reads (the flood test does): sending
/// touches only the descriptor, and only the reader touches the buffer.
final class TestClient: @unchecked Sendable {
    let descriptor: CInt
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts (compacted when a new chunk arrives).
    private var position = 0
    private var reader = ReplyReader()
    /// The greeting line (`OK tutord 1`).
    private(set) var greeting = ""

    init(path: String, readGreeting: Bool = true) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw DaemonError("cannot connect to \(path): errno \(errno)")
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if readGreeting {
            greeting = try readLine() ?? ""
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        try sendBytes(Array(text.utf8))
    }

    func sendBytes(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw DaemonError("send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends one request line and reads its reply.
    func request(_ line: String) throws -> Reply {
        try send(line + "\n")
        return try readReply()
    }

    func readReply() throws -> Reply {
        while true {
            guard let line = try readLine() else { throw DaemonError("connection closed mid-reply") }
            if let reply = reader.feed(line[...]) { return reply }
        }
    }

    /// One line without its `\n`, or nil at end of stream.
    func readLine() throws -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[position..<newline], as: UTF8.self)
                position = newline + 1
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count == 0 { return nil }
            guard count > 0 else { throw DaemonError("receive failed or timed out: errno \(errno)") }
            buffer.removeFirst(position)
            position = 0
            buffer += chunk[..<count]
        }
    }

    /// Reads until the daemon closes the connection; returns the remaining lines.
    func readToEnd() throws -> [String] {
        var lines: [String] = []
        while let line = try readLine() { lines.append(line) }
        return lines
    }

    /// Sends as much of `bytes` as the socket takes right now, without blocking.
    func sendSome(_ bytes: ArraySlice<UInt8>) -> Int {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(0, sent)
    }

    /// Waits up to `milliseconds` for the socket to accept more data.
    func waitWritable(milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        return poll(&poller, 1, milliseconds) == 1
    }

    /// Whether a reply line is already waiting to be read (buffered or on the socket).
    func hasPendingInput() -> Bool {
        if buffer[position...].contains(UInt8(ascii: "\n")) { return true }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) == 1
    }

    func shutdownWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }
}
