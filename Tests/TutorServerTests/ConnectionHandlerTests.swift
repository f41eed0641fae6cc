import LineFraming
import Foundation
import LineProtocol
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import TutorServer

/// The connection's states on an `EmbeddedChannel`: no socket, no peer, every step visible.
@Suite struct ConnectionHandlerTests {
    private static let dialogues = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Dialogues").path

    private struct Connection {
        let channel: EmbeddedChannel
        let handler: ConnectionHandler
        let identity: EventLoopPromise<PeerCredentials>

        func send(_ line: String) throws {
            try channel.writeInbound(InboundLine.line(ByteBuffer(string: line)))
        }

        /// Everything written so far, as text.
        func output() throws -> String {
            var text = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
                text += String(buffer: buffer)
            }
            return text
        }

        func identify() {
            identity.succeed(PeerCredentials(uid: 1000, userName: "alice"))
        }
    }

    private func connect(maxConnections: Int = 8) throws -> Connection {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let library = CourseLibrary(directories: [Self.dialogues], logger: logger)
        library.reload()
        let server = ServerContext(
            configuration: ServerConfiguration(socketPath: "/nonexistent", maxConnections: maxConnections),
            library: library, learners: LearnerRegistry(evictsIdleLearners: false), store: nil, logger: logger)
        let channel = EmbeddedChannel()
        let identity = channel.eventLoop.makePromise(of: PeerCredentials.self)
        let handler = ConnectionHandler(server: server, identify: { _ in identity.futureResult })
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent")).wait()
        return Connection(channel: channel, handler: handler, identity: identity)
    }

    @Test func linesBeforeTheIdentityWaitAndHoldTheSocket() throws {
        let connection = try connect()
        #expect(connection.handler.state == .identifying)
        try connection.send("ping")
        try connection.send("whoami")
        #expect(try connection.output() == "")
        #expect(!connection.handler.isReading)
        connection.identify()
        #expect(connection.handler.state == .answering)
        #expect(try connection.output() == "OK tutord 1\nOK\nlearner: alice\nOK\n")
        #expect(connection.handler.isReading)
        connection.identity.futureResult.whenComplete { _ in }
        _ = try? connection.channel.finish()
    }

    /// `ping` is answered before the line is decoded (the hot path), bare `OK`s are sent from
    /// shared buffers: the replies are the ones the general path gives, in both formats.
    @Test func pingAndBareRepliesAreTheSameOnTheHotPath() throws {
        let connection = try connect()
        connection.identify()
        #expect(try connection.output() == "OK tutord 1\n")
        for line in ["ping", "PING", " ping ", "ping now", "format json", "ping", "Ping", "ping now"] { try connection.send(line) }
        // `format json` is answered in the format it chose.
        #expect(try connection.output() == "OK\nOK\nOK\nERR bad-argument usage: ping\n"
            + "{\"ok\":true}\n{\"ok\":true}\n{\"ok\":true}\n{\"ok\":false,\"error\":\"bad-argument\",\"message\":\"usage: ping\"}\n")
        connection.identity.futureResult.whenComplete { _ in }
        _ = try? connection.channel.finish()
    }

    @Test func aClientThatStopsReadingIsHeldAtTheSocket() throws {
        let connection = try connect()
        connection.identify()
        #expect(try connection.output() == "OK tutord 1\n")
        connection.channel.isWritable = false
        try connection.send("ping")
        try connection.send("ping")
        #expect(try connection.output() == "")
        #expect(!connection.handler.isReading)
        connection.channel.isWritable = true
        connection.channel.pipeline.fireChannelWritabilityChanged()
        #expect(try connection.output() == "OK\nOK\n")
        #expect(connection.handler.isReading)
        _ = try? connection.channel.finish()
    }

    @Test func quitAnswersThenClosesAndAnswersNothingMore() throws {
        let connection = try connect()
        connection.identify()
        try connection.send("quit")
        try? connection.send("ping")
        #expect(try connection.output() == "OK tutord 1\nOK\n")
        #expect(connection.handler.state == .closed)
        #expect(!connection.channel.isActive)
    }

    @Test(arguments: [false, true])
    func whenInputEndsEveryQueuedLineIsAnsweredThenTheConnectionCloses(quiesce: Bool) throws {
        let connection = try connect()
        connection.channel.isWritable = false
        connection.identify()
        try connection.send("ping")
        try connection.send("whoami")
        let event: Any = quiesce ? ChannelShouldQuiesceEvent() : ChannelEvent.inputClosed
        connection.channel.pipeline.fireUserInboundEventTriggered(event)
        #expect(connection.handler.inputClosed)
        #expect(connection.channel.isActive)  // still answering
        connection.channel.isWritable = true
        connection.channel.pipeline.fireChannelWritabilityChanged()
        #expect(try connection.output() == "OK tutord 1\nOK\nlearner: alice\nOK\n")
        #expect(connection.handler.state == .closed)
        #expect(!connection.channel.isActive)
    }

    @Test func overTheLimitTheOnlyLineIsBusy() throws {
        let connection = try connect(maxConnections: 0)
        #expect(try connection.output().hasPrefix("ERR busy too many connections (limit 0)"))
        #expect(connection.handler.state == .inactive)
        #expect(!connection.channel.isActive)
        connection.identity.fail(ChannelError.alreadyClosed)
    }

    @Test func anUnidentifiablePeerIsClosedWithoutAGreeting() throws {
        let connection = try connect()
        try connection.send("ping")
        connection.identity.fail(PeerCredentials.Unavailable())
        #expect(try connection.output() == "")
        #expect(connection.handler.state == .closed)
        #expect(!connection.channel.isActive)
    }

    @Test func aTooLongLineIsAnsweredInItsTurn() throws {
        let connection = try connect()
        connection.identify()
        try connection.channel.writeInbound(InboundLine.tooLong)
        try connection.send("ping")
        #expect(try connection.output() == "OK tutord 1\nERR line-too-long the line is longer than 4096 bytes and was discarded\nOK\n")
        _ = try? connection.channel.finish()
    }
}
