import Foundation
import LineProtocol
import TestThreads
import Testing

/// The real daemon over a real socket: greeting, every command, a lesson, JSON mode.
@Suite(.serialized, .blockingThreads) struct ProtocolEndToEndTests {
    @Test func greeting() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        #expect(client.greeting == "OK tutord 1")
    }

    @Test func connectionCommands() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        #expect(try client.request("ping") == Reply(lines: [], status: .ok, statusLine: "OK"))
        #expect(try client.request("PiNg").status == .ok)  // command words are case-insensitive
        let help = try client.request("help")
        let names = help.values("command").map { String($0.prefix(while: { $0 != " " })) }
        for name in ["help", "courses", "start", "resume", "lessons", "goto", "progress", "hint", "repeat", "back",
                     "skip", "restart", "whoami", "learner", "ping", "quit", "format"] {
            #expect(names.contains(name), "help lacks \(name)")
        }
        #expect(try client.request("ping extra").status == .error(ProtocolError(.badArgument, "usage: ping")))
        #expect(try client.request("format yaml").status == .error(ProtocolError(.badArgument, "format is json or text, not yaml")))
        #expect(try client.request("quit").status == .ok)
        #expect(try client.readLine() == nil)  // closed after quit
    }

    /// Misuse a script can tell without reading English: an unknown command outside a
    /// conversation is an error with a suggestion, `goto` to no lesson is a bad argument with
    /// the range, and a line the tutor did not understand is `OK` with a `nudge`.
    @Test func misuseIsMachineReadable() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        #expect(try client.request("corses").status == .error(ProtocolError(.unknownCommand,
            "`corses` is not a command; did you mean `courses`? `help` lists them, and `start <course>` opens a conversation")))
        #expect(try client.request("").status.isError(.noCourse))
        _ = try client.request("start cpython-internals")
        #expect(try client.request("goto 99").status == .error(ProtocolError(.badArgument,
            "there is no lesson 99 in cpython-internals: lessons go from 1 to 12, or give a lesson id (`lessons` lists them)")))
        #expect(try client.request("goto gc").values("lesson") == ["8/12 ♻️ Generational Garbage Collection"])
        let nudged = try client.request("maybe later")
        #expect(nudged.status == .ok && nudged.values("nudge") == ["Press Enter (or type `next`) to go on, or `help` to see what I understand."])
        #expect(try client.request("").values("nudge").isEmpty)
        // An answer when no quiz is open is not taken either: a nudge, not a verdict.
        let early = try client.request("2")
        #expect(early.status == .ok && early.values("verdict").isEmpty && early.values("nudge").count == 1)
    }

    @Test func coursesAndStart() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        let courses = try client.request("courses")
        #expect(courses.values("course").count == 1)
        #expect(courses.values("course").first?.hasPrefix("cpython-internals CPython Internals") == true)
        let unknown = try client.request("start nope")
        #expect(unknown.status == .error(ProtocolError(.unknownCourse, "there is no course nope; courses lists them")))
        #expect(try client.request("lessons").status.isError(.noCourse))
        #expect(try client.request("hello").status.isError(.unknownCommand))
        #expect(try client.request("resume").status.isError(.noCourse))
        let started = try client.request("start \"cpython-internals\"")
        #expect(started.values("lesson") == ["1/12 🔒 The GIL & Free-Threading"])
        #expect(started.values("expect") == ["continue"])
        let lessons = try client.request("lessons")
        #expect(lessons.values("toc").count == 12)
        #expect(lessons.values("toc").first == "▸ 1/12 gil 🔒 The GIL & Free-Threading")
    }

    @Test func conversationCommands() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        #expect(try client.request("goto 4").values("lesson") == ["4/12 🏭 Metaclass Mechanics"])
        #expect(try client.request("goto").status.isError(.badArgument))
        #expect(try client.request("hint").values("tutor") == ["Hints come with quizzes, and no question is open right now."])
        let check = ["`Child` names no metaclass. What does this print?"]
        #expect(try client.request("skip").values("quiz") == check)  // skip the reading: to the lesson's first question
        #expect(try client.request("repeat").values("quiz") == check)
        #expect(try client.request("hint").values("hint") == ["1/2 What did `class Base` get that `Child` inherits?"])
        let back = try client.request("back")  // the beat the question is about
        #expect(back.values("tutor").first?.hasPrefix("When a `class` statement runs, Python first picks the metaclass") == true)
        let progress = try client.request("progress")
        #expect(progress.values("progress") == ["score 0/44 xp 0 lessons 0/12 first-try 0/0 answers 0 accuracy 0%"])
        #expect(progress.values("toc").count == 12)
        #expect(progress.values("streak") == ["1 day"])  // studied today: the goto and skips were stored
        #expect(try client.request("restart").values("lesson") == ["1/12 🔒 The GIL & Free-Threading"])
        let whoami = try client.request("whoami")
        #expect(whoami.values("current") == ["cpython-internals"])
        #expect(whoami.values("learner").count == 1)
    }

    @Test func lessonWithAWrongThenARightAnswer() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        var reply = try client.request("")
        var steps = 0
        while reply.expectation != .answer && steps < 20 {
            reply = try client.request(reply.expectation == .choice ? "no" : reply.expectation == .exercise ? "skip" : "")
            steps += 1
        }
        #expect(reply.values("quiz") == ["Predict it before we look inside: what is the best-known reason CPython has a GIL?"])
        #expect(reply.values("option").count == 3)
        let wrong = try client.request("3")
        #expect(wrong.values("verdict") == ["incorrect"])
        #expect(wrong.values("feedback").count == 1)
        let right = try client.request("2")
        #expect(right.values("verdict") == ["correct"])
        #expect(right.values("xp") == ["+5 total 5"])
        #expect(right.values("explain").count == 1)
        // On: the beat the quiz was a prediction of, then a code block, a line per line of
        // code, and what it prints.
        let beat = try client.request("")
        #expect(beat.values("tutor").first?.hasPrefix("It guards all of the interpreter's shared state") == true)
        let next = try client.request("")
        #expect(next.values("code") == ["import sys", "print(sys.getswitchinterval())", "0.005"])
        #expect(next.values("tutor").contains("It prints:"))
    }

    @Test func jsonMode() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        try client.send("format json\nstart cpython-internals\nstart nope\nformat text\nping\n")
        var lines: [String] = []
        while lines.filter({ $0.hasPrefix("{\"ok\"") }).count < 3, let line = try client.readLine() { lines.append(line) }
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)")
        }
        let lesson = try #require(lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["type"] as? String == "lesson" })
        #expect(lesson["number"] as? Int == 1)
        #expect(lesson["icon"] as? String == "🔒")
        #expect(lines.last == "{\"ok\":false,\"error\":\"unknown-course\",\"message\":\"there is no course nope; courses lists them\"}")
        #expect(try client.readLine() == "OK")  // `format text` is answered in the new format
        #expect(try client.readLine() == "OK")  // ping
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        let count = 2000
        try client.send(String(repeating: "ping\nwhoami\n", count: count) + "quit\n")
        for _ in 0..<count {
            #expect(try client.readReply().lines.isEmpty)
            #expect(try client.readReply().values("learner").count == 1)
        }
        #expect(try client.readReply().status == .ok)
        #expect(try client.readLine() == nil)
    }

    @Test func halfClosedInputStillGetsEveryReply() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        try client.send("start cpython-internals\n\n\n2\nping")  // last line without \n
        client.shutdownWrite()
        let lines = try client.readToEnd()
        #expect(lines.filter { $0 == "OK" }.count == 5)
        #expect(lines.last == "OK")
    }
}

extension ReplyStatus {
    func isError(_ code: ErrorCode) -> Bool {
        if case .error(let error) = self { return error.code == code }
        return false
    }
}
