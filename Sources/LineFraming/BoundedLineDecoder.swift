import NIOCore

/// What the line decoder hands on: a request line, or the news that a line was too long.
package enum InboundLine: Equatable {
    /// One line without its `\n` or `\r\n`.
    case line(ByteBuffer)
    /// A line exceeded the limit; the rest of it is being discarded.
    case tooLong
}

/// Splits the byte stream into lines, holding at most `maxLength` bytes of an unfinished line.
///
/// A longer line is reported once as ``InboundLine/tooLong`` and then dropped up to and
/// including its `\n`, so memory stays bounded whatever a client sends.
package struct BoundedLineDecoder: ByteToMessageDecoder {
    package typealias InboundOut = InboundLine

    package let maxLength: Int
    /// Dropping the rest of a too-long line.
    private var discarding = false
    /// Bytes already searched for `\n`, so a slowly arriving line is not rescanned.
    private var scanned = 0

    package init(maxLength: Int) {
        self.maxLength = maxLength
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
            if discarding {
                buffer.moveReaderIndex(forwardBy: view.count)
            } else if view.count > maxLength + 1 {  // + 1: room for a `\r` before the `\n`
                context.fireChannelRead(wrapInboundOut(.tooLong))
                discarding = true
                buffer.moveReaderIndex(forwardBy: view.count)
            } else {
                scanned = view.count
                return .needMoreData
            }
            scanned = 0
            return .needMoreData
        }
        let length = newline - view.startIndex
        scanned = 0
        if discarding {
            discarding = false
            buffer.moveReaderIndex(forwardBy: length + 1)
            return .continue
        }
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(inbound(line)))
        return .continue
    }

    /// At end of input, a last line without `\n` counts like any other (found by fuzzing: it
    /// used to keep its `\r` and to pass at one byte over the limit).
    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, !discarding {
            let line = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(wrapInboundOut(inbound(line)))
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    /// A line as read up to its `\n` (excluded): without a trailing `\r`, and too long past the limit.
    private func inbound(_ line: ByteBuffer) -> InboundLine {
        var line = line
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)!
        }
        return line.readableBytes > maxLength ? .tooLong : .line(line)
    }
}
