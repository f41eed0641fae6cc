import LineProtocol
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// A connection to tutord on its Unix socket: send whole lines, read replies through
/// ``ReplyReader``. Blocking by default (scripts and tests), with ``receiveAvailable()`` for a
/// client's own poll loop (`tutor`).
///
/// One thread may send while another reads: sending touches only the descriptor, and only
/// the reader touches the buffer.
public final class LineConnection: @unchecked Sendable {
    public let descriptor: CInt
    /// The greeting line (`OK tutord 1`), once read.
    public private(set) var greeting: String?
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts (compacted when a new chunk arrives).
    private var position = 0
    /// Where the search for the end of the line resumes: the bytes from `position` to here hold
    /// no newline (a line of megabytes arrives in many reads, and each is searched once).
    private var searched = 0
    private var reader = ReplyReader()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Connects to `path`.
    ///
    /// - Parameters:
    ///   - trust: when given, whom to talk to: the server's uid (from the kernel, SO_PEERCRED)
    ///     and where its socket lives are checked against it before anything is sent or read;
    ///     a socket another user put in our place is refused.
    ///   - receiveTimeout: seconds a blocking read or send may wait before it fails (tests), or `nil`.
    ///   - readGreeting: read the greeting now (blocking).
    public init(path: String, trust: SocketTrust? = nil, receiveTimeout: Int? = nil, readGreeting: Bool = true) throws {
        do {
            descriptor = try UnixSocket.connect(path)
        } catch {
            throw Failure(error.description)
        }
        if let trust, let problem = trust.problem(socket: path, peerUID: UnixSocket.peerCredentials(descriptor)?.uid) {
            close(descriptor)
            throw Failure(problem)
        }
        if let receiveTimeout {
            var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        if readGreeting {
            greeting = try readLine()
            if let greeting, let problem = Greeting.problem(with: greeting) { throw Failure(problem) }
        }
    }

    deinit { close(descriptor) }

    /// Sends text as it is (add the `\n` yourself); see ``send(line:)``.
    public func send(_ text: String) throws {
        try sendBytes(Array(text.utf8))
    }

    /// Sends one request line.
    public func send(line: String) throws {
        try send(line + "\n")
    }

    public func sendBytes(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure("connection lost: \(SocketPath.errnoText())") }
            offset += sent
        }
    }

    /// Sends one request line and reads its reply.
    public func request(_ line: String) throws -> Reply {
        try send(line: line)
        return try readReply()
    }

    /// Blocks until the next whole reply.
    public func readReply() throws -> Reply {
        while true {
            guard let line = try readLine() else { throw Failure("tutord closed the connection") }
            if let reply = reader.feed(line[...]) { return reply }
        }
    }

    /// One line without its `\n` (blocking), or `nil` at the end of the stream.
    public func readLine() throws -> String? {
        while true {
            if let line = bufferedLine() { return line }
            guard try fill(blocking: true) else { return nil }
        }
    }

    /// Reads whatever the socket has now, without blocking, and returns the replies it
    /// completes (the greeting first, if not yet read). Throws when the daemon closed.
    public func receiveAvailable() throws -> [Reply] {
        guard try fill(blocking: false) else { throw Failure("tutord closed the connection") }
        var replies: [Reply] = []
        while let line = bufferedLine() {
            if greeting == nil {
                greeting = line
                if let problem = Greeting.problem(with: line) { throw Failure(problem) }
                continue
            }
            if let reply = reader.feed(line[...]) { replies.append(reply) }
        }
        return replies
    }

    /// Reads until the daemon closes the connection; returns the remaining lines.
    public func readToEnd() throws -> [String] {
        var lines: [String] = []
        while let line = try readLine() { lines.append(line) }
        return lines
    }

    /// Sends as much of `bytes` as the socket takes right now, without blocking.
    public func sendSome(_ bytes: ArraySlice<UInt8>) -> Int {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(0, sent)
    }

    /// Waits up to `milliseconds` for the socket to accept more data.
    public func waitWritable(milliseconds: Int32) -> Bool {
        poll(events: POLLOUT, milliseconds: milliseconds)
    }

    /// Whether a line is already waiting to be read (buffered or on the socket).
    public func hasPendingInput() -> Bool {
        buffer[position...].contains(UInt8(ascii: "\n")) || poll(events: POLLIN, milliseconds: 0)
    }

    public func shutdownWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    private func poll(events: Int32, milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        return Glibc.poll(&poller, 1, milliseconds) == 1
    }

    private func bufferedLine() -> String? {
        guard let newline = buffer[max(position, searched)...].firstIndex(of: UInt8(ascii: "\n")) else {
            searched = buffer.count
            return nil
        }
        let line = String(decoding: buffer[position..<newline], as: UTF8.self)
        position = newline + 1
        searched = position
        return line
    }

    /// Appends what the socket has; `false` at the end of the stream.
    private func fill(blocking: Bool) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, blocking ? 0 : Int32(MSG_DONTWAIT))
        if count == 0 { return false }
        if count < 0 {
            if !blocking && (errno == EAGAIN || errno == EINTR) { return true }
            throw Failure(errno == EAGAIN ? "no reply from tutord in time" : "connection lost: \(SocketPath.errnoText())")
        }
        buffer.removeFirst(position)
        searched -= position
        position = 0
        buffer += chunk[..<count]
        return true
    }
}
