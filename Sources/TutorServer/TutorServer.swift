import Logging
import NIOCore
import NIOExtras
import NIOPosix

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
    private let quiescing: ServerQuiescingHelper
    private let logger: Logger

    public init(configuration: ServerConfiguration, library: CourseLibrary, logger: Logger) {
        self.configuration = configuration
        self.library = library
        self.learners = LearnerRegistry()
        self.logger = logger
        self.context = ServerContext(configuration: configuration, library: library, learners: learners, logger: logger)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        self.quiescing = ServerQuiescingHelper(group: group)
    }

    /// Open connections right now (for status lines).
    public var connectionCount: Int { context.connectionCount }

    /// Binds the configured socket path (which must not exist) and starts serving.
    public func start() throws {
        _ = try bootstrap().bind(unixDomainSocketPath: configuration.socketPath).wait()
    }

    /// Serves on an already listening socket, such as one passed by systemd.
    public func start(adopting descriptor: CInt) throws {
        _ = try bootstrap().withBoundSocket(descriptor).wait()
    }

    /// Stops accepting, finishes the replies in flight, closes every connection.
    public func shutdown() {
        let promise = group.next().makePromise(of: Void.self)
        quiescing.initiateShutdown(promise: promise)
        do {
            try promise.futureResult.wait()
        } catch {
            logger.warning("shutdown did not complete cleanly", metadata: ["error": "\(error)"])
        }
        try? group.syncShutdownGracefully()
    }

    private func bootstrap() -> ServerBootstrap {
        let context = self.context
        let quiescing = self.quiescing
        let maxLineBytes = configuration.maxLineBytes
        return ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(BoundedLineDecoder(maxLength: maxLineBytes)))
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: context))
                }
            }
    }
}
