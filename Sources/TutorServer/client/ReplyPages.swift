import NIOCore

/// A reply produced in pages, each a short job that may block (a store read), so that the
/// daemon never holds a large reply whole: ``PagedReplyWriter`` asks for a page only when the
/// client has taken the one before. `export` replies this way.
protocol ReplyPages: Sendable {
    /// The next bytes of the reply (perhaps none, for a page that wrote nothing), or `nil` once
    /// the reply, its status line included, is complete. Blocks: call it off the event loop,
    /// one call at a time.
    func next(allocator: ByteBufferAllocator) -> ByteBuffer?
}
