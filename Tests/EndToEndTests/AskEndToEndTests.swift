import Foundation
import LineProtocol
import Testing

/// `ask` through the real daemon (#14): the index built when courses load, answers with their
/// citations in both formats, the conversation left where it was, `ask all` over every course
/// (a quoted phrase kept through the request tokenizer), and `2?` at a quiz still an answer.
@Suite(.serialized) struct AskEndToEndTests {
    @Test func askAnswersWithCitationsAndTheConversationStays() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        let chat = try client.request("why does CPython have a GIL?")
        #expect(!chat.values("answer").isEmpty)
        #expect(chat.values("cite").allSatisfy { $0 == "cpython-internals seen 1/10 🔒 The GIL & Free-Threading" })
        #expect(chat.values("tutor").last == "To read it in its lesson: `goto 1`.")
        #expect(chat.lines.suffix(2).map(\.key) == ["standing", "expect"] && chat.expectation == .continue)

        _ = try client.request("format json")
        let asked = try client.request("ask what does LOAD_FAST do?")
        let cites = asked.lines.filter { $0.key == "cite" }
        #expect(!cites.isEmpty)
        let fields = Dictionary(cites[0].fields, uniquingKeysWith: { a, _ in a })
        #expect(fields["lesson"] == .int(7) && fields["ahead"] == .bool(true) && fields["goto"] == .string("goto 7"))
        #expect(fields["course"] == .string("cpython-internals") && fields["title"] == .string("Deconstructing Bytecode"))
        #expect(asked.turns.contains(.cite(Citation(course: "cpython-internals", lesson: 7, lessons: 10, icon: "💻",
                                                    title: "Deconstructing Bytecode", isAhead: true))))
        // Nothing moved: the next Enter is lesson 1's next beat.
        _ = try client.request("format text")
        let next = try client.request("")
        #expect(next.values("tutor").first?.hasPrefix("The GIL is a single lock") == true)
        #expect(try client.request("ask how do I install numpy?").values("tutor").first
                == "I don't know: I found nothing in the course that answers that. `lessons` lists what it covers.")
    }

    @Test func atAQuizAQuestionMarkIsStillAnAnswer() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        #expect(try client.request("skip").expectation == .answer)
        #expect(try client.request("2?").turns.contains(.verdict(.correct)))
    }

    @Test func askAllSearchesEveryCourse() throws {
        let daemon = try DaemonProcess(start: false)
        try daemon.addTinyCourse(lessonTitle: "Threads in a nutshell", beat: "A free threaded build runs threads in parallel; tiny's own words about it.")
        try daemon.start()
        let client = try daemon.connect()
        // No current course: every course is searched; the phrase stays a phrase.
        let reply = try client.request(#"ask all "free threaded" build"#)
        let courses = Set(reply.values("cite").map { String($0.prefix { $0 != " " }) })
        #expect(courses == ["cpython-internals", "tiny"])
        #expect(reply.values("tutor").last?.contains("`start tiny` and `goto 1`") == true)
        #expect(!reply.lines.contains { $0.key == "expect" })  // no conversation to speak of
        // With a current course, plain `ask` stays in it.
        _ = try client.request("start tiny")
        let inTiny = try client.request(#"ask "free threaded" build"#)
        #expect(Set(inTiny.values("cite").map { String($0.prefix { $0 != " " }) }) == ["tiny"])
    }
}
