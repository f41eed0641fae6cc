import Foundation
import GRDB
import LineProtocol
import Logging
import NIOCore
import NIOEmbedded
import ProgressStore
import Testing
@testable import TutorServer

/// A reply waiting for its commit, with a real store whose write lock the test holds, on
/// NIO's thread-safe testing channel (the commit completes on the committer's queue).
@Suite struct CommitWaitTests {
    private static let dialogues = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Dialogues").path

    @Test func linesBehindAPendingCommitHoldTheSocketUntilItIsDone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-commit-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/tutord.sqlite"
        let store = try ProgressStore.open(path: path)

        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let library = CourseLibrary(directories: [Self.dialogues], logger: logger)
        library.reload()
        let server = ServerContext(configuration: ServerConfiguration(socketPath: "/nonexistent"),
                                   library: library, learners: LearnerRegistry(), store: store, logger: logger)
        server.blockingPool.start()  // `start` reads the store there before it commits
        let channel = NIOAsyncTestingChannel()
        let handler = ConnectionHandler(server: server, identify: { channel in
            channel.eventLoop.makeSucceededFuture(PeerCredentials(uid: 1000, userName: "alice"))
        })
        try await channel.pipeline.addHandler(handler)
        try await channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent"))
        #expect(try await channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "OK tutord 1\n")

        // Another writer holds the database: the commit of `start` cannot complete.
        let blocker = try DatabaseQueue(path: path)
        let release = DispatchSemaphore(value: 0)
        let holding = DispatchSemaphore(value: 0)
        let held = Thread {
            try? blocker.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                holding.signal()
                release.wait()
                try db.execute(sql: "COMMIT")
            }
        }
        held.start()
        holding.wait()

        try await channel.writeInbound(InboundLine.line(ByteBuffer(string: "start cpython-internals")))
        try await channel.writeInbound(InboundLine.line(ByteBuffer(string: "ping")))
        let (state, reading) = try await channel.eventLoop.submit { (handler.state, handler.isReading) }.get()
        #expect(state == .waiting)
        #expect(!reading, "the socket is still read while a line waits behind a commit")
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)

        release.signal()
        var text = ""
        while !text.hasSuffix("OK\nOK\n") {
            text += String(buffer: try await channel.waitForOutboundWrite(as: ByteBuffer.self))
        }
        #expect(text.hasPrefix("course: cpython-internals"))
        let reading2 = try await channel.eventLoop.submit { handler.isReading }.get()
        #expect(reading2)
        _ = try? await channel.finish()
        try await server.blockingPool.shutdownGracefully()
    }
}
