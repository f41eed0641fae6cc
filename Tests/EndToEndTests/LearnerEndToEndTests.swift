import Foundation
import LineProtocol
import TestThreads
import Testing

/// Learners and sessions: shared conversations, profiles, serialised input.
@Suite(.serialized, .blockingThreads) struct LearnerEndToEndTests {
    @Test func twoConnectionsOfOneLearnerShareTheConversation() throws {
        let daemon = try DaemonProcess()
        let first = try daemon.connect()
        let second = try daemon.connect()
        _ = try first.request("start cpython-internals")
        _ = try first.request("goto 5")
        let joined = try second.request("start cpython-internals")
        #expect(joined.values("tutor").first == "Welcome back to CPython Internals & Advanced Metaprogramming.")
        #expect(joined.values("lesson") == ["5/12 🧰 The Metaprogramming Toolkit"])
        #expect(try second.request("resume").values("lesson") == ["5/12 🧰 The Metaprogramming Toolkit"])
    }

    @Test func simultaneousInputIsSerialisedNotLost() throws {
        let daemon = try DaemonProcess()
        let first = try daemon.connect()
        let second = try daemon.connect()
        _ = try first.request("start cpython-internals")
        _ = try second.request("start cpython-internals")
        // Lesson 1 from its first beat: 2 more beats, then its first quiz, where an empty line
        // only gets a nudge. Six continues, three from each connection at once: three move on,
        // three are nudged, none is lost or applied twice.
        try first.send("\n\n\n")
        try second.send("\n\n\n")
        for client in [first, second] {
            for _ in 0..<3 {
                let reply = try client.readReply()
                #expect(reply.status == .ok)
                #expect(reply.lines.last?.key == "expect")  // a whole reply, never interleaved
            }
        }
        #expect(try first.request("repeat").values("quiz") == ["Predict it before we look inside: what is the best-known reason CPython has a GIL?"])
    }

    @Test func profilesAreSeparateLearners() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        _ = try client.request("goto 7")
        let switched = try client.request("learner work")
        #expect(switched.values("learner").first?.hasSuffix("/work") == true)
        #expect(try client.request("lessons").status.isError(.noCourse))  // the course belonged to the other profile
        #expect(try client.request("start cpython-internals").values("lesson") == ["1/12 🔒 The GIL & Free-Threading"])
        _ = try client.request("learner default")
        #expect(try client.request("resume").values("lesson") == ["7/12 Asyncio Under the Hood"])
        #expect(try client.request("learner Bad Name").status.isError(.badArgument))
        #expect(try client.request("learner \"Bad Name\"").status.isError(.badLearner))
        // Letters fold to lower case (docs/protocol.md): `learner WORK` is the profile `work`.
        #expect(try client.request("learner WORK").values("learner").first?.hasSuffix("/work") == true)
        #expect(try client.request("resume").values("lesson") == ["1/12 🔒 The GIL & Free-Threading"])
        _ = try client.request("learner default")
        // In JSON every learner object carries the uid, whoami's and learner's alike.
        _ = try client.request("format json")
        for request in ["whoami", "learner work"] {
            #expect(try client.request(request).payloads.first { if case .learner = $0 { true } else { false } }
                    == .learner(user: NSUserName(), uid: Int(getuid()), profile: request == "whoami" ? nil : "work"), "\(request)")
        }
    }

    @Test func switchingCoursesAndComingBack() throws {
        let daemon = try DaemonProcess()
        let second = """
            course other
            title: Other
            level: beginner
            summary: Another course.
            lesson one
            title: One
            > Hello from the other course.
            takeaway: T.
            question q
            ask: Pick y.
            - x
            + y
            explain: E.
            hint: H.
            """
        try second.write(toFile: daemon.dialogues + "/other.dialogue", atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try daemon.waitFor("READY=1")
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        _ = try client.request("goto 8")
        #expect(try client.request("start other").values("tutor").contains("Hello from the other course."))
        #expect(try client.request("start cpython-internals").values("lesson") == ["8/12 ♻️ Generational Garbage Collection"])
    }
}
