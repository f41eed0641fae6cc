import NIOCore
import NIOEmbedded
import LineFraming

/// libFuzzer entry point: bytes through the daemon's ``BoundedLineDecoder``, arriving in
/// pieces split at points the input chooses.
///
/// Input layout: byte 0 picks the line limit (1–64), byte 1 the number of split points (0–15),
/// the next bytes the split points; the rest is the stream. What the decoder hands on must be
/// exactly what splitting the whole stream at once gives (`expectedLines`), however it was cut.
@_cdecl("LLVMFuzzerTestOneInput")
public func lineDecoderFuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var input = UnsafeBufferPointer(start: data, count: count)[...]
    guard let limitByte = input.popFirst(), let splitByte = input.popFirst() else { return 0 }
    let maxLength = Int(limitByte % 64) + 1
    let splitCount = min(Int(splitByte % 16), input.count)
    let splitBytes = input.prefix(splitCount)
    let stream = Array(input.dropFirst(splitCount))
    let cuts = Set(splitBytes.map { stream.isEmpty ? 0 : Int($0) % stream.count }).sorted()

    let channel = EmbeddedChannel(handler: ByteToMessageHandler(BoundedLineDecoder(maxLength: maxLength)))
    var received: [ExpectedLine] = []
    func drain() {
        while let line = try! channel.readInbound(as: InboundLine.self) {
            switch line {
            case .line(let buffer): received.append(.line(Array(buffer.readableBytesView)))
            case .tooLong: received.append(.tooLong)
            }
        }
    }
    var start = 0
    for end in cuts + [stream.count] where end > start {
        try! channel.writeInbound(ByteBuffer(bytes: stream[start..<end]))
        drain()
        start = end
    }
    _ = try! channel.finish(acceptAlreadyClosed: true)
    drain()
    let expected = expectedLines(stream, maxLength: maxLength)
    precondition(received == expected, "limit \(maxLength), cuts \(cuts): got \(received), expected \(expected)")
    return 0
}

enum ExpectedLine: Equatable {
    case line([UInt8])
    case tooLong
}

/// The decoder's contract applied to the whole stream at once: lines end at `\n`, a `\r`
/// before it is dropped, a line longer than the limit is one `tooLong`, and a last line with
/// no `\n` counts like any other.
func expectedLines(_ stream: [UInt8], maxLength: Int) -> [ExpectedLine] {
    var pieces = stream.split(separator: 0x0A, omittingEmptySubsequences: false)
    if pieces.last?.isEmpty == true { pieces.removeLast() }
    return pieces.map { piece in
        let line = piece.last == 0x0D ? piece.dropLast() : piece
        return line.count > maxLength ? .tooLong : .line(Array(line))
    }
}
