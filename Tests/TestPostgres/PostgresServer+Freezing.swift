import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension PostgresServer {
    /// Stops every process of the server (SIGSTOP to the postmaster and its children), as a
    /// server that hangs: connections stay open and every query waits, until ``thaw()``.
    public func freeze() throws {
        for pid in try processes() { kill(pid, SIGSTOP) }
    }

    /// Lets a frozen server go on (SIGCONT).
    public func thaw() throws {
        for pid in try processes() { kill(pid, SIGCONT) }
    }

    /// The postmaster (the first line of its `postmaster.pid`) and its children, from `/proc`.
    private func processes() throws -> [pid_t] {
        let pidFile = try String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        guard let postmaster = pidFile.split(separator: "\n").first.flatMap({ pid_t($0) }) else {
            throw PostgresServerError(description: "no postmaster pid in \(directory)/data/postmaster.pid")
        }
        var found = [postmaster]
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) state ": the parent's pid.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == postmaster { found.append(pid) }
        }
        return found
    }
}
