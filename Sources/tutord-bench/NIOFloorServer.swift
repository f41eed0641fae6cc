import ArgumentParser
import Foundation
import LineFraming
import NIOCore
import NIOPosix

/// The floor SwiftNIO sets: a server with tutord's socket options and line decoder that
/// answers every line with `OK` and does nothing else. `compare` measures it beside tutord, so
/// the table tells how much of tutord's gap to Redis and MPD is tutord's own work and how much
/// is the framework's cost per request (docs/benchmarks.md).
struct NIOFloorServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nio-floor",
        abstract: "A bare SwiftNIO line server answering every line with OK (compare starts it).",
        shouldDisplay: false
    )

    @Option(help: "The Unix socket to listen on.")
    var socket: String

    @Option(help: "Event loop threads (default: one per core, as tutord).")
    var threads: Int?

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads ?? System.coreCount)
        // The same options and decoder as tutord's listener (TutorServer.bootstrap).
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 1)
            .childChannelOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(BoundedLineDecoder(maxLength: 4096)))
                    try channel.pipeline.syncOperations.addHandler(OKHandler())
                }
            }
            .bind(unixDomainSocketPath: socket, cleanupExistingSocketFile: true)
            .wait()
        try channel.closeFuture.wait()
    }
}

/// Greets, then answers each line with `OK` from one shared buffer, flushed once per read.
private final class OKHandler: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private static let greeting = ByteBuffer(string: "OK nio-floor\n")
    private static let ok = ByteBuffer(string: "OK\n")

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(Self.greeting), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(wrapOutboundOut(Self.ok), promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }
}
