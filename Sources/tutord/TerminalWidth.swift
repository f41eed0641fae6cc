import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The columns plain output may use: `COLUMNS` when set (as shells and `tmux` export it), else
/// the width of the terminal on standard output, else `nil` (output to a pipe or a file is
/// not wrapped, so scripts see each message on one line).
func terminalWidth(environment: [String: String]) -> Int? {
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}
