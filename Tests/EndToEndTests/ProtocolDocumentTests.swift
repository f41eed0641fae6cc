import Foundation
import TestThreads
import Testing

/// docs/protocol.md's example session is what the daemon says, byte for byte: each request of
/// the example is sent to a real tutord and its reply compared with the lines printed under it.
/// The example's learner is `alice`; here it is whoever runs the test (phrasing does not depend
/// on the user, see `Conversation.phrasingSeed`). After a change to the wording, regenerate
/// the example with `TUTORD_RECORD_PROTOCOL_EXAMPLE=1 swift test --filter ProtocolDocumentTests`
/// and read the diff.
@Suite(.blockingThreads) struct ProtocolDocumentTests {
    static let document = DaemonProcess.packageRoot.appendingPathComponent("docs/protocol.md")
    static let heading = "## An example session"
    static let exampleUser = "alice"

    /// One request of the example and the reply printed for it; `nil` for the greeting.
    struct Exchange {
        var request: String?
        var reply: [String]
    }

    /// The example's code blocks, in order, each a list of lines.
    static func blocks(of text: String) -> [[String]] {
        guard let start = text.range(of: "\n\(heading)\n") else { return [] }
        var blocks: [[String]] = []
        var current: [String]?
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { break }
            if line == "```" {
                if let block = current { blocks.append(block); current = nil } else { current = [] }
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return blocks
    }

    /// The blocks read as one session: a line `> x` (or `>`) is a request, the lines after it
    /// its reply, which may go on in the next block (the reply of `idle`).
    static func exchanges(_ blocks: [[String]]) -> [Exchange] {
        var exchanges = [Exchange(request: nil, reply: [])]
        for line in blocks.joined() {
            if line == ">" || line.hasPrefix("> ") {
                exchanges.append(Exchange(request: String(line.dropFirst(2)), reply: []))
            } else {
                exchanges[exchanges.count - 1].reply.append(line)
            }
        }
        return exchanges
    }

    static func isFinal(_ line: String) -> Bool {
        line == "OK" || line.hasPrefix("OK ") || line.hasPrefix("ERR ") || line.hasPrefix("{\"ok\":")
    }

    /// Runs the example's requests against a daemon with the shipped courses, on a fixed
    /// clock; returns the replies as the example would print them.
    static func replay(_ exchanges: [Exchange]) throws -> [Exchange] {
        let daemon = try DaemonProcess(environment: ["TUTORD_NOW": "2026-12-01T09:00:00Z"], start: false)
        try FileManager.default.copyItem(
            atPath: DaemonProcess.packageRoot.appendingPathComponent("Dialogues/writing-courses.dialogue").path,
            toPath: daemon.dialogues + "/writing-courses.dialogue")
        try daemon.start()
        let client = try testClient(daemon.socketPath, readGreeting: false)
        let user = NSUserName()
        func asInExample(_ line: String) -> String {
            line == "learner: \(user)" ? "learner: \(exampleUser)" : line
        }
        func readReply() throws -> [String] {
            var lines: [String] = []
            while let line = try client.readLine() {
                lines.append(asInExample(line))
                if isFinal(line) { break }
            }
            return lines
        }
        var replayed: [Exchange] = []
        for exchange in exchanges {
            guard let request = exchange.request else {
                replayed.append(Exchange(request: nil, reply: [try client.readLine() ?? ""]))
                continue
            }
            try client.send(line: request)
            if request == "idle" {
                // What the example's text between the blocks says: another window of the
                // learner opens the course (which announces nothing) and goes on one step.
                let other = try testClient(daemon.socketPath)
                _ = try other.request("start cpython-internals")
                _ = try other.request("")
            }
            // `quit` answers and closes; every request here has one reply.
            replayed.append(Exchange(request: request, reply: try readReply()))
        }
        return replayed
    }

    /// The example with the replies put back in place of the printed ones. The first block
    /// ends with the `idle` request; its reply opens the second.
    static func rewritten(_ text: String, with replayed: [Exchange]) -> String {
        let lines = replayed.flatMap { exchange in
            (exchange.request.map { [$0.isEmpty ? ">" : "> \($0)"] } ?? []) + exchange.reply
        }
        let split = (lines.firstIndex(of: "> idle") ?? lines.count - 1) + 1
        let contents = [lines[..<split], lines[split...]]
        var out: [Substring] = []
        var inExample = false, inBlock = false, block = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == heading { inExample = true }
            if inExample && line == "```" {
                if inBlock {
                    out += contents[min(block, 1)].map { Substring($0) }
                    block += 1
                }
                inBlock.toggle()
            } else if inBlock {
                continue
            }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    @Test func theExampleSessionIsWhatTheDaemonSays() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let blocks = Self.blocks(of: text)
        let exchanges = Self.exchanges(blocks)
        #expect(blocks.count == 2 && exchanges.count > 10, "the example session was not found in docs/protocol.md")
        let replayed = try Self.replay(exchanges)
        if ProcessInfo.processInfo.environment["TUTORD_RECORD_PROTOCOL_EXAMPLE"] != nil {
            try Self.rewritten(text, with: replayed)
                .write(to: Self.document, atomically: true, encoding: .utf8)
            return
        }
        for (printed, said) in zip(exchanges, replayed) {
            #expect(printed.reply == said.reply, "the reply to `\(printed.request ?? "(connecting)")` in docs/protocol.md is not what tutord says")
        }
    }
}
