import Foundation
import LineProtocol
import TestThreads
import Testing

/// Where the learner stands, told without asking: a `standing:` on every conversation
/// reply, in `courses` and `status`, and `idle` notifications when another connection of the
/// same learner moves on or the courses are reloaded.
@Suite(.serialized, .blockingThreads) struct StandingEndToEndTests {
    private func standing(_ reply: Reply) -> Standing? {
        for case .standing(let standing) in reply.turns { return standing }
        return nil
    }

    @Test func everyConversationReplyEndsWithTheStandingBeforeExpect() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        let opened = try client.request("start cpython-internals")
        #expect(Array(opened.lines.suffix(2).map(\.key)) == ["standing", "expect"])
        #expect(opened.values("standing") == ["cpython-internals score 0/44 xp 0 lessons 0/12 first-try 0/0 answers 0 accuracy 0% due 0 | 1/12 🔒 The GIL & Free-Threading"])
        _ = try untilQuiz(client)
        let answered = try client.request("2")
        #expect(standing(answered)?.summary.xp == 10)
        #expect(standing(answered)?.summary.correct == 1)
        var reply = try client.request("")
        for _ in 0..<40 where standing(reply)?.lesson == 1 {
            // Lesson 1's other questions (revealed with `skip`), its offers (Enter declines) and its remaining beats.
            reply = try client.request(reply.expectation == .answer ? "skip" : "")
        }
        // Finishing lesson 1 moved the learner on: the standing says so with no `progress`.
        let next = try #require(standing(reply))
        #expect(next.lesson == 2 && next.title == "The Object Model Underneath" && next.summary.lessonsDone == 1 && next.summary.xp == 10)
        for request in ["lessons", "hint", "repeat", "progress", "goto 3"] {
            let reply = try client.request(request)
            #expect(reply.lines.suffix(2).map(\.key) == ["standing", "expect"], "\(request)")
        }
        #expect(standing(try client.request("repeat"))?.lesson == 3)
    }

    @Test func coursesAndStatusSayWhereTheLearnerStands() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        // Nothing begun: courses has no standing, status only who is learning.
        #expect(try client.request("courses").values("standing").isEmpty)
        let before = try client.request("status")
        #expect(before.lines.map(\.key) == ["learner"])
        _ = try client.request("start cpython-internals")
        _ = try untilQuiz(client)
        _ = try client.request("2")
        let courses = try client.request("courses")
        #expect(courses.lines.map(\.key) == ["course", "standing"])
        #expect(standing(courses)?.summary.xp == 10)
        let status = try client.request("status")
        #expect(status.lines.map(\.key) == ["learner", "current", "standing", "expect"])
        #expect(status.values("current") == ["cpython-internals"])
        #expect(status.expectation == .continue)
        // A new connection (after the learner left memory, from the store) knows the same.
        let later = try daemon.connect()
        #expect(standing(try later.request("courses"))?.summary.xp == 10)
    }

    @Test func idleWakesWhenAnotherConnectionOfTheLearnerMovesOn() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        let mover = try daemon.connect()
        _ = try watcher.request("start cpython-internals")
        _ = try mover.request("start cpython-internals")  // moves nothing, so announces nothing
        // Lesson 3 opens with three beats before its quiz: room for the three steps below.
        _ = try mover.request("goto 3")
        // The mover's step happened since the watcher connected: its first idle answers at
        // once with it (docs/protocol.md, *Notifications*), and takes it.
        #expect(try watcher.request("idle").payloads == [.changed(.position)])
        // The watcher's own step is not news to it: nothing is pending, so an idle ended by
        // `noidle` says nothing changed. (Checked this way, not by reading nothing right after
        // `idle`: a reply still on its way would pass that.)
        _ = try watcher.request("")
        try watcher.send(line: "idle")
        try watcher.send(line: "noidle")
        let nothing = try watcher.readReply()
        #expect(nothing.payloads.isEmpty && nothing.status == .ok)
        try watcher.send(line: "idle")
        _ = try mover.request("")
        let changed = try watcher.readReply()
        #expect(changed.payloads == [.changed(.position)] && changed.status == .ok)
        // Now where does it stand? The mover's step, as `status` says.
        #expect(standing(try watcher.request("status")) == standing(try mover.request("status")))
    }

    @Test func changesWhileBusyAreKeptForTheNextIdle() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        let mover = try daemon.connect()
        _ = try watcher.request("start cpython-internals")
        _ = try mover.request("start cpython-internals")
        _ = try untilQuiz(mover)
        _ = try mover.request("2")
        let changed = try watcher.request("idle")  // answered at once: it happened meanwhile
        #expect(changed.payloads == [.changed(.position), .changed(.progress)])
        // Taken: the next idle waits again.
        try watcher.send(line: "idle")
        #expect(!watcher.hasPendingInput())
        try watcher.send(line: "noidle")
        #expect(try watcher.readReply().lines.isEmpty)
    }

    @Test func noidleEndsAnIdleAndHasNoReplyOfItsOwn() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        try client.send("idle\nnoidle\n")
        #expect(try client.readReply() == Reply(lines: [], status: .ok, statusLine: "OK"))
        // Not idle: noidle is ignored, so the next reply is ping's.
        try client.send("noidle\nwhoami\n")
        #expect(try client.readReply().values("learner").count == 1)
        // Any request ends an idle too; the idle's reply comes first, in order.
        try client.send("idle\nwhoami\n")
        #expect(try client.readReply().lines.isEmpty)
        #expect(try client.readReply().values("learner").count == 1)
        #expect(try client.request("idle weather").status == .error(ProtocolError(.badArgument, "idle waits for position, progress or courses, not weather")))
    }

    @Test func idleListensOnlyForWhatItNames() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        let mover = try daemon.connect()
        _ = try mover.request("start cpython-internals")
        try watcher.send(line: "idle courses")
        _ = try mover.request("")  // a position change: not what it waits for
        #expect(!watcher.hasPendingInput())
        // A reload announces courses when a file changed (an unchanged one announces nothing).
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: daemon.dialogues + "/cpython-internals.dialogue"))
        try file.seekToEnd()
        try file.write(contentsOf: Data("# edited\n".utf8))
        try file.close()
        daemon.signal(SIGHUP)
        #expect(try watcher.readReply().payloads == [.changed(.courses)])
        // The position change is still pending for an idle that wants it.
        #expect(try watcher.request("idle position").payloads == [.changed(.position)])
    }

    @Test func anotherProfileIsAnotherLearner() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        let other = try daemon.connect()
        _ = try other.request("learner work")
        _ = try other.request("start cpython-internals")
        try watcher.send(line: "idle")
        _ = try other.request("")
        #expect(!watcher.hasPendingInput())
        try watcher.send(line: "noidle")
        #expect(try watcher.readReply().lines.isEmpty)
    }

    @Test func anIdleAfterTheClientStoppedSendingStillGetsItsChange() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        let mover = try daemon.connect()
        _ = try mover.request("start cpython-internals")
        try watcher.send(line: "idle")
        watcher.shutdownWrite()  // as `nc -N` does after its input
        _ = try mover.request("")
        #expect(try watcher.readReply().payloads == [.changed(.position)])
        #expect(try watcher.readLine() == nil)
    }

    @Test func shutdownEndsAnIdleWithAWholeReply() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        // One write, one read: once `whoami` is answered, the `idle` behind it in the same chunk
        // has been read and begun. (An `idle` not yet read at SIGTERM is not answered at all:
        // the client gets a reset, as for any unread request; docs/protocol.md, *Signals*.)
        try watcher.send("whoami\nidle\n")
        #expect(try watcher.readReply().values("learner").count == 1)
        #expect(daemon.stop() == 0)
        #expect(try watcher.readReply().status == .ok)
        #expect(try watcher.readLine() == nil)
    }
}
