import CTutordSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal for `launch`: this side reads what the program draws; the program gets
/// the terminal as its standard input, output and error.
final class PseudoTerminal {
    private let primary: CInt
    private let secondary: CInt

    /// Opens a terminal of `columns` × `rows`.
    init(columns: UInt16, rows: UInt16) throws {
        var name = [CChar](repeating: 0, count: 128)
        primary = csystem_open_pty(&name, name.count)
        guard primary >= 0 else { throw BenchError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))") }
        secondary = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard secondary >= 0 else { throw BenchError("cannot open \(String(cString: name)): \(String(cString: strerror(errno)))") }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = withUnsafeMutablePointer(to: &size) { ioctl(primary, UInt(TIOCSWINSZ), $0) }
    }

    /// The child's descriptors: the terminal as 0, 1 and 2.
    var childDescriptors: [CInt: CInt] { [0: secondary, 1: secondary, 2: secondary] }

    /// What the program wrote next, or `nil` when it wrote nothing for `timeoutMilliseconds`
    /// (or closed the terminal).
    func read(timeoutMilliseconds: Int) throws -> [UInt8]? {
        var waiting = pollfd(fd: primary, events: Int16(POLLIN), revents: 0)
        let ready = poll(&waiting, 1, Int32(timeoutMilliseconds))
        guard ready == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = Glibc.read(primary, &buffer, buffer.count)
        // EIO: every holder of the other side has closed it.
        guard count > 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    func close() {
        _ = Glibc.close(secondary)
        _ = Glibc.close(primary)
    }
}
