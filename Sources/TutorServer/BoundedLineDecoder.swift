import NIOCore

/// What the line decoder hands on: a request line, or the news that a line was too long.
enum InboundLine: Equatable {
    /// One line without its `\n` or `\r\n`.
    case line(ByteBuffer)
    /// A line exceeded the limit; the rest of it is being discarded.
    case tooLong
}

/// Splits the byte stream into lines, holding at most `maxLength` bytes of an unfinished line.
///
/// A longer line is reported once as ``InboundLine/tooLong`` and then dropped up to and
/// including its `\n`, so memory stays bounded whatever a client sends.
struct BoundedLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundLine

    let maxLength: Int
    /// Dropping the rest of a too-long line.
    private var discarding = false
    /// Bytes already searched for `\n`, so a slowly arriving line is not rescanned.
    private var scanned = 0

    init(maxLength: Int) {
        self.maxLength = maxLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
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
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)!
        }
        context.fireChannelRead(wrapInboundOut(line.readableBytes > maxLength ? .tooLong : .line(line)))
        return .continue
    }

    /// At end of input, a last line without `\n` still counts.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, !discarding {
            let line = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
