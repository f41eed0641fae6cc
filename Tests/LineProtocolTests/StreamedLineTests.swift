import LineProtocol
import Testing

/// A line written in pieces (`export`) is byte for byte the line encoded whole, wherever the
/// value is cut and whatever it holds.
@Suite struct StreamedLineTests {
    private static let values = [
        #"{"courses":[],"profile":"","uid":1000}"#,
        "tab\there, newline\nthere, DEL\u{7F}, C1\u{85}, quote \" backslash \\ é 🐍 e\u{301}",
        "",
    ]

    @Test(arguments: [ReplyFormat.text, .json])
    func theJoinedPiecesAreTheWholeLine(format: ReplyFormat) {
        let encoder = ReplyEncoder(format: format)
        for value in Self.values {
            let scalars = Array(value.unicodeScalars)
            for size in [1, 2, 3, 7, max(1, scalars.count)] {
                var streamed = encoder.streamedHead(key: "export")
                for start in stride(from: 0, to: scalars.count, by: size) {
                    var piece = String.UnicodeScalarView()
                    piece.append(contentsOf: scalars[start..<min(start + size, scalars.count)])
                    streamed += encoder.streamedPiece(String(piece))
                }
                streamed += encoder.streamedTail(.ok)
                #expect(streamed == encoder.encode(Payload.export(json: value).lines(for: format), .ok), "\(format) \(size)")
            }
        }
    }

    @Test(arguments: [ReplyFormat.text, .json])
    func aCutValueEndsItsLineThenTheError(format: ReplyFormat) throws {
        let encoder = ReplyEncoder(format: format)
        let error = ProtocolError(.storage, "cannot read")
        let streamed = encoder.streamedHead(key: "export") + encoder.streamedPiece("{\"cou") + encoder.streamedTail(.error(error))
        let lines = streamed.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(String(lines[1]) + "\n" == encoder.encode([], .error(error)))
        let cut = encoder.encode(Payload.export(json: "{\"cou").lines(for: format), .ok)
        #expect(String(lines[0]) + "\n" == String(cut.split(separator: "\n")[0]) + "\n")
    }
}
