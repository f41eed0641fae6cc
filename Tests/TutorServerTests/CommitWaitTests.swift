import LineFraming
import Foundation
import GRDB
import LineProtocol
import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
@testable import ProgressStore
import TestThreads
import Testing
@testable import TutorServer
#if canImport(Glibc)
import Glibc
#endif

/// A reply waiting for its commit, with a real store whose write lock the test holds, on
/// NIO's thread-safe testing channel or a real socket (the commit completes on the committer's
/// queue).
///
/// Serialized, and every blocking wait runs off Swift's cooperative threads (`offPool`): two of
/// these tests blocking the two threads of a 2-core machine at once stalled a CI run. The suite
/// runs on a thread of its own (`ownThread`): on the cooperative pool each of its awaits waited
/// for a thread that the blocking tests of other suites held (62 s in a full run, 0.3 s alone).
@Suite(.serialized, .ownThread("CommitWaitTests")) struct CommitWaitTests {
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
        let handler = ConnectionHandler(server: server, identification: .alice)
        try await channel.pipeline.addHandler(handler)
        try await channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent"))
        #expect(try await channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "OK tutord 1\n")
        return (channel, handler)
    }

    /// Succeeds `seen` once `count` lines have gone past it to the connection's handler, which
    /// has dealt with each by the time `fireChannelRead` returns.
    private final class LinesSeen: ChannelInboundHandler {
        typealias InboundIn = InboundLine
        typealias InboundOut = InboundLine
        private var remaining: Int
        private let seen: EventLoopPromise<Void>

        init(_ count: Int, seen: EventLoopPromise<Void>) {
            remaining = count
            self.seen = seen
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireChannelRead(data)
            remaining -= 1
            if remaining == 0 { seen.succeed() }
        }
    }

    /// The test's end of a socket pair: plain blocking calls, a read bounded at 30 s.
    private final class Peer: Sendable {
        let descriptor: CInt

        init(_ descriptor: CInt) {
            self.descriptor = descriptor
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(descriptor) }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            let sent = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard sent == bytes.count else { throw POSIXError(.EIO) }
        }

        /// What the daemon side wrote, read until `done` says it is whole (or an `ERR` line).
        func read(from text: String = "", until done: (String) -> Bool) throws -> String {
            var text = text
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !done(text), !text.contains("ERR ") {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { throw POSIXError(count == 0 ? .ECONNRESET : .ETIMEDOUT) }
                text += String(decoding: buffer[0..<count], as: UTF8.self)
            }
            return text
        }

        /// Bytes written by the daemon side and not read yet.
        var unread: Int {
            var count: CInt = 0
            return ioctl(descriptor, UInt(FIONREAD), &count) == 0 ? Int(count) : -1
        }
    }

    /// On a real socket (a socket pair on a NIO event loop), whose `autoRead` is what stops the
    /// reading: NIO's testing channels say it is on whatever was set. A line that arrives while
    /// a commit is pending turns the reading off until the commit is done; a line sent
    /// meanwhile is then read and answered, in order.
    @Test func linesBehindAPendingCommitHoldTheSocketUntilItIsDone() async throws {
        let (server, _, path, cleanUp) = try Self.makeServer()
        defer { cleanUp() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var ends: [CInt] = [-1, -1]
        try #require(socketpair(AF_UNIX, CInt(SOCK_STREAM.rawValue), 0, &ends) == 0)
        let peer = Peer(ends[1])
        let seen = group.next().makePromise(of: Void.self)
        let channel = try await NIOPipeBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(BoundedLineDecoder(maxLength: 4096)))
                    try channel.pipeline.syncOperations.addHandler(LinesSeen(2, seen: seen))
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: server, identification: .alice))
                }
            }
            .takingOwnershipOfDescriptor(inputOutput: ends[0]).get()
        #expect(try await Self.offPool { try peer.read { $0.hasSuffix("\n") } } == "OK tutord 1\n")
        // Another writer holds the database: the commit of `start` cannot complete.
        let release = try await Self.offPool { try Self.holdWriteLock(path) }

        try peer.send("start cpython-internals\nping\n")
        try await seen.futureResult.get()
        let state = try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: ConnectionHandler.self).state
        }.get()
        #expect(state == .waiting)
        #expect(try await channel.getOption(ChannelOptions.autoRead).get() == false,
                "the socket is still read while a line waits behind a commit")
        #expect(peer.unread == 0, "a reply before its commit")
        try peer.send("ping\n")  // stays in the socket until the commit is done

        release.signal()
        let text = try await Self.offPool { try peer.read { $0.hasSuffix("OK\nOK\nOK\n") } }
        #expect(text.hasPrefix("course: cpython-internals"), "\(text)")
        #expect(try await channel.getOption(ChannelOptions.autoRead).get() == true)
        try await channel.close()
        try await group.shutdownGracefully()
        try await server.learnerPool.shutdownGracefully()
    }

    /// A learner whose connection closed stays in memory until their last commit is durable,
    /// then leaves it: evicted earlier, they would be read back from a store
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

extension ConnectionHandler.Identification {
    /// uid 1000, `alice`, at once.
    static var alice: Self {
        Self(uid: { $0.eventLoop.makeSucceededFuture(1000) }, details: { channel, uid in
            channel.eventLoop.makeSucceededFuture(PeerCredentials(uid: uid, userName: "alice"))
        })
    }
}
