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
/// What to do next is decided by ``ConnectionStateMachine``, a value without I/O: this
/// handler tells it what happened (a line, writability, a reply that waited, a change an
/// `idle` waited for) and carries out the action it returns. A request about the learner goes
/// to the learner's worker (``LearnerWorker``), which may run it on the learner pool, and a
/// reply whose progress is being committed waits for the commit; meanwhile later lines wait
/// and the socket is not read, so neither replies nor requests pile up in memory.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private let server: ServerContext
    /// The server's logger. Each line of this connection carries ``logMetadata(_:)``; at
    /// debug level it logs the connection's life and each request's command word.
    private let logger: Logger
    /// This connection's number in the log (`connection=N`).
    private var connectionNumber: UInt64 = 0
    private var machine = ConnectionStateMachine()
    /// Who is connected, once identified (and counted for their Unix user in classroom mode).
    private var session: ClientSession? {
        didSet { watchLearner() }
    }
    /// This connection's mailbox of changes made by others, registered under its learner.
    private let watcher = ChangeWatcher()
    private var watchedLearner: LearnerID?
    /// A reply was written and not yet flushed.
    private var unflushed = false
    /// Closes a connection that sends no line in time; cancelled by its first line.
    private var firstLineDeadline: Scheduled<Void>?
    /// A reply being written page by page (`export`), while its client reads.
    private var pagedReply: PagedReplyWriter?

    /// Where the connection is in its life (for tests).
    var state: ConnectionStateMachine.Phase { machine.phase }
    /// Whether the socket is read (for tests).
    var isReading: Bool { machine.isReading }
    /// Whether the peer closed its sending side, or shutdown began (for tests).
    var inputClosed: Bool { machine.inputClosed }

    /// How a connection learns who is at the other end: first the uid, from the kernel at once,
    /// so the per-user limit applies before anything slow happens (a flood of one user's
    /// connections cannot hold the places of others while their names are looked up); then the
    /// rest of the identity, which may need a look-up.
    struct Identification {
        var uid: (Channel) -> EventLoopFuture<UInt32>
        var details: (Channel, UInt32) -> EventLoopFuture<PeerCredentials>
    }
    private let identification: Identification
    /// The Unix user this connection is counted for (classroom mode's per-user limit), from
    /// the moment its uid is known until it closes.
    private var countedUser: UInt32?

    /// `identification` defaults to the kernel's word (SO_PEERCRED) and the user database;
    /// tests on an `EmbeddedChannel`, which has no peer, pass their own.
    init(server: ServerContext, identification: Identification? = nil) {
        self.server = server
        self.logger = server.logger
        self.identification = identification ?? Identification(uid: PeerCredentials.uid(of:)) { channel, uid in
            PeerCredentials.lookUp(uid, on: server.identificationPool, eventLoop: channel.eventLoop, classroom: server.configuration.classroom)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        guard server.admitConnection() else {
            let limit = server.configuration.maxConnections
            send(context, [], .error(ProtocolError(.busy, "too many connections (limit \(limit)); try again later")))
            flush(context)
            context.close(promise: nil)
            return
        }
        machine.activated()
        connectionNumber = server.nextConnectionNumber()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        if let timeout = server.configuration.firstLineTimeout {
            firstLineDeadline = context.eventLoop.scheduleTask(in: timeout) {
                let (handler, context) = loopBound.value
                handler.firstLineTimedOut(after: timeout, context: context)
            }
        }
        identification.uid(context.channel).whenComplete { result in
            let (handler, context) = loopBound.value
            guard handler.machine.phase == .identifying else { return }
            switch result {
            case .success(let uid):
                guard handler.server.admitUser(uid) else {
                    let limit = handler.server.configuration.classroom?.maxConnectionsPerUser ?? 0
                    handler.machine.closing()
                    handler.send(context, [], .error(ProtocolError(.busy, "you already have \(limit) connections to this tutor; close one and try again")))
                    handler.flush(context)
                    context.close(promise: nil)
                    return
                }
                handler.countedUser = uid
                handler.identification.details(context.channel, uid).whenComplete { result in
                    let (handler, context) = loopBound.value
                    handler.identified(result, context: context)
                }
            case .failure(let error):
                handler.identified(.failure(error), context: context)
            }
        }
    }

    /// The peer's identity is known (or cannot be): greet and answer, or close.
    private func identified(_ result: Result<PeerCredentials, Error>, context: ChannelHandlerContext) {
        guard machine.phase == .identifying else { return }
        switch result {
        case .success(let credentials):
            session = ClientSession(uid: credentials.uid, userName: credentials.userName, isTeacher: credentials.isTeacher)
            logger.debug("connection opened", metadata: logMetadata([
                "learner": "\(credentials.userName)", "teacher": "\(credentials.isTeacher)",
            ]))
            machine.identified()
            write(context, Self.greeting)
            proceed(context)
        case .failure(let error):
            logger.warning("cannot identify peer", metadata: logMetadata(["error": "\(error)"]))
            machine.closing()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        firstLineDeadline?.cancel()
        firstLineDeadline = nil
        // A reply being written page by page reads no further page.
        pagedReply?.stop()
        pagedReply = nil
        if machine.channelInactive() {
            server.connectionClosed()
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
        if machine.received(unwrapInboundIn(data)) {
            firstLineDeadline?.cancel()
            firstLineDeadline = nil
        }
        proceed(context, flushing: false)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            pagedReply?.resume(context: context)
            proceed(context)
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // Shutdown: answer what was already received (an `idle` with what changed so
            // far), then close.
            if let subscriptions = machine.quiesce() { endIdle(subscriptions, context: context) }
            proceed(context)
        } else if case ChannelEvent.inputClosed = event {
            machine.peerClosedInput()
            proceed(context)
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
        guard machine.firstLineDeadlinePassed() else { return }
        let seconds = timeout.nanoseconds / 1_000_000_000
        send(context, [], .error(ProtocolError(.timeout, "no request within \(seconds) s of connecting; closing")))
        close(context)
    }

    /// Does what the state machine says until it waits for the next event, then sends what
    /// was written (unless `flushing` is false: lines read together are flushed together, at
    /// the end of the read).
    private func proceed(_ context: ChannelHandlerContext, flushing: Bool = true) {
        loop: while true {
            switch machine.next(isWritable: context.channel.isWritable) {
            case .answer(let line):
                answer(line, context: context)
            case .endIdle(let subscriptions):
                endIdle(subscriptions, context: context)
            case .setReading(let reading):
                context.channel.setOption(ChannelOptions.autoRead, value: reading).whenFailure { _ in }
                if reading { context.read() }
            case .close:
                close(context)
                break loop
            case .wait:
                break loop
            }
        }
        if flushing { flush(context) }
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
    /// needs no store read; otherwise on the learner pool, and the reply (with every later
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
        let ranHere = learner.worker.submit(on: server.learnerPool, runsHere: {
            RequestProcessor.runsWithoutStore(execution, arguments, session: held, server: server, learner: learner)
        }, { placement -> (RequestOutcome, ClientSession) in
            var session = held
            var outcome = RequestProcessor.run(command, arguments, session: &session, server: server, mayBlock: placement == .pool)
            if placement == .pool, outcome.commit == nil, outcome.pages == nil {
                // Encoded off the loop too: a large reply (a class's `report`) must not hold up
                // the event loop with its encoding either. An export is written in pages.
                outcome.encoded = ReplyEncoder(format: session.format).encoded(outcome.lines, outcome.status, allocator: allocator)
            }
            return (outcome, session)
        }, stopped: {
            (.failure(ProtocolError(.shuttingDown, "the daemon is stopping")), held)
        }, deliver: { result in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.machine.replyDone() else { return }
                handler.session = result.1
                handler.finish(result.0, context: context)
                handler.proceed(context)
            }
        })
        if let (outcome, session) = ranHere {
            self.session = session
            finish(outcome, context: context)
        } else {
            machine.replyWaits()
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
        if let pages = outcome.pages {
            writePages(pages, context: context)
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

    /// Writes a reply made page by page: each page is made on the learner pool, outside the
    /// learner's worker (the learner's other requests do not wait for this client), and only
    /// once the page before is written and the client reads (``PagedReplyWriter``). Later
    /// lines wait for the reply's end, as for any reply that waits.
    private func writePages(_ pages: any ReplyPages, context: ChannelHandlerContext) {
        machine.replyWaits()
        flush(context)
        let pool = server.learnerPool
        let writer = PagedReplyWriter(pages, produce: { eventLoop, job in pool.runIfActive(eventLoop: eventLoop, job) }) { context, error in
            // Runs on this connection's event loop, from the writer this handler holds.
            self.pagedReply = nil
            if error != nil {
                // No page can be made: the daemon is stopping. The line is cut; close.
                self.close(context)
                return
            }
            guard self.machine.replyDone() else { return }
            self.proceed(context)
        }
        pagedReply = writer
        writer.resume(context: context)
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
        machine.beganIdle(subscriptions)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let pending = watcher.wait(for: subscriptions) {
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard let subscriptions = handler.machine.changeArrived() else { return }
                handler.endIdle(subscriptions, context: context)
                handler.proceed(context)
            }
        }
        if pending, let subscriptions = machine.changeArrived() { endIdle(subscriptions, context: context) }
    }

    /// Sends the reply that ends an `idle`: the changes taken (maybe none).
    private func endIdle(_ subscriptions: Set<Subsystem>, context: ChannelHandlerContext) {
        let changes = watcher.take(subscriptions)
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
        machine.replyWaits()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        commit.whenCommitted { result in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.machine.replyDone() else { return }
                switch result {
                case .success:
                    handler.server.saveFailures.succeeded()
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
                    handler.server.saveFailures.failed(error, metadata: handler.logMetadata(["learner": "\(write.learner)"]))
                    let cause = error.cause
                    let message = "your progress could not be saved (\(cause.text)), so this step did not happen"
                        + (cause.isLasting ? "" : "; try again once that is fixed")
                    handler.send(context, [], .error(ProtocolError(.storage, message)), format: format)
                }
                handler.proceed(context)
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
        machine.closing()
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
        if let uid = countedUser ?? session?.uid { metadata["uid"] = "\(uid)" }
        return metadata
    }

    private static let greeting = ByteBuffer(string: Greeting.text + "\n")
}

