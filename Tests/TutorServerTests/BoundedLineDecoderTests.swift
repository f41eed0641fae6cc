import NIOCore
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
}
