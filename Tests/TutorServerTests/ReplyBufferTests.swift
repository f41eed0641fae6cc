import LineProtocol
import NIOCore
import Testing
@testable import TutorServer

/// A reply encoded straight into the outgoing buffer's memory has the bytes of the reply as
/// text: the buffer is only where the encoder writes, never a second definition of the wire.
@Suite struct ReplyBufferTests {
    let payloads: [Payload] = [
        .turn(.lesson(number: 2, total: 10, id: "gil", icon: "🔒", title: "The GIL")),
        .turn(.tutor("One line,\nthen a second\u{1B}[31m with an escape\tand a tab.")),
        .turn(.code(language: "python", lines: ["import dis", "dis.dis(f)"])),
        .turn(.code(language: nil, lines: [])),
        .turn(.quiz(id: "q1", prompt: "What does `dis` show?", isFreeText: false)),
        .turn(.option(number: 1, text: "bytecode")),
        .turn(.expect(.answer)),
    ]

    @Test(arguments: ReplyFormat.allCases)
    func aBufferHoldsTheBytesOfTheText(format: ReplyFormat) {
        var lines: [ReplyLine] = []
        for payload in payloads { payload.appendLines(for: format, to: &lines) }
        #expect(lines == payloads.flatMap { $0.lines(for: format) })
        let encoder = ReplyEncoder(format: format)
        for status in [ReplyStatus.ok, .error(ProtocolError(.badArgument, "usage:\nstart <course>"))] {
            for reply in [lines, []] {
                let buffer = encoder.encoded(reply, status, allocator: ByteBufferAllocator())
                #expect(String(buffer: buffer) == encoder.encode(reply, status))
            }
        }
    }

    /// Room is reserved for the most a reply can take: values made only of controls, each
    /// becoming a three-byte U+FFFD, still fit (writing past the room would trap).
    @Test func repliesOfNothingButControlsFit() {
        let encoder = ReplyEncoder(format: .text)
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0x7F)!, Unicode.Scalar(0x85)!]))
        let lines = [ReplyLine(key: "tutor", text: controls), ReplyLine(key: "x", text: "\u{1B}")]
        for status in [ReplyStatus.ok, .error(ProtocolError(.badRequest, controls))] {
            let buffer = encoder.encoded(lines, status, allocator: ByteBufferAllocator())
            #expect(String(buffer: buffer) == encoder.encode(lines, status))
            #expect(buffer.readableBytes <= encoder.textBound(lines, status))
        }
    }

    /// The room reserved up front for a text reply whose values need no sanitizing is its
    /// size: such a reply is one allocation of what it takes.
    @Test func aCleanTextReplyFitsTheCapacityReserved() {
        let encoder = ReplyEncoder(format: .text)
        let clean = payloads.flatMap { $0.lines(for: .text) }.filter { !$0.text.contains("\n") && !$0.text.contains("\u{1B}") }
        #expect(clean.count == 7)
        #expect(encoder.encode(clean, .ok).utf8.count <= encoder.textBound(clean, .ok))
        #expect(encoder.encode(clean, .ok).utf8.count == encoder.textBound(clean, .ok))
    }
}
