/// Builds a short string byte by byte: strings copied as UTF-8, integers written as decimal
/// digits in place. For text made on every reply or every write (the standing line, stored
/// times), where string interpolation cost four times as much (an `Int`'s description and an
/// append per piece).
///
/// Precondition: `capacity` covers everything added (``integerCapacity`` per number); adding
/// past it traps.
public struct TextBuilder: ~Copyable {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    public private(set) var count = 0

    /// Builds a string of at most `capacity` bytes with `body`.
    public static func build(capacity: Int, _ body: (inout TextBuilder) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var builder = TextBuilder(buffer: buffer)
            body(&builder)
            return builder.count
        }
    }

    /// Writes into `memory` with `body` and returns how many bytes it wrote: for text that goes
    /// straight into a buffer someone else owns (a reply into the outgoing `ByteBuffer`).
    /// Precondition: `memory` holds everything `body` adds.
    public static func write(into memory: UnsafeMutableRawBufferPointer, _ body: (inout TextBuilder) -> Void) -> Int {
        var builder = TextBuilder(buffer: memory.bindMemory(to: UInt8.self))
        body(&builder)
        return builder.count
    }

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    public mutating func append(byte: UInt8) {
        precondition(count < buffer.count, "TextBuilder: more than its capacity")
        buffer[count] = byte
        count += 1
    }

    /// `value` in decimal, zero-padded to `width` digits (a longer value keeps all its digits).
    public mutating func append(_ value: Int, width: Int = 1) {
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        var rest = value.magnitude
        let digits = max(width, Self.digitCount(rest))
        precondition(count + digits <= buffer.count, "TextBuilder: more than its capacity")
        var index = count + digits - 1
        while index >= count {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
        count += digits
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= buffer.count, "TextBuilder: more than its capacity")
        _ = UnsafeMutableBufferPointer(rebasing: buffer[count..<(count + bytes.count)]).initialize(fromContentsOf: bytes)
        count += bytes.count
    }

    /// Decimal digits of a number (at least one).
    static func digitCount(_ value: UInt) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// Room for a signed decimal `Int`.
    public static let integerCapacity = 20
}

extension TextBuilder: ReplyOutput {
    public mutating func write(_ text: String) {
        append(text)
    }
}
