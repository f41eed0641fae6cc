import Foundation
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What an operator reads in the log: at debug level each connection's life (its number, peer
/// uid and learner) and each request's command word, never what the learner typed; at info
/// level nothing per request.
@Suite(.blockingThreads) struct LoggingEndToEndTests {
    /// A session with a command, a chat line that is an answer, and a profile switch.
    private func converse(with daemon: DaemonProcess) throws {
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        _ = try client.request("my secret answer")
        _ = try client.request("learner work")
        _ = try client.request("status")
        _ = try client.request("quit")
        #expect(try client.readToEnd().isEmpty)
        let second = try daemon.connect()
        _ = try second.request("ping")
        daemon.signal(SIGTERM)  // closes the second connection before the daemon exits
        #expect(daemon.stop() == 0)
    }

    @Test func debugLogsConnectionsAndCommandWordsOnly() throws {
        let daemon = try DaemonProcess()  // --log-level debug
        try converse(with: daemon)
        let log = daemon.stderrText().split(separator: "\n").map(String.init)
        func lines(_ message: String, connection: Int) -> [String] {
            log.filter { $0.contains(": \(message) ") && $0.split(separator: " ").contains("connection=\(connection)") }
        }
        let uid = getuid(), user = NSUserName()
        #expect(lines("connection opened", connection: 1).count == 1, "\(log)")
        #expect(lines("connection opened", connection: 1).first?.contains("learner=\(user)") == true)
        #expect(lines("connection opened", connection: 1).first?.contains("uid=\(uid)") == true)
        let requests = lines("request", connection: 1)
        #expect(requests.map { $0.components(separatedBy: "command=")[1].components(separatedBy: " ")[0] }
                == ["start", "chat", "learner", "status", "quit"], "\(requests)")
        // The request after the switch is logged under the profile.
        #expect(requests[3].contains("learner=\(user)/work"))
        #expect(lines("connection closed", connection: 1).count == 1)
        #expect(lines("request", connection: 2).count == 1)
        #expect(lines("connection closed", connection: 2).count == 1)
        #expect(!log.joined().contains("secret"), "an answer typed by the learner reached the log")
    }

    @Test func infoLogsNothingPerRequest() throws {
        let daemon = try DaemonProcess(arguments: ["--log-level", "info"])
        try converse(with: daemon)
        let log = daemon.stderrText()
        #expect(log.contains("listening"))
        #expect(!log.contains("request"), "\(log)")
        #expect(!log.contains("connection opened"), "\(log)")
    }
}
