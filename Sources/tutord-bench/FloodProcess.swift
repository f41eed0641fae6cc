import Foundation

/// A flooding client of `standings` (``StandingsFlooder``) running as another Unix user: this
/// executable again, under `setpriv`, with pipes for its standard input (closed to stop it)
/// and output (its `flooding` line, then its summary).
final class FloodProcess {
    /// What the flooder counted.
    struct Summary {
        var ok: Int
        var limited: Int
        var failed: Int
        var seconds: Double
        /// Milliseconds to its first reply: one read on its own.
        var firstMilliseconds: Double
    }

    let user: String
    let request: String
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    /// Starts the flooder as `user` (a name or a uid) with `group` as its only group, which
    /// must let it reach the socket.
    init(user: String, group: gid_t, socket: String, request: String, window: Int) throws {
        self.user = user
        self.request = request
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid", user, "--regid", "\(group)", "--clear-groups",
                             try Self.executable(), "standings-flood", "--socket", socket, "--request", request, "--window", "\(window)"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// This executable's path (the flooder is a subcommand of it).
    private static func executable() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// Waits until the flooder has sent its first requests.
    func waitUntilFlooding() throws {
        guard let line = readLine(), line == "flooding" else {
            process.waitUntilExit()
            throw BenchError("the flooder as \(user) did not start (exit \(process.terminationStatus))")
        }
    }

    /// Tells the flooder to stop, waits for its last replies and its exit, and returns what it counted.
    func stop() throws -> Summary {
        try input.fileHandleForWriting.close()
        let line = readLine()
        process.waitUntilExit()
        let fields = (line ?? "").split(separator: " ")
        guard process.terminationStatus == 0, fields.count == 5, let ok = Int(fields[0]), let limited = Int(fields[1]),
              let failed = Int(fields[2]), let seconds = Double(fields[3]), let first = Double(fields[4]) else {
            throw BenchError("the flooder as \(user) failed (exit \(process.terminationStatus)): \(line ?? "no summary")")
        }
        return Summary(ok: ok, limited: limited, failed: failed, seconds: seconds, firstMilliseconds: first)
    }

    /// The next line of the flooder's output, or `nil` at its end.
    private func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer += chunk
        }
    }
}
