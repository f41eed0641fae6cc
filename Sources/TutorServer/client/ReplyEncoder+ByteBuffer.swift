import LineProtocol
import NIOCore

extension ReplyEncoder {
    /// The reply in a buffer of its own. A text reply is encoded straight into the buffer's
    /// memory in one pass (room reserved for the most it can take), not built as a string and
    /// copied, nor written piece by piece through `ByteBuffer`'s checks; a JSON one is built as
    /// text.
    func encoded(_ lines: [ReplyLine], _ status: ReplyStatus, allocator: ByteBufferAllocator) -> ByteBuffer {
        guard format == .text else { return allocator.buffer(string: encode(lines, status)) }
        // One look at each value for controls: it sizes the room and says whether the values
        // need sanitizing at all (a turn's usually do not).
        let reply = prepare(lines, status)
        var buffer = allocator.buffer(capacity: reply.textBound)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: reply.textBound) { memory in
            TextBuilder.write(into: memory) { encode(reply, into: &$0) }
        }
        return buffer
    }
}
