#if canImport(Glibc)
import Glibc
#endif
import LineProtocol
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import ProgressStore

/// One client connection: identifies the peer, answers request lines in order, and applies
/// backpressure.
///
/// Lines are queued and answered only while the channel is writable. When a client stops
/// reading its replies, the handler stops answering and stops reading from the socket, so
/// neither replies nor requests pile up in memory.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private let server: ServerContext
    private var session: ClientSession?
    private var queue = CircularBuffer<InboundLine>()
    private var admitted = false
    /// The peer closed its sending side; close once the queue is answered.
    private var inputClosed = false
    /// Quit, shutdown or a fatal condition: answer nothing more.
    private var closing = false
    private var readsPaused = false
    /// A reply waits for its progress to be committed; later lines wait behind it.
    private var awaitingCommit = false

    init(server: ServerContext) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        guard server.admitConnection() else {
            let limit = server.configuration.maxConnections
            send(context, [], .error(ProtocolError(.busy, "too many connections (limit \(limit)); try again later")))
            context.flush()
            context.close(promise: nil)
            return
        }
        admitted = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        PeerCredentials.of(context.channel).whenComplete { result in
            let (handler, context) = loopBound.value
            switch result {
            case .success(let credentials):
                handler.session = ClientSession(uid: credentials.uid, userName: credentials.userName)
                var greeting = ByteBuffer(string: "OK tutord \(protocolVersion)\n")
                greeting.reserveCapacity(0)
                context.write(handler.wrapOutboundOut(greeting), promise: nil)
                handler.processQueue(context: context)
                context.flush()
            case .failure(let error):
                handler.server.logger.warning("cannot identify peer", metadata: ["error": "\(error)"])
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted {
            server.connectionClosed()
            admitted = false
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        queue.append(unwrapInboundIn(data))
        processQueue(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            processQueue(context: context)
            context.flush()
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // Shutdown: answer what was already received, then close.
            inputClosed = true
            processQueue(context: context)
            context.flush()
        } else if case ChannelEvent.inputClosed = event {
            inputClosed = true
            processQueue(context: context)
            context.flush()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset or broken pipe from a client that went away is routine; anything else is logged.
        if let error = error as? IOError, [ECONNRESET, EPIPE].contains(error.errnoCode) {
            server.logger.debug("client went away", metadata: ["error": "\(error)"])
        } else {
            server.logger.notice("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    /// Answers queued lines while the client keeps up.
    private func processQueue(context: ChannelHandlerContext) {
        guard session != nil else { return }  // waiting for the peer's identity
        while !closing, !awaitingCommit, context.channel.isWritable, let line = queue.popFirst() {
            answer(line, context: context)
        }
        if closing || awaitingCommit { return }
        if queue.isEmpty {
            if inputClosed {
                closing = true
                context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: nil)
                context.close(promise: nil)
                return
            }
            setReading(true, context: context)
        } else {
            setReading(false, context: context)  // backpressure: the client is not reading
        }
    }

    private func answer(_ line: InboundLine, context: ChannelHandlerContext) {
        guard var session else { return }
        let outcome: RequestOutcome
        switch line {
        case .tooLong:
            let limit = server.configuration.maxLineBytes
            outcome = .failure(ProtocolError(.lineTooLong, "the line is longer than \(limit) bytes and was discarded"))
        case .line(let buffer):
            outcome = RequestProcessor.process(buffer.readableBytesView, session: &session, server: server)
        }
        self.session = session
        if let write = outcome.write, let committer = server.committer {
            commit(write, then: outcome, format: session.format, committer: committer, context: context)
            return
        }
        send(context, outcome.lines, outcome.status, format: session.format)
        if outcome.closeConnection {
            closing = true
            context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: nil)
            context.close(promise: nil)
        }
    }

    /// The reply's `OK` goes out only once its progress is durable (docs/protocol.md,
    /// *Durability*); if the commit fails, the learner gets `ERR storage` and the conversation is
    /// reloaded from the store on its next use, so memory never runs ahead of disk.
    private func commit(_ write: ProgressWrite, then outcome: RequestOutcome, format: ReplyFormat,
                        committer: GroupCommitter, context: ChannelHandlerContext) {
        awaitingCommit = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        committer.submit(write) { result in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.awaitingCommit = false
                switch result {
                case .success:
                    handler.send(context, outcome.lines, outcome.status, format: format)
                case .failure(let error):
                    handler.server.logger.error("cannot save progress", metadata: ["error": "\(error)", "learner": "\(write.learner)"])
                    handler.server.learners.learner(write.learner).withState { $0.conversations[write.course] = nil }
                    handler.send(context, [], .error(ProtocolError(.storage, "your progress could not be saved, so this step did not happen; try again later")), format: format)
                }
                handler.processQueue(context: context)
                context.flush()
            }
        }
    }

    private func send(_ context: ChannelHandlerContext, _ lines: [ReplyLine], _ status: ReplyStatus, format: ReplyFormat = .text) {
        let text = ReplyEncoder(format: format).encode(lines, status)
        context.write(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
    }

    private func setReading(_ reading: Bool, context: ChannelHandlerContext) {
        guard readsPaused == reading else { return }
        readsPaused = !reading
        context.channel.setOption(ChannelOptions.autoRead, value: reading).whenFailure { _ in }
        if reading { context.read() }
    }
}

/// The protocol version announced in the greeting.
let protocolVersion = 1
