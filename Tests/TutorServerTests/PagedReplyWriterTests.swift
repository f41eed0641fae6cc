import Foundation
import LineProtocol
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import ProgressStore
import TestThreads
import Testing
import Tutoring
@testable import TutorServer

/// `export`'s reply written page by page on an `EmbeddedChannel` that turns unwritable the way
/// a socket does (past a high-water mark of unread bytes): a page is made and written only
/// while the client reads, so the bytes waiting never pass the mark by more than a page, and
/// what arrives is the reply encoded whole.
@Suite(.blockingThreads) struct PagedReplyWriterTests {
    /// The connection's side, reduced to the writer: starts it when active, resumes it when
    /// the channel is writable again.
    private final class Host: ChannelInboundHandler {
        typealias InboundIn = Never
        let writer: PagedReplyWriter
        init(_ writer: PagedReplyWriter) { self.writer = writer }
        func channelActive(context: ChannelHandlerContext) { writer.resume(context: context) }
        func channelWritabilityChanged(context: ChannelHandlerContext) {
            if context.channel.isWritable { writer.resume(context: context) }
        }
    }

    /// The socket's send buffer: counts the bytes written and not yet read by the client, and
    /// makes the channel unwritable past `highWater`, as NIO's write-buffer water mark does.
    private final class SendBuffer: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        let highWater: Int
        var waiting = 0
        var most = 0
        var writesWhileUnwritable = 0
        init(highWater: Int) { self.highWater = highWater }
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let channel = context.channel as! EmbeddedChannel
            if !channel.isWritable { writesWhileUnwritable += 1 }
            waiting += unwrapOutboundIn(data).readableBytes
            most = max(most, waiting)
            if waiting > highWater { channel.isWritable = false }
            context.write(data, promise: promise)
        }
    }

    /// Counts the pages asked for.
    private final class Counted: ReplyPages {
        let pages: any ReplyPages
        let asked = NIOLockedValueBox(0)
        init(_ pages: any ReplyPages) { self.pages = pages }
        func next(allocator: ByteBufferAllocator) -> ByteBuffer? {
            asked.withLockedValue { $0 += 1 }
            return pages.next(allocator: allocator)
        }
    }

    /// A store where alice has 22,000 answers of 4 KB, each stored as its first 256 characters
    /// (what the store keeps of an answer): 8 MB of document.
    private static func store(in directory: String) throws -> SQLiteProgressStore {
        let store = try SQLiteProgressStore.open(path: directory + "/tutord.sqlite")
        let given = String(repeating: "answer/ ", count: 512)
        let events = (0..<22_000).map { index in
            TutoringEvent.answerRecorded(AnswerRecord(lessonID: "one", questionID: "q\(index % 7)", given: given,
                                                      isCorrect: index % 2 == 0, attempt: index + 1, usedHint: false))
        }
        try store.record([ProgressWrite(learner: LearnerID(uid: 1000), course: "tiny", events: events,
                                        date: Date(timeIntervalSince1970: 1_765_000_000), opensCourse: true)])
        return store
    }

    private static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-pages-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Pages made at once on the channel's loop (the daemon makes them on the learner pool).
    private static func atOnce(_ eventLoop: any EventLoop, _ job: @escaping @Sendable () -> ByteBuffer?) -> EventLoopFuture<ByteBuffer?> {
        eventLoop.makeSucceededFuture(job())
    }

    @Test(arguments: [ReplyFormat.text, .json])
    func aPageIsWrittenOnlyWhileTheClientReads(format: ReplyFormat) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Self.store(in: directory)
        let alice = LearnerID(uid: 1000)
        let whole = ReplyEncoder(format: format).encode(
            Payload.export(json: String(decoding: try store.export(alice), as: UTF8.self)).lines(for: format), .ok)
        #expect(whole.utf8.count > 8_000_000)

        let highWater = 64 * 1024
        let pages = Counted(ExportReply(try store.exportStream(alice), format: format))
        let ended = NIOLockedValueBox(false)
        let writer = PagedReplyWriter(pages, produce: Self.atOnce) { _, error in
            #expect(error == nil)
            ended.withLockedValue { $0 = true }
        }
        let channel = EmbeddedChannel()
        let sendBuffer = SendBuffer(highWater: highWater)
        try channel.pipeline.syncOperations.addHandler(sendBuffer)
        try channel.pipeline.syncOperations.addHandler(Host(writer))
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent")).wait()

        var received = [UInt8]()
        var reads = 0
        while !ended.withLockedValue({ $0 }) {
            // The writer stopped at the mark: nothing more is made until the client reads.
            #expect(!channel.isWritable)
            let asked = pages.asked.withLockedValue { $0 }
            channel.embeddedEventLoop.run()
            #expect(pages.asked.withLockedValue { $0 } == asked)
            // The client reads everything waiting.
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { received += buffer.readableBytesView }
            sendBuffer.waiting = 0
            channel.isWritable = true
            channel.pipeline.fireChannelWritabilityChanged()
            reads += 1
        }
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { received += buffer.readableBytesView }
        #expect(sendBuffer.writesWhileUnwritable == 0)
        // One page (about 32 KiB of rows, and its envelope) past the mark at most.
        #expect(sendBuffer.most <= highWater + 48 * 1024, "\(sendBuffer.most) bytes waited at once")
        #expect(reads > 60)  // 8 MB, about 90 KB a read
        #expect(String(decoding: received, as: UTF8.self) == whole)
        _ = try channel.finish()
    }

    @Test func aClosedConnectionReadsNoFurtherPage() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Self.store(in: directory)
        let pages = Counted(ExportReply(try store.exportStream(LearnerID(uid: 1000)), format: .text))
        let writer = PagedReplyWriter(pages, produce: Self.atOnce) { _, _ in Issue.record("a stopped reply ended") }
        let channel = EmbeddedChannel()
        let sendBuffer = SendBuffer(highWater: 64 * 1024)
        try channel.pipeline.syncOperations.addHandler(sendBuffer)
        try channel.pipeline.syncOperations.addHandler(Host(writer))
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent")).wait()
        let asked = pages.asked.withLockedValue { $0 }
        #expect(asked > 0 && !channel.isWritable)
        writer.stop()
        sendBuffer.waiting = 0
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(pages.asked.withLockedValue { $0 } == asked)
        _ = try channel.finish()
    }
}
