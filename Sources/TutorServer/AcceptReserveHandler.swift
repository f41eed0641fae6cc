import Logging
import LineProtocol
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// What the listener does when the process is out of file descriptors.
///
/// accept(2) then fails with `EMFILE` (or `ENFILE`, the system's table) and leaves the
/// connection waiting in the backlog. The listener stays readable, so an event loop that
/// only retries spins at full CPU while the client waits for ever, without a greeting or an
/// error, and nothing says why. The remedy libev and nginx use: keep one descriptor in
/// reserve. On the error, give it back, accept each waiting connection with the freed
/// number, tell it `ERR busy` and close it, then take the reserve again. NIO's
/// `AcceptBackoffHandler`, after this one in the pipeline, then waits a little before the
/// next accept, so the loop sleeps while descriptors stay short.
///
/// The shortage is logged once when it begins and once when a connection is accepted again,
/// with the number turned away, not once per connection.
///
/// Runs on the listener's event loop, as every handler of its pipeline does; it reads and
/// writes `listener` directly, which NIO owns but leaves alone between its own reads on that
/// same loop.
final class AcceptReserveHandler: ChannelInboundHandler {
    typealias InboundIn = Channel

    /// The listening socket's descriptor.
    private let listener: CInt
    private let logger: Logger
    /// `ERR busy ...` and its line end, as the greeting's place takes it (text: no client has
    /// chosen JSON yet).
    private let refusal: [UInt8]
    /// A descriptor held only to be given back; -1 while it could not be taken.
    private var reserve: CInt = -1
    /// Connections turned away since the shortage began; `nil` while there is none.
    private var refusedInShortage: Int?

    /// At most this many waiting connections are refused per error (the listen backlog),
    /// so one error never keeps the loop for long.
    static let refusalsPerError = 1024

    init(listener: CInt, logger: Logger) {
        self.listener = listener
        self.logger = logger
        let error = ProtocolError(.busy, "the tutor is out of file descriptors; try again later")
        self.refusal = Array(ReplyEncoder(format: .text).encode([], .error(error)).utf8)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        reserve = Self.takeReserve()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if reserve >= 0 { close(reserve) }
        reserve = -1
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let refused = refusedInShortage {
            logger.notice("file descriptors are available again: accepting connections", metadata: ["refused": "\(refused)"])
            refusedInShortage = nil
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? IOError, error.errnoCode == EMFILE || error.errnoCode == ENFILE {
            if refusedInShortage == nil {
                logger.error("out of file descriptors: refusing new connections with ERR busy until some close",
                             metadata: ["error": "\(error)"])
            }
            refusedInShortage = (refusedInShortage ?? 0) + refuseWaitingConnections()
        }
        context.fireErrorCaught(error)  // to the backoff
    }

    /// Accepts and refuses the connections waiting now, with the reserve's number; returns
    /// how many.
    private func refuseWaitingConnections() -> Int {
        if reserve < 0 { reserve = Self.takeReserve() }
        guard reserve >= 0 else { return 0 }
        close(reserve)
        reserve = -1
        var refused = 0
        while refused < Self.refusalsPerError {
            // Plain accept(2): the socket is closed before this loop runs anything else, and
            // the listener is non-blocking, so EAGAIN ends the loop.
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { break }  // none left waiting, or the number was taken meanwhile
            // A fresh socket's buffer takes these few bytes at once; if not, the client gets the close alone.
            _ = refusal.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            close(connection)
            refused += 1
        }
        reserve = Self.takeReserve()
        return refused
    }

    private static func takeReserve() -> CInt {
        open("/dev/null", O_RDONLY | O_CLOEXEC)
    }
}
