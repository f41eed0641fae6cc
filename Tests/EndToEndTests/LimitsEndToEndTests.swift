import Foundation
import LineProtocol
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Bad input and limits: each has a defined answer, the connection stays usable, and other
/// learners are unaffected.
@Suite(.serialized, .blockingThreads) struct LimitsEndToEndTests {
    @Test func overlongLineIsRejectedAndTheConnectionStaysUsable() throws {
        let daemon = try DaemonProcess(arguments: ["--max-line-bytes", "100"])
        let client = try daemon.connect()
        try client.send(String(repeating: "x", count: 101) + "\nping\n")
        #expect(try client.readReply().status == .error(ProtocolError(.lineTooLong, "the line is longer than 100 bytes and was discarded")))
        #expect(try client.readReply().status == .ok)
        // Exactly at the limit is fine (and is chat, which needs a course).
        #expect(try client.request(String(repeating: "y", count: 100)).status.isError(.unknownCommand))
        // A huge line arriving in pieces: one error, then the rest is discarded.
        let chunk = String(repeating: "z", count: 65536)
        for _ in 0..<64 { try client.send(chunk) }
        try client.send("\nping\n")
        #expect(try client.readReply().status.isError(.lineTooLong))
        #expect(try client.readReply().status == .ok)
    }

    @Test func binaryJunkGetsClearErrors() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        try client.sendBytes(Array("ping\0\n".utf8))
        #expect(try client.readReply().status == .error(ProtocolError(.badEncoding, "the line contains a NUL byte")))
        try client.sendBytes([0xFF, 0xFE, 0x41, 0x0A])
        #expect(try client.readReply().status == .error(ProtocolError(.badEncoding, "the line is not valid UTF-8")))
        try client.sendBytes(Array("\u{1B}[A\n".utf8))
        #expect(try client.readReply().status.isError(.badRequest))
        #expect(try client.request("start \"unterminated").status == .error(ProtocolError(.badRequest, "unterminated quoted argument")))
        #expect(try client.request("ping").status == .ok)
        #expect(try client.request("\r").status.isError(.noCourse))  // an empty line with \r\n is a continue
    }

    @Test func connectionsBeyondTheLimitAreTurnedAway() throws {
        let daemon = try DaemonProcess(arguments: ["--max-connections", "2"])
        let first = try daemon.connect()
        let second = try daemon.connect()
        let third = try testClient(daemon.socketPath, readGreeting: false)
        #expect(try third.readLine() == "ERR busy too many connections (limit 2); try again later")
        #expect(try third.readLine() == nil)
        #expect(try first.request("ping").status == .ok)
        #expect(try second.request("ping").status == .ok)
    }

    /// Connections that never send a line cannot hold the limit for ever (1,030
    /// of them locked everyone out): after --first-line-timeout they get `ERR timeout` and
    /// are closed, and their places go to new connections. One that spoke stays.
    @Test func connectionsThatNeverSpeakAreClosedAndTheirPlacesFreed() throws {
        let daemon = try DaemonProcess(arguments: ["--max-connections", "3", "--first-line-timeout", "1"])
        let speaker = try daemon.connect()
        #expect(try speaker.request("ping").status == .ok)
        let silent = try (0..<2).map { _ in try testClient(daemon.socketPath, readGreeting: true) }
        let turnedAway = try testClient(daemon.socketPath, readGreeting: false)
        #expect(try turnedAway.readLine()?.hasPrefix("ERR busy") == true)
        for connection in silent {
            #expect(try connection.readLine() == "ERR timeout no request within 1 s of connecting; closing")
            #expect(try connection.readLine() == nil)
        }
        // The speaker connected first, so its deadline would have come first: it had none.
        #expect(try speaker.request("ping").status == .ok)
        let newcomer = try daemon.connect()
        #expect(try newcomer.request("ping").status == .ok)
    }

    /// Out of file descriptors, accept(2) fails and the connection waits in the backlog: the
    /// daemon used to retry at once, for ever, at full CPU, while that client waited without
    /// a word and nothing was logged. Now every connection gets an answer (a greeting, or
    /// `ERR busy` from the reserve descriptor), the shortage is logged once, the connections
    /// already open keep working, and once some close new ones are greeted again.
    @Test func outOfDescriptorsEveryConnectionGetsAnAnswer() throws {
        let daemon = try DaemonProcess(arguments: ["--max-connections", "1000"], wrapper: ["/usr/bin/prlimit", "--nofile=64:64"])
        let refusal = "ERR busy the tutor is out of file descriptors; try again later"
        var greeted: [TestClient] = []
        var refused = 0
        // Well past what 64 descriptors hold; each client's first line either greets or refuses
        // (a client left waiting fails here after the 10 s receive timeout).
        while refused < 5, greeted.count < 100 {
            let client = try testClient(daemon.socketPath, readGreeting: false)
            let first = try client.readLine()
            if first?.hasPrefix("OK tutord") == true {
                greeted.append(client)
            } else {
                #expect(first == refusal)
                #expect(try client.readLine() == nil)
                refused += 1
            }
        }
        #expect(refused == 5 && greeted.count > 10, "greeted \(greeted.count), refused \(refused)")
        // The connections already open are served throughout.
        for client in greeted { #expect(try client.request("ping").status == .ok) }
        let shortage = daemon.stderrText().components(separatedBy: "\n").filter { $0.contains("out of file descriptors") }
        #expect(shortage.count == 1, "\(shortage)")
        // Room again: the next connection is greeted, and the log says how many were turned away.
        greeted.removeLast(5)
        try greeted.last?.request("ping")  // the closes have reached the daemon once this answers
        let newcomer = try daemon.connect()
        #expect(try newcomer.request("ping").status == .ok)
        #expect(daemon.stderrText().contains("file descriptors are available again"))
    }

    @Test func aClientThatNeverReadsDoesNotGrowTheDaemon() throws {
        let daemon = try DaemonProcess()
        let other = try daemon.connect()
        _ = try other.request("start cpython-internals")
        let before = daemon.residentKiB()
        // 32,768 `lessons` requests (256 KiB) ask for ~32 MB of replies. A daemon that kept
        // reading would buffer them all; ours must stop reading, so our sends stall.
        let flood = try daemon.connect()
        _ = try flood.request("start cpython-internals")
        let requests = 32_768
        let bytes = Array(String(repeating: "lessons\n", count: requests).utf8)
        var sent = 0
        while sent < bytes.count {
            sent += flood.sendSome(bytes[sent...])
            // No readiness signal exists for "the peer stopped reading": a second without
            // progress is the sign.
            if sent < bytes.count && !flood.waitWritable(milliseconds: 1000) { break }
        }
        #expect(sent < bytes.count, "the daemon read all \(bytes.count) bytes without its client reading a reply")
        let during = daemon.residentKiB()
        #expect(during - before < 16 * 1024, "daemon grew by \(during - before) KiB")
        // Other learners are unaffected meanwhile.
        for _ in 0..<20 { #expect(try other.request("ping").status == .ok) }
        // Now read: every reply arrives, in order, none lost, while the rest is sent.
        var replies = 0
        while replies < requests {
            if sent < bytes.count, !flood.hasPendingInput() {
                sent += flood.sendSome(bytes[sent...])
                if !flood.hasPendingInput() { _ = flood.waitWritable(milliseconds: 100) }
                continue
            }
            let reply = try flood.readReply()
            #expect(reply.lines.count == 14 && reply.status == .ok)
            replies += 1
        }
        #expect(try flood.request("ping").status == .ok)
    }

    @Test func aClientThatDisconnectsMidReplyHarmsNoOne() throws {
        let daemon = try DaemonProcess()
        let other = try daemon.connect()
        for _ in 0..<20 {
            let rude = try daemon.connect()
            try rude.send("start cpython-internals\nlessons\nhelp\n" + String(repeating: "\n", count: 500))
            // Dropped without reading; the daemon meets a reset or broken pipe.
        }
        #expect(try other.request("ping").status == .ok)
        #expect(try other.request("courses").values("course").count == 1)
    }
}
