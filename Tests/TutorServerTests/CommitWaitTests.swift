import LineFraming
import Foundation
import GRDB
import LineProtocol
import Logging
import NIOCore
import NIOEmbedded
@testable import ProgressStore
import Testing
@testable import TutorServer

/// A reply waiting for its commit, with a real store whose write lock the test holds, on
/// NIO's thread-safe testing channel (the commit completes on the committer's queue).
///
/// Serialized, and every blocking wait runs off Swift's cooperative threads (`offPool`): two of
/// these tests blocking the two threads of a 2-core machine at once stalled a CI run.
@Suite(.serialized) struct CommitWaitTests {
    /// Runs a blocking call on a Dispatch thread and awaits it, so no cooperative thread waits.
    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    private static let dialogues = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Dialogues").path

    /// A server context on a fresh store in its own directory (removed by `cleanUp`).
    private static func makeServer() throws -> (server: ServerContext, store: SQLiteProgressStore, path: String, cleanUp: () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-commit-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/tutord.sqlite"
        // The tests hold the write lock from another connection until they have looked: a
        // commit must wait for them however slow the machine is, not give up after 10 s.
        let store = try SQLiteProgressStore.open(path: path, readOnly: false, checkpointPages: nil, busySeconds: 600)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let library = CourseLibrary(directories: [Self.dialogues], logger: logger)
        library.reload()
        let learners = LearnerRegistry(evictsIdleLearners: true) { store.forget($0) }
        let server = ServerContext(configuration: ServerConfiguration(socketPath: "/nonexistent"),
                                   library: library, learners: learners, store: store, logger: logger)
        server.learnerPool.start()  // `start` reads the store there before it commits
        return (server, store, path, { try? FileManager.default.removeItem(atPath: directory) })
    }

    /// Holds the database's write lock from another connection until the returned semaphore
    /// is signalled: commits cannot complete meanwhile.
    /// A failure to take the lock is an error, never a wait for ever: the lock is taken with a
    /// busy timeout (the committer may still be finishing), and the thread reports back either way.
    private static func holdWriteLock(_ path: String) throws -> DispatchSemaphore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let blocker = try DatabaseQueue(path: path, configuration: configuration)
        let release = DispatchSemaphore(value: 0)
        let holding = DispatchSemaphore(value: 0)
        let failure = LockFailure()
        Thread {
            do {
                try blocker.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    holding.signal()
                    release.wait()
                    try db.execute(sql: "COMMIT")
                }
            } catch {
                failure.error = error
                holding.signal()
            }
        }.start()
        guard holding.wait(timeout: .now() + 30) == .success else { throw LockFailure.Timeout() }
        if let error = failure.error { throw error }
        return release
    }

    /// What the locking thread reports (written before it signals, read after the wait).
    private final class LockFailure: @unchecked Sendable {
        struct Timeout: Error {}
        var error: Error?
    }

    /// What the connection writes until `done` says the reply is whole, starting from `text`.
    /// Bounded: a reply that never comes fails the test after 30 s instead of hanging the run
    /// (under load a commit may end in `ERR storage` before the test looked).
    private static func read(_ channel: NIOAsyncTestingChannel, from text: String = "", until done: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = text
                while !done(text), !text.contains("ERR ") {
                    text += String(buffer: try await channel.waitForOutboundWrite(as: ByteBuffer.self))
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            guard let text = first else {
                Issue.record("no whole reply within 30 s")
                return ""
            }
            return text
        }
    }

    /// A connection of uid 1000 on NIO's thread-safe testing channel, greeting read.
    private static func connect(_ server: ServerContext) async throws -> (NIOAsyncTestingChannel, ConnectionHandler) {
        let channel = NIOAsyncTestingChannel()
        let handler = ConnectionHandler(server: server, identify: { channel in
            channel.eventLoop.makeSucceededFuture(PeerCredentials(uid: 1000, userName: "alice"))
        })
        try await channel.pipeline.addHandler(handler)
        try await channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent"))
        #expect(try await channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "OK tutord 1\n")
        return (channel, handler)
    }

    @Test func linesBehindAPendingCommitHoldTheSocketUntilItIsDone() async throws {
        let (server, _, path, cleanUp) = try Self.makeServer()
        defer { cleanUp() }
        let (channel, handler) = try await Self.connect(server)
        // Another writer holds the database: the commit of `start` cannot complete.
        let release = try await Self.offPool { try Self.holdWriteLock(path) }

        try await channel.writeInbound(InboundLine.line(ByteBuffer(string: "start cpython-internals")))
        try await channel.writeInbound(InboundLine.line(ByteBuffer(string: "ping")))
        let (state, reading) = try await channel.eventLoop.submit { (handler.state, handler.isReading) }.get()
        #expect(state == .waiting)
        #expect(!reading, "the socket is still read while a line waits behind a commit")
        let early = try await channel.readOutbound(as: ByteBuffer.self)
        #expect(early == nil, "a reply before its commit: \(early.map { String(buffer: $0) } ?? "")")

        release.signal()
        let text = try await Self.read(channel, from: early.map { String(buffer: $0) } ?? "") { $0.hasSuffix("OK\nOK\n") }
        #expect(text.hasPrefix("course: cpython-internals"))
        let reading2 = try await channel.eventLoop.submit { handler.isReading }.get()
        #expect(reading2)
        _ = try? await channel.finish()
        try await server.learnerPool.shutdownGracefully()
    }

    /// A learner whose connection closed stays in memory until their last commit is durable,
    /// then leaves it (#10 defect 6): evicted earlier, they would be read back from a store
    /// that lacks the step.
    @Test func aLearnerLeavesMemoryOnlyOnceTheirLastCommitIsDurable() async throws {
        let (server, store, path, cleanUp) = try Self.makeServer()
        defer { cleanUp() }
        let learners = server.learners
        let (channel, handler) = try await Self.connect(server)
        try await channel.writeInbound(InboundLine.line(ByteBuffer(string: "start cpython-internals")))
        let text = try await Self.read(channel) { $0.hasSuffix("OK\n") }
        try #require(text.hasSuffix("OK\n"), "start failed: \(text)")
        #expect(learners.count == 1)

        // The database is held by another writer: the next step's commit stays pending.
        let release = try await Self.offPool { try Self.holdWriteLock(path) }
        try await channel.writeInbound(InboundLine.line(ByteBuffer(string: "")))  // Enter: the position moves
        #expect(try await channel.eventLoop.submit { handler.state }.get() == .waiting)
        try await channel.close()
        #expect(learners.count == 1, "evicted while a step was still to be stored")

        release.signal()
        let committer = server.committer
        try await Self.offPool { committer?.flush() }
        try await channel.eventLoop.submit {}.get()  // after the commit's completion on the loop
        #expect(learners.count == 0, "still in memory with no connection and nothing pending")
        #expect(store.rememberedLearners == 0, "the store's write cache still remembers the learner who left")
        try await server.learnerPool.shutdownGracefully()
    }
}
