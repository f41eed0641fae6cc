#if canImport(Glibc)
import Glibc
#endif

/// Lines read from a descriptor as they come, for a loop that also waits on other things
/// (readLine would block it): what is read is kept until its line is complete.
struct InputLines {
    private var pending: [UInt8] = []

    /// The lines completed by one read(2), or nil at the end of input (a last line without a
    /// newline is then lost, as a terminal sends none).
    mutating func read(from descriptor: CInt) -> [String]? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        var count: Int
        repeat {
            count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count > 0 else { return nil }
        pending += chunk[..<count]
        var lines: [String] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        return lines
    }
}
