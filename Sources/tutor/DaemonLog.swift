import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The log of a `tutord` that `tutor` started: `$XDG_STATE_HOME/tutord/tutord.log`, so what
/// the daemon says (which folders it searched, a course that does not parse, why it could not
/// start) is not lost, and the client can show it.
enum DaemonLog {
    static var path: String? {
        StateDirectory.defaultPath(environment: ProcessInfo.processInfo.environment).map { $0 + "/tutord.log" }
    }

    /// Creates the state directory (0700) if needed; returns the log's path.
    static func prepare() -> String? {
        guard let path else { return nil }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        return path
    }

    /// The log's last `count` lines (the daemon's latest words), without time stamps' noise.
    static func lastLines(_ count: Int = 6) -> [String] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data.suffix(64 * 1024), as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.suffix(count))
    }

    /// `; it said: ...` with the log's last lines, or where to look.
    static func said() -> String {
        let lines = lastLines()
        guard let path, !lines.isEmpty else { return "; run `tutord` in a terminal to see why" }
        return "; its log (\(path)) ends with:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
