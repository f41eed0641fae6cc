import LineFraming
import Dispatch
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif
import ProgressStore
import SystemSupport

/// The daemon's network side: a Unix stream socket served with SwiftNIO.
///
/// `start` binds (or adopts) the listening socket; `shutdown` stops accepting, lets every
/// connection answer what it already received, closes them, and completes when all are gone.
public final class TutorServer: Sendable {
    public let configuration: ServerConfiguration
    public let library: CourseLibrary
    public let learners: LearnerRegistry
    private let context: ServerContext
    private let group: MultiThreadedEventLoopGroup
    /// Released before the event loops stop: its deinit touches an event loop.
    private let quiescing: NIOLockedValueBox<ServerQuiescingHelper?>
    private let logger: Logger
    /// The listening channel, so shutdown can wait until it is fully closed.
    private let listener = NIOLockedValueBox<Channel?>(nil)

    public init(configuration: ServerConfiguration, library: CourseLibrary, store: (any ProgressStorage)?, logger: Logger) {
        self.configuration = configuration
        self.library = library
        self.learners = LearnerRegistry(evictsIdleLearners: store.map { !$0.isReadOnly } ?? false) { learner in
            store?.forget(learner)
        }
        self.logger = logger
        self.context = ServerContext(configuration: configuration, library: library, learners: learners, store: store, logger: logger)
        library.onReload { [changes = context.changes] in changes.publishToAll([.courses]) }
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        self.quiescing = NIOLockedValueBox(ServerQuiescingHelper(group: group))
        context.learnerPool.start()
        context.identificationPool.start()
    }

    /// Open connections right now (for status lines).
    public var connectionCount: Int { context.connectionCount }

    /// Learners whose conversations are in memory right now (for status lines).
    public var learnersInMemory: Int { learners.count }

    /// Binds the configured socket path (which must not exist) and starts serving.
    public func start() throws {
        let descriptor = try UnixSocket.listen(configuration.socketPath, backlog: Self.backlog)
        do {
            try start(adopting: descriptor)
        } catch {
            unlink(configuration.socketPath)
            throw error
        }
    }

    /// Serves on an already listening socket, such as one passed by systemd; the server owns
    /// the descriptor from here on.
    public func start(adopting descriptor: CInt) throws {
        let channel = try bootstrap(listener: descriptor).withBoundSocket(descriptor).wait()
        listener.withLockedValue { $0 = channel }
    }

    /// The listen backlog of a socket the daemon binds itself (systemd sets its own).
    static let backlog: CInt = 1024

    /// Stops accepting new connections while the current ones go on (for an idle exit: a
    /// connection that arrives meanwhile waits in the listening socket for the next instance).
    /// Returns once connections accepted before the listener closed are counted.
    public func stopAccepting() {
        guard let channel = listener.withLockedValue({ $0 }) else { return }
        try? channel.close().wait()
        // A connection accepted just before the close registers on its event loop; one task
        // through every loop lets it become active (and counted) before anyone looks.
        for loop in group.makeIterator() {
            try? loop.submit {}.wait()
        }
    }

    /// Whether every event loop runs a task within `timeout`: what a watchdog vouches for
    /// before telling systemd the daemon is alive. Blocks the caller up to `timeout`; call it
    /// off the event loops.
    public func eventLoopsRespond(within timeout: Duration) -> Bool {
        let answered = DispatchSemaphore(value: 0)
        let loops = Array(group.makeIterator())
        for loop in loops {
            loop.execute { answered.signal() }
        }
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
        return loops.allSatisfy { _ in answered.wait(timeout: deadline) == .success }
    }

    /// Stops accepting, finishes the replies in flight, closes every connection.
    public func shutdown() {
        let promise = group.next().makePromise(of: Void.self)
        // No local reference to the helper: it must be gone before the loops stop.
        guard quiescing.withLockedValue({ $0?.initiateShutdown(promise: promise) }) != nil else { return }
        do {
            try promise.futureResult.wait()
        } catch ChannelError.alreadyClosed {
            // The listener was closed by stopAccepting(); the connections are being quiesced.
        } catch {
            logger.warning("shutdown did not complete cleanly", metadata: ["error": "\(error)"])
        }
        // The helper may report early (listener already closed); let the quiesced connections
        // finish their replies before the loops stop. Each closes once it has answered what
        // it read (a reply waiting for its commit, or for a learner's worker, included).
        if !context.waitUntilConnectionsClose(seconds: 10) {
            logger.warning("connections still open 10 s into shutdown", metadata: ["connections": "\(context.connectionCount)"])
        }
        // With no connections open the helper reports completion before the listening
        // channel has finished closing; wait for that too before the loops stop.
        try? listener.withLockedValue({ $0 })?.closeFuture.wait()
        // Commits still in flight (for connections that went away meanwhile) complete on an
        // event loop: let them finish while the loops still run.
        context.committer?.flush()
        try? context.learnerPool.syncShutdownGracefully()
        try? context.identificationPool.syncShutdownGracefully()
        quiescing.withLockedValue { $0 = nil }
        try? group.syncShutdownGracefully()
    }

    private func bootstrap(listener: CInt) -> ServerBootstrap {
        let context = self.context
        let quiescing = self.quiescing.withLockedValue { $0 }!
        let maxLineBytes = configuration.maxLineBytes
        let logger = self.logger
        return ServerBootstrap(group: group)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                    // Out of descriptors: refuse the waiting connections with ERR busy, then
                    // pause accepting briefly instead of retrying in a busy loop.
                    try channel.pipeline.syncOperations.addHandler(AcceptReserveHandler(listener: listener, logger: logger))
                    try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler(shouldForwardIOErrorCaught: false) { _ in .milliseconds(100) })
                }
            }
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            // Requests are small and clients wait for replies: one read per wake-up saves the
            // read that would only return EAGAIN.
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 1)
            .childChannelOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(BoundedLineDecoder(maxLength: maxLineBytes)))
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: context))
                }
            }
    }
}
