import LineFraming
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing
@testable import TutorServer

/// The framing, through NIO's own decoder verifier: every input is also fed byte by byte, in
/// random splits and all at once, and must decode to the same lines.
@Suite struct BoundedLineDecoderTests {
    private func line(_ text: String) -> InboundLine { .line(ByteBuffer(string: text)) }

    @Test func linesSurviveEverySplitOfTheStream() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("ping\n", [line("ping")]),
                ("start gil\r\n\n", [line("start gil"), line("")]),
                ("héllo 🔒\n2\n", [line("héllo 🔒"), line("2")]),
                // Exactly at the limit is fine; one byte over is reported once and dropped.
                ("123456789012\n1234567890123\nok\n", [line("123456789012"), .tooLong, line("ok")]),
                (String(repeating: "x", count: 100) + "\nafter\n", [.tooLong, line("after")]),
                ("a\rb\n", [line("a\rb")]),
            ],
            decoderFactory: { BoundedLineDecoder(maxLength: 12) }
        )
    }

    /// A last line that ends at end of input, not at `\n`, follows the same rules (both cases
    /// found by the line-decoder fuzzer).
    @Test(arguments: [
        ("1234567890123", [InboundLine.tooLong]),
        ("quit\r", [.line(ByteBuffer(string: "quit"))]),
        ("ok\n123456789012", [.line(ByteBuffer(string: "ok")), .line(ByteBuffer(string: "123456789012"))]),
    ])
    func lastLineWithoutNewline(_ input: String, _ expected: [InboundLine]) throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(BoundedLineDecoder(maxLength: 12)))
        try channel.writeInbound(ByteBuffer(string: input))
        _ = try channel.finish(acceptAlreadyClosed: true)
        var received: [InboundLine] = []
        while let line = try channel.readInbound(as: InboundLine.self) { received.append(line) }
        #expect(received == expected)
    }
}
