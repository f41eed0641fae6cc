import NIOCore

/// Writes a reply produced in pages (``ReplyPages``) to its connection: a page is asked for
/// only when the one before is written and the channel is writable, and is made off the event
/// loop by `produce` (on the learner pool, in the daemon). So a client that stops reading holds
/// about one page and the socket's buffers, however large the reply and however many such
/// clients, and no thread waits for it: while the channel is not writable no page job exists.
///
/// Lives on its connection's event loop. The connection calls ``resume(context:)`` when the
/// channel becomes writable and ``stop()`` when it closes (no page is read after that).
final class PagedReplyWriter {
    /// Runs a page job off the event loop, the result back on `eventLoop`.
    typealias Produce = (_ eventLoop: any EventLoop, _ job: @escaping @Sendable () -> ByteBuffer?) -> EventLoopFuture<ByteBuffer?>

    private let pages: any ReplyPages
    private let produce: Produce
    /// Called once, on the event loop, when the reply is all written (`nil`) or no page can
    /// be made any more (the pool stopped).
    private let ended: (ChannelHandlerContext, (any Error)?) -> Void
    private var pageInFlight = false
    private var stopped = false

    init(_ pages: any ReplyPages, produce: @escaping Produce, ended: @escaping (ChannelHandlerContext, (any Error)?) -> Void) {
        self.pages = pages
        self.produce = produce
        self.ended = ended
    }

    /// Asks for the next page if none is being made and the client reads.
    func resume(context: ChannelHandlerContext) {
        guard !stopped, !pageInFlight, context.channel.isWritable else { return }
        pageInFlight = true
        let pages = self.pages
        let allocator = context.channel.allocator
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        produce(context.eventLoop) { pages.next(allocator: allocator) }.whenComplete { result in
            let (writer, context) = loopBound.value
            writer.pageInFlight = false
            guard !writer.stopped else { return }
            switch result {
            case .success(.some(let page)):
                if page.readableBytes > 0 { context.writeAndFlush(NIOAny(page), promise: nil) }
                writer.resume(context: context)
            case .success(.none):
                writer.stopped = true
                writer.ended(context, nil)
            case .failure(let error):
                writer.stopped = true
                writer.ended(context, error)
            }
        }
    }

    /// The connection closed: no page is asked for or written any more.
    func stop() {
        stopped = true
    }
}
