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

    private static func server(maxConnections: Int = 8, classroom: Classroom? = nil) -> ServerContext {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let library = CourseLibrary(directories: [Self.dialogues], logger: logger)
        library.reload()
        return ServerContext(
            configuration: ServerConfiguration(socketPath: "/nonexistent", maxConnections: maxConnections, classroom: classroom),
            library: library, learners: LearnerRegistry(evictsIdleLearners: false), store: nil, logger: logger)
    }

    /// A connection of uid 1000 whose name look-up completes when the test says (``Connection/identify()``).
    private func connect(maxConnections: Int = 8, to server: ServerContext? = nil) throws -> Connection {
        let server = server ?? Self.server(maxConnections: maxConnections)
        let channel = EmbeddedChannel()
        let identity = channel.eventLoop.makePromise(of: PeerCredentials.self)
        let handler = ConnectionHandler(server: server, identification: .init(uid: { $0.eventLoop.makeSucceededFuture(1000) },
                                                                              details: { _, _ in identity.futureResult }))
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent")).wait()
        return Connection(channel: channel, handler: handler, identity: identity)
    }

    /// The per-user limit applies as soon as the kernel says who connects, not after the name
    /// look-up: a flood of one user's connections waiting for their look-ups cannot take the
    /// places of other users (before, another student got 14 of 60 connections through).
    @Test func thePerUserLimitAppliesBeforeTheNameIsLookedUp() throws {
        let server = Self.server(classroom: Classroom(teacherGroup: nil, maxConnectionsPerUser: 2))
        let first = try connect(to: server)
        let second = try connect(to: server)
        let third = try connect(to: server)  // no look-up has completed yet
        #expect(third.handler.state == .closed)
        #expect(try third.output().hasPrefix("ERR busy you already have 2 connections"))
        #expect(first.handler.state == .identifying && second.handler.state == .identifying)
        // A closed connection gives its place back, identified or not.
        _ = try? first.channel.finish()
        let fourth = try connect(to: server)
        #expect(fourth.handler.state == .identifying)
        for connection in [first, second, third, fourth] {
            connection.identify()
            _ = try? connection.channel.finish()
        }
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
