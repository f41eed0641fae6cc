import Foundation
import Testing
@testable import LineProtocol

@Suite struct RequestTokenizerTests {
    @Test(arguments: [
        ("start cpython-internals", ["start", "cpython-internals"]),
        ("  goto   3  ", ["goto", "3"]),
        ("learner\t\"my profile\"", ["learner", "my profile"]),
        (#"say "a \"quoted\" word" x"#, ["say", #"a "quoted" word"#, "x"]),
        (#"path "back\\slash""#, ["path", #"back\slash"#]),
        ("", []),
        ("\"\"", [""]),
        ("é 🔒", ["é", "🔒"]),
        // A combining mark after a quote or a space does not hide it (found by fuzzing: as
        // characters, `"` + U+05AD is one grapheme and the quote was not seen).
        ("\"\u{5AD}\"", ["\u{5AD}"]),
        ("say \u{301}x", ["say", "\u{301}x"]),
        ("say \"e\u{301}\" \u{301}", ["say", "e\u{301}", "\u{301}"]),
    ])
    func words(_ line: String, _ expected: [String]) throws {
        #expect(try RequestTokenizer.words(line[...]) == expected)
    }

    @Test(arguments: [
        ("start \"unterminated", "unterminated quoted argument"),
        ("start \"a\"b", "a quoted argument must be followed by a space"),
        ("start a\"b\"", "a quote may only start an argument"),
        ("start \"ends with backslash\\", "unterminated quoted argument"),
    ])
    func malformed(_ line: String, _ message: String) {
        #expect(throws: ProtocolError(.badRequest, message)) { try RequestTokenizer.words(line[...]) }
    }

    @Test(arguments: ["my profile", #"a "quoted" \ word"#, "\\\u{747}x", "\"\u{5AD}", ""])
    func quotedWordsReadBackWhole(_ word: String) throws {
        #expect(try RequestTokenizer.words(Substring("say " + RequestTokenizer.quoted(word) + " x")) == ["say", word, "x"])
    }

    @Test func commandWord() {
        #expect(RequestTokenizer.commandWord("  HINT please") == "HINT")
        #expect(RequestTokenizer.commandWord("") == "")
        #expect(RequestTokenizer.commandWord("hint \u{301}more") == "hint")
    }
}

@Suite struct ReplyEncoderTests {
    let lines = [
        ReplyLine(key: "tutor", text: "Hello\nworld\u{1B}[2J\ttab", fields: []),
        ReplyLine(key: "option", text: "1 \"quoted\" é", fields: [("number", .int(1)), ("done", .bool(true)), ("icon", .null)]),
    ]

    @Test func textModeKeepsEveryValueOnOneLine() {
        let text = ReplyEncoder(format: .text).encode(lines, .ok)
        #expect(text == "tutor: Hello\u{FFFD}world\u{FFFD}[2J tab\noption: 1 \"quoted\" é\nOK\n")
    }

    @Test func textModeErrors() {
        let text = ReplyEncoder(format: .text).encode([], .error(ProtocolError(.busy, "full\nreally")))
        #expect(text == "ERR busy full\u{FFFD}really\n")
    }

    @Test func jsonModeIsOneObjectPerLine() throws {
        let text = ReplyEncoder(format: .json).encode(lines, .error(ProtocolError(.noCourse, "no \"course\"")))
        let rows = text.split(separator: "\n")
        #expect(rows.count == 3)
        for row in rows {
            #expect(try JSONSerialization.jsonObject(with: Data(row.utf8)) is [String: Any])
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any])
        #expect(first["text"] as? String == "Hello\nworld\u{1B}[2J\ttab")  // escaped, not raw
        #expect(!rows[0].contains("\u{1B}"))
        #expect(rows[1] == #"{"type":"option","text":"1 \"quoted\" é","number":1,"done":true,"icon":null}"#)
        #expect(rows[2] == #"{"ok":false,"error":"no-course","message":"no \"course\""}"#)
    }

    @Test func everyErrorCodeIsAWordWithoutSpaces() {
        for code in ErrorCode.allCases {
            #expect(!code.rawValue.contains(" ") && code.rawValue == code.rawValue.lowercased())
        }
    }
}

@Suite struct ReplyReaderTests {
    @Test func readsRepliesBackFromText() {
        var reader = ReplyReader()
        #expect(reader.feed("OK tutord 1")?.statusLine == "OK tutord 1")
        #expect(reader.feed("lesson: 1/10 x") == nil)
        #expect(reader.feed("expect: continue") == nil)
        let reply = reader.feed("OK")
        #expect(reply?.values("lesson") == ["1/10 x"])
        #expect(reply?.lines.count == 2)
        let error = reader.feed("ERR unknown-course there is no course x")
        #expect(error?.status == .error(ProtocolError(.unknownCourse, "there is no course x")))
        #expect(error?.lines.isEmpty == true)
    }

    @Test func roundTrip() {
        let lines = [ReplyLine(key: "tutor", text: "a: b"), ReplyLine(key: "xp", text: "+10 total 10")]
        var reader = ReplyReader()
        var result: Reply?
        for line in ReplyEncoder(format: .text).encode(lines, .ok).split(separator: "\n") {
            result = reader.feed(line)
        }
        #expect(result?.lines == lines)
        #expect(result?.status == .ok)
    }
}

/// The greeting and its version, from one definition: a client says clearly when
/// the daemon speaks a newer protocol, or is not tutord at all.
@Suite struct GreetingTests {
    @Test func theDaemonsGreetingIsAcceptedAndANewerOneIsNot() {
        #expect(Greeting.text == "OK tutord \(Greeting.version)")
        #expect(Greeting.problem(with: Greeting.text) == nil)
        #expect(Greeting.problem(with: "OK tutord 0") == nil)  // an older daemon: its replies are a subset
        #expect(Greeting.problem(with: "ERR busy tutord is at its connection limit") == nil)  // a reply, read as one
        let newer = Greeting.problem(with: "OK tutord \(Greeting.version + 1)")
        #expect(newer?.contains("speaks protocol \(Greeting.version + 1), newer than the \(Greeting.version)") == true)
        #expect(Greeting.problem(with: "+PONG")?.contains("not tutord") == true)
        #expect(Greeting.problem(with: "OK MPD 0.23.12")?.contains("not tutord") == true)
    }
}

/// Rows of `leaderboard` and `report` from a daemon before exercises (no `exercise-xp`) still
/// read, as 0 exercise XP; the new form reads its figure.
@Suite struct ClassRowDecodingTests {
    @Test func rowsWithoutExerciseXPReadAsNone() {
        #expect(Payload(ReplyLine(key: "rank", text: "2 xp 5 lessons 0 streak 1 you hidden | alice/home"))
                == .rank(LeaderboardRow(rank: 2, learner: "alice/home", xp: 5, lessons: 0, streak: 1, isYou: true, isHidden: true)))
        #expect(Payload(ReplyLine(key: "report", text: "xp 10 lessons 0 first-try 1/1 100% last never | bob"))
                == .report(ReportRow(learner: "bob", xp: 10, lessons: 0, firstTry: 1, tried: 1, lastActive: "never")))
    }

    @Test func rowsWithExerciseXPReadIt() {
        #expect(Payload(ReplyLine(key: "rank", text: "1 xp 30 lessons 1 streak 2 exercise-xp 20 you | alice"))
                == .rank(LeaderboardRow(rank: 1, learner: "alice", xp: 30, exerciseXP: 20, lessons: 1, streak: 2, isYou: true)))
        #expect(Payload(ReplyLine(key: "report", text: "xp 30 lessons 1 first-try 1/1 100% last never exercise-xp 20 | alice"))
                == .report(ReportRow(learner: "alice", xp: 30, exerciseXP: 20, lessons: 1, firstTry: 1, tried: 1, lastActive: "never")))
        // A figure that is no number is no row.
        #expect(Payload(ReplyLine(key: "report", text: "xp 30 lessons 1 first-try 1/1 100% last never exercise-xp x | alice"))
                == .unrecognised(key: "report", text: "xp 30 lessons 1 first-try 1/1 100% last never exercise-xp x | alice"))
    }
}
