#if canImport(Glibc)
import LineFraming
import Glibc
#endif
import LineProtocol
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import ProgressStore
import Tutoring

/// One client connection: identifies the peer, answers request lines in order, and applies
/// backpressure.
///
/// Lines are queued and answered one at a time, only while the channel is writable. A request
/// about the learner goes to the learner's worker (``LearnerWorker``), which may run it on the
/// blocking pool, and a reply whose progress is being committed waits for the commit;
/// meanwhile later lines wait in the queue and the socket is not read, so neither replies nor
/// requests pile up in memory.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    /// Where the connection is in its life.
    enum State: Equatable {
        /// Not admitted (over the connection limit) or not yet active.
        case inactive
        /// Waiting for the peer's identity; lines queue.
        case identifying
        /// Answering queued lines while the client reads its replies.
        case answering
        /// A reply waits for the learner's worker or for its commit; later lines wait.
        case waiting
        /// In `idle`: the reply waits for a change, or for the next line (`noidle` or any
        /// request), which ends it.
        case idle
        /// Answers nothing more: quit, an unidentifiable peer, everything answered after the
        /// peer closed its sending side, or the channel went away.
        case closed
    }

    private let server: ServerContext
    /// The server's logger. Each line of this connection carries ``logMetadata(_:)``; at
    /// debug level it logs the connection's life and each request's command word.
    private let logger: Logger
    /// This connection's number in the log (`connection=N`).
    private var connectionNumber: UInt64 = 0
    private(set) var state = State.inactive
    /// The peer closed its sending side (or shutdown began): close once the queue is answered.
    private(set) var inputClosed = false
    private var session: ClientSession? {
        didSet { watchLearner() }
    }
    /// This connection's mailbox of changes made by others, registered under its learner.
    private let watcher = ChangeWatcher()
    private var watchedLearner: LearnerID?
    /// While in `idle`: the changes waited for.
    private var idleSubscriptions: Set<Subsystem>?
    /// Two slots, grown on demand: an idle connection (thousands of them) holds one line at
    /// most, and NIO's default of 16 cost about 0.5 KiB each.
    private var queue = CircularBuffer<InboundLine>(initialCapacity: 2)
    /// Whether the channel reads from the socket (its `autoRead`), as last set.
    private(set) var isReading = true
    /// A reply was written and not yet flushed.
    private var unflushed = false
    /// Closes a connection that sends no line in time; cancelled by its first line.
    private var firstLineDeadline: Scheduled<Void>?

    /// Who is at the other end of a channel.
    typealias Identify = (Channel) -> EventLoopFuture<PeerCredentials>
    private let identify: Identify
    /// The Unix user this connection is counted for (classroom mode's per-user limit).
    private var countedUser: UInt32?

    /// `identify` defaults to the kernel's word (SO_PEERCRED); tests on an `EmbeddedChannel`,
    /// which has no peer, pass their own.
    init(server: ServerContext, identify: Identify? = nil) {
        self.server = server
        self.logger = server.logger
        self.identify = identify ?? { PeerCredentials.of($0, lookingUpNamesOn: server.identificationPool, classroom: server.configuration.classroom) }
    }

    func channelActive(context: ChannelHandlerContext) {
        guard server.admitConnection() else {
            let limit = server.configuration.maxConnections
            send(context, [], .error(ProtocolError(.busy, "too many connections (limit \(limit)); try again later")))
            flush(context)
            context.close(promise: nil)
            return
        }
        state = .identifying
        connectionNumber = server.nextConnectionNumber()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        if let timeout = server.configuration.firstLineTimeout {
            firstLineDeadline = context.eventLoop.scheduleTask(in: timeout) {
                let (handler, context) = loopBound.value
                handler.firstLineTimedOut(after: timeout, context: context)
            }
        }
        identify(context.channel).whenComplete { result in
            let (handler, context) = loopBound.value
            guard handler.state == .identifying else { return }
            switch result {
            case .success(let credentials):
                guard handler.server.admitUser(credentials.uid) else {
                    let limit = handler.server.configuration.classroom?.maxConnectionsPerUser ?? 0
                    handler.state = .closed
                    handler.send(context, [], .error(ProtocolError(.busy, "you already have \(limit) connections to this tutor; close one and try again")))
                    handler.flush(context)
                    context.close(promise: nil)
                    return
                }
                handler.countedUser = credentials.uid
                handler.session = ClientSession(uid: credentials.uid, userName: credentials.userName, isTeacher: credentials.isTeacher)
                handler.logger.debug("connection opened", metadata: handler.logMetadata([
                    "learner": "\(credentials.userName)", "teacher": "\(credentials.isTeacher)",
                ]))
                handler.state = .answering
                handler.write(context, Self.greeting)
                handler.processQueue(context: context)
                handler.flush(context)
            case .failure(let error):
                handler.logger.warning("cannot identify peer", metadata: handler.logMetadata(["error": "\(error)"]))
                handler.state = .closed
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        firstLineDeadline?.cancel()
        firstLineDeadline = nil
        if state != .inactive {
            server.connectionClosed()
            state = .closed
            logger.debug("connection closed", metadata: logMetadata())
        }
        if let uid = countedUser {
            server.userConnectionClosed(uid)
            countedUser = nil
        }
        // The connection's hold on its learner goes; a request or commit still in flight
        // keeps its own until it is done. Its mailbox goes too (with an idle's wake-up).
        session = nil
        _ = watcher.take(Set(Subsystem.allCases))
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed else { return }
        firstLineDeadline?.cancel()
        firstLineDeadline = nil
        queue.append(unwrapInboundIn(data))
        processQueue(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            processQueue(context: context)
            flush(context)
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // Shutdown: answer what was already received (an `idle` with what changed so
            // far), then close.
            inputClosed = true
            endIdle(context: context)
            processQueue(context: context)
            flush(context)
        } else if case ChannelEvent.inputClosed = event {
            inputClosed = true
            processQueue(context: context)
            flush(context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset or broken pipe from a client that went away is routine; anything else is logged.
        if let error = error as? IOError, [ECONNRESET, EPIPE].contains(error.errnoCode) {
            logger.debug("client went away", metadata: logMetadata(["error": "\(error)"]))
        } else {
            logger.notice("connection error", metadata: logMetadata(["error": "\(error)"]))
        }
        context.close(promise: nil)
    }

    /// No line came in time (a connection that holds a slot and says nothing): say why, close.
    private func firstLineTimedOut(after timeout: TimeAmount, context: ChannelHandlerContext) {
        firstLineDeadline = nil
        guard state == .identifying || state == .answering, queue.isEmpty else { return }
        let seconds = timeout.nanoseconds / 1_000_000_000
        send(context, [], .error(ProtocolError(.timeout, "no request within \(seconds) s of connecting; closing")))
        close(context)
    }

    /// Answers queued lines while the client keeps up, then decides whether to read more.
    private func processQueue(context: ChannelHandlerContext) {
        while context.channel.isWritable, !queue.isEmpty {
            // A line ends an `idle` (MPD wants `noidle`; any request does it here): its reply
            // goes first, so replies stay in the order of the requests.
            endIdle(context: context)
            guard state == .answering, let line = queue.popFirst() else { break }
            answer(line, context: context)
        }
        switch state {
        case .answering where queue.isEmpty && inputClosed:
            close(context)
        case .idle:
            // Read on while idle: the next line ends it. A client that closed its sending side
            // after `idle` (`nc -N`) still gets the change it waits for, then the close.
            setReading(queue.isEmpty && !inputClosed, context: context)
        case .answering, .identifying, .waiting:
            // Read more only when nothing waits: a client that pipelines faster than it reads
            // its replies, or than commits complete, is held at the socket (backpressure).
            setReading(queue.isEmpty, context: context)
        case .inactive, .closed:
            break
        }
    }

    private func answer(_ line: InboundLine, context: ChannelHandlerContext) {
        guard var session else { return }
        switch line {
        case .tooLong:
            logger.debug("request", metadata: logMetadata(["command": "(too long)", "learner": "\(session.learnerName)"]))
            let limit = server.configuration.maxLineBytes
            finish(.failure(ProtocolError(.lineTooLong, "the line is longer than \(limit) bytes and was discarded")), context: context)
        case .line(let buffer):
            logger.debug("request", metadata: logMetadata([
                "command": "\(RequestProcessor.logLabel(buffer.readableBytesView))", "learner": "\(session.learnerName)",
            ]))
            switch RequestProcessor.read(buffer.readableBytesView, session: session) {
            case .answered(let outcome):
                finish(outcome, context: context)
            case .command(let command, let arguments, .connection):
                let outcome = RequestProcessor.run(command, arguments, session: &session, server: server, mayBlock: false)
                self.session = session
                finish(outcome, context: context)
            case .command(let command, let arguments, let execution):
                perform(command, arguments, execution, session: session, context: context)
            }
        }
    }

    /// Hands a request to its learner's worker, which runs it after the learner's earlier
    /// requests (from any connection): here, at once, when the worker is free and the request
    /// needs no store read; otherwise on the blocking pool, and the reply (with every later
    /// line) waits for it. The event loop never waits for the learner or the store.
    private func perform(_ command: Command, _ arguments: [String], _ execution: Execution, session: ClientSession,
                         context: ChannelHandlerContext) {
        var session = session
        let learner = session.learner(in: server.learners)  // the session now holds the learner
        let server = self.server
        let allocator = context.channel.allocator
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let held = session
        state = .waiting
        let ranHere = learner.worker.submit(on: server.learnerPool, runsHere: {
            execution != .blocking
                && RequestProcessor.runsWithoutStore(execution, arguments, session: held, server: server, learner: learner)
        }, { placement -> (RequestOutcome, ClientSession) in
            var session = held
            var outcome = RequestProcessor.run(command, arguments, session: &session, server: server, mayBlock: placement == .pool)
            if placement == .pool, outcome.commit == nil {
                // Encoded off the loop too: an export is megabytes, and its encoding must not
                // hold up the event loop either.
                outcome.encoded = ReplyEncoder(format: session.format).encoded(outcome.lines, outcome.status, allocator: allocator)
            }
            return (outcome, session)
        }, stopped: {
            (.failure(ProtocolError(.shuttingDown, "the daemon is stopping")), held)
        }, deliver: { result in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.state == .waiting else { return }
                handler.state = .answering
                handler.session = result.1
                handler.finish(result.0, context: context)
                handler.processQueue(context: context)
                handler.flush(context)
            }
        })
        if let (outcome, session) = ranHere {
            state = .answering
            self.session = session
            finish(outcome, context: context)
        }
    }

    /// Sends an outcome's reply, at once or, when it carries a commit, once the commit is done.
    private func finish(_ outcome: RequestOutcome, context: ChannelHandlerContext) {
        let format = session?.format ?? .text
        if let commit = outcome.commit {
            awaitCommit(commit, then: outcome, format: format, context: context)
            return
        }
        if outcome.sendsNoReply { return }
        if let subscriptions = outcome.idle {
            beginIdle(subscriptions, context: context)
            return
        }
        publish(outcome)
        if let encoded = outcome.encoded {
            write(context, encoded)
        } else {
            send(context, outcome.lines, outcome.status, format: format)
        }
        if outcome.closeConnection {
            close(context)
        }
    }

    /// Tells the learner's other connections what the request changed, just before its reply
    /// goes out (and after its commit): whoever sees the reply can count on the others' mailboxes
    /// having the change.
    private func publish(_ outcome: RequestOutcome) {
        guard let (learner, changes) = outcome.published else { return }
        server.changes.publish(changes, for: learner, except: watcher)
    }

    private func watchLearner() {
        let learner = session?.learnerID
        guard learner != watchedLearner else { return }
        if let watchedLearner { server.changes.unwatch(watchedLearner, with: watcher) }
        if let learner { server.changes.watch(learner, with: watcher) }
        watchedLearner = learner
    }

    /// `idle`: replies at once if a change it waits for is pending, else when one comes (or
    /// the next line arrives).
    private func beginIdle(_ subscriptions: Set<Subsystem>, context: ChannelHandlerContext) {
        state = .idle
        idleSubscriptions = subscriptions
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let pending = watcher.wait(for: subscriptions) {
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.state == .idle else { return }
                handler.endIdle(context: context)
                handler.processQueue(context: context)
                handler.flush(context)
            }
        }
        if pending { endIdle(context: context) }
    }

    /// Ends an `idle`, if one is open: its reply lists the changes taken (maybe none).
    private func endIdle(context: ChannelHandlerContext) {
        guard state == .idle, let subscriptions = idleSubscriptions else { return }
        let changes = watcher.take(subscriptions)
        idleSubscriptions = nil
        state = .answering
        let payloads = Subsystem.allCases.filter(changes.contains).map(Payload.changed)
        let format = session?.format ?? .text
        send(context, payloads.flatMap { $0.lines(for: format) }, .ok, format: format)
    }

    /// The reply's `OK` goes out only once its progress is durable (docs/protocol.md,
    /// *Durability*); if the commit fails, the learner gets `ERR storage` and the conversation is
    /// reloaded from the store on its next use, so memory never runs ahead of disk. A write
    /// refused because another tutord moved the learner on is answered from the store instead
    /// (``RequestProcessor/movedOnElsewhere(_:session:server:)``).
    private func awaitCommit(_ commit: PendingCommit, then outcome: RequestOutcome, format: ReplyFormat,
                             context: ChannelHandlerContext) {
        state = .waiting
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        commit.whenCommitted { result in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.state == .waiting else { return }
                handler.state = .answering
                switch result {
                case .success:
                    handler.publish(outcome)
                    handler.send(context, outcome.lines, outcome.status, format: format)
                case .failure(let error):
                    let write = commit.write
                    // Memory must not run ahead of the store: the conversation this write came
                    // from is read again on its next use.
                    if let lineage = commit.lineage {
                        let learner = commit.hold.learner
                        _ = learner.worker.submit(on: handler.server.learnerPool, runsHere: { true }, { _ in
                            learner.withState { $0.drop(write.course, lineage: lineage) }
                        }, stopped: {}, deliver: { _ in })
                    }
                    if error.kind == .conflict, let session = handler.session {
                        handler.logger.info("progress moved on elsewhere; read again", metadata: handler.logMetadata([
                            "learner": "\(write.learner)", "course": "\(write.course)",
                        ]))
                        handler.perform(RequestProcessor.movedOnElsewhere(write.course), [], .blocking, session: session, context: context)
                        break
                    }
                    if error.kind == .unavailable {
                        // The store logged the outage once; one line per request would flood the log.
                        handler.logger.debug("cannot save progress", metadata: handler.logMetadata(["error": "\(error)", "learner": "\(write.learner)"]))
                    } else {
                        handler.logger.error("cannot save progress", metadata: handler.logMetadata(["error": "\(error)", "learner": "\(write.learner)"]))
                    }
                    let cause = error.cause
                    let message = "your progress could not be saved (\(cause.text)), so this step did not happen"
                        + (cause.isLasting ? "" : "; try again once that is fixed")
                    handler.send(context, [], .error(ProtocolError(.storage, message)), format: format)
                }
                handler.processQueue(context: context)
                handler.flush(context)
            }
        }
    }

    /// Queues a reply's bytes; ``flush(_:)`` sends them.
    private func write(_ context: ChannelHandlerContext, _ bytes: ByteBuffer) {
        context.write(wrapOutboundOut(bytes), promise: nil)
        unflushed = true
    }

    /// Sends what was written, if anything was: the read that only waits for a commit (every
    /// step and answer) does not walk the pipeline to flush nothing.
    private func flush(_ context: ChannelHandlerContext) {
        guard unflushed else { return }
        unflushed = false
        context.flush()
    }

    private func close(_ context: ChannelHandlerContext) {
        state = .closed
        unflushed = false
        context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: nil)
        context.close(promise: nil)
    }

    private func send(_ context: ChannelHandlerContext, _ lines: [ReplyLine], _ status: ReplyStatus, format: ReplyFormat = .text) {
        if lines.isEmpty, case .ok = status {
            // A bare `OK` (ping, format, a step with nothing to say): the same bytes every
            // time, shared rather than encoded and allocated per reply.
            write(context, format == .text ? Self.okText : Self.okJSON)
            return
        }
        let reply = ReplyEncoder(format: format).encoded(lines, status, allocator: context.channel.allocator)
        write(context, reply)
    }

    private static let okText = ByteBuffer(string: ReplyEncoder(format: .text).encode([], .ok))
    private static let okJSON = ByteBuffer(string: ReplyEncoder(format: .json).encode([], .ok))

    /// `connection=N`, and `uid=U` once the peer is known, with `extra`: built when a line is
    /// logged (swift-log evaluates metadata only for a level it writes), not kept per connection.
    private func logMetadata(_ extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata = extra
        metadata["connection"] = "\(connectionNumber)"
        if let countedUser { metadata["uid"] = "\(countedUser)" }
        return metadata
    }

    private static let greeting = ByteBuffer(string: Greeting.text + "\n")

    private func setReading(_ reading: Bool, context: ChannelHandlerContext) {
        guard isReading != reading else { return }
        isReading = reading
        context.channel.setOption(ChannelOptions.autoRead, value: reading).whenFailure { _ in }
        if reading { context.read() }
    }
}

