import Foundation
import LineProtocol
import Testing
@testable import Tutoring

/// The wire contract: every turn the tutoring state machine says in a whole course walk (the
/// golden transcripts' inputs, replayed) goes through the daemon's encoder and the clients'
/// reader and comes back as the same typed value, in both formats.
@Suite struct WireContractTests {
    /// Every turn of every transcript replay.
    static let walkedTurns: [Turn] = TranscriptTests.files.flatMap { name -> [Turn] in
        let url = Fixtures.transcripts.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let transcript = Transcript(parsing: text)
        var conversation = Fixtures.conversation(seed: transcript.seed, course: transcript.course)
        return transcript.exchanges.flatMap { exchange in
            (exchange.input.map { conversation.respond(to: $0, at: exchange.at) } ?? conversation.open(at: exchange.at)).turns
        }
    }

    /// Encodes payloads as one reply and reads it back.
    private func roundTrip(_ payloads: [Payload], _ format: ReplyFormat) -> Reply? {
        let wire = ReplyEncoder(format: format).encode(payloads.flatMap { $0.lines(for: format) }, .ok)
        var reader = ReplyReader()
        for line in wire.split(separator: "\n", omittingEmptySubsequences: false) {
            if let reply = reader.feed(line) { return reply }
        }
        return nil
    }

    /// Every kind of turn is said in the walk, or has a sample below: the list is the protocol's
    /// own (``PayloadKind``), not one kept here by hand.
    @Test func everyKindOfTurnIsWalkedOrSampled() {
        let walked = Set(Self.walkedTurns.map(\.kind))
        let sampled = Set(Self.others.compactMap(\.kind))
        let missing = PayloadKind.allCases.filter { !walked.contains($0) && !sampled.contains($0) }
        #expect(missing.isEmpty, "neither walked nor sampled: \(missing)")
        // The walk alone says most turns: a course change that stops saying one shows here.
        #expect(PayloadKind.allCases.filter { $0.isTurn && !walked.contains($0) } == [.elapsed])
    }

    @Test(arguments: ReplyFormat.allCases)
    func everyWalkedTurnComesBackTheSame(format: ReplyFormat) throws {
        let turns = Self.walkedTurns
        #expect(turns.count > 500)
        let reply = try #require(roundTrip(turns.map(Payload.turn), format))
        #expect(reply.status == .ok)
        let expected = format == .json ? turns : turns.map(\.textCarried)
        #expect(reply.turns.count == expected.count)
        for (got, want) in zip(reply.payloads, expected) where got != .turn(want) {
            Issue.record("\(format): \(want) came back as \(got)")
        }
    }

    /// Payloads the walk does not say, or says in only one form: every kind, by an exhaustive
    /// switch, so a new kind does not compile until it has its samples here (or says why not).
    static func samples(of kind: PayloadKind) -> [Payload] {
        let empty = ProgressSummary(lessonsDone: 0, lessons: 1, xp: 0, questions: 1, correct: 0, firstTry: 0, tried: 0, answers: 0)
        switch kind {
        case .command:
            return [.command(name: "reset", usage: "reset <course> [confirm]", summary: "forget your progress - asks first"),
                    .command(name: nil, usage: "<anything else>", summary: "a chat message to the tutor; an empty line continues")]
        case .learner: return [.learner(user: "alice", uid: nil, profile: nil), .learner(user: "alice", uid: nil, profile: "work")]
        case .current: return [.current(course: "cpython-internals")]
        case .streak: return [.streak(days: 1), .streak(days: 12)]
        case .export: return [.export(json: #"{"courses":[],"profile":"","uid":1000}"#)]
        case .confirm: return [.confirm(command: "reset cpython-internals confirm")]
        case .code:
            return [.turn(.code(language: nil, lines: ["def f(x):", "", "    return x  # indented, with | and : inside"])),
                    .turn(.tutor("between two blocks")), .turn(.code(language: nil, lines: ["print(1)"]))]
        case .changed: return [.changed(.position), .changed(.courses)]
        case .unsaved: return [.unsaved(reason: "progress cannot be saved: the database is read-only")]
        case .elapsed: return [.turn(.elapsed(seconds: 7530))]
        case .exercise:
            return [.turn(.exercise(id: "positive", file: "positive.py", task: "Write `Positive`: refuse values <= 0 | with ValueError."))]
        case .standing:
            return [.turn(.standing(Standing(course: "tiny", lesson: 1, icon: nil, title: "A | title with | bars", summary: empty))),
                    .turn(.standing(Standing(course: "tiny", lesson: 1, icon: nil, title: "due 3 | a title that looks like counts",
                                             summary: empty, due: 12))),
                    .turn(.standing(Standing(course: "tiny", lesson: 1, icon: "🔒", title: "Reviewing", summary: empty, due: 2,
                                             review: (2, 7))))]
        case .reviews: return [.turn(.reviews(ReviewSummary(dueNow: 0, dueThisWeek: 0, reviewed: 0, right: 0)))]
        case .expect:
            return [.turn(.expect(.answer, quiz: "gil-why")), .turn(.expect(.continue)), .turn(.expect(.exercise, exercise: "positive"))]
        case .check:
            return [.check(number: 1, total: 3, kind: .python, message: "zero is refused with ValueError | and -1 too"),
                    .turn(.code(language: nil, lines: ["try:", "    Account().balance = 0"])),
                    .check(number: 2, total: 3, kind: .output, message: "it prints 3"), .turn(.code(language: nil, lines: ["3"]))]
        case .runner: return [.runner(language: "python", file: "positive.py"), .runner(language: "dialogue", file: "my-lesson.dialogue")]
        case .rank:
            return [.rank(LeaderboardRow(rank: 1, learner: "alice", xp: 120, lessons: 4, streak: 3, isYou: true)),
                    .rank(LeaderboardRow(rank: 12, learner: "bob/work | odd", xp: 0, lessons: 0, streak: 0, isYou: false, isHidden: true))]
        case .report:
            return [.report(ReportRow(learner: "alice", xp: 120, lessons: 4, firstTry: 6, tried: 8, lastActive: "2026-11-26T09:00:00Z")),
                    .report(ReportRow(learner: "carol", xp: 0, lessons: 0, firstTry: 0, tried: 0, lastActive: "never"))]
        case .weak: return [.weak(WeakSpot(course: "cpython-internals", question: "gil-why", missed: 5, answered: 7))]
        case .csv: return [.csv("learner,xp,lessons")]
        case .dialogues: return [.dialogues(directory: "/home/a b/.local/share/tutord/dialogues")]
        case .started: return [.started(by: "systemd", pid: 4242), .started(by: "command", pid: 1)]
        case .course, .lesson, .tutor, .nudge, .takeaway, .quiz, .option, .offer, .verdict, .feedback, .explanation, .hint, .xp,
             .toc, .progress, .summary, .help, .missed, .review, .due, .answer, .cite:
            return []  // the walk says each of these in every form it has
        }
    }

    static let others: [Payload] = PayloadKind.allCases.flatMap(samples(of:))
        + [.unrecognised(key: "from-a-newer-daemon", text: "something new | 3/4")]

    @Test(arguments: ReplyFormat.allCases)
    func everyOtherPayloadComesBackTheSame(format: ReplyFormat) throws {
        let reply = try #require(roundTrip(Self.others, format))
        #expect(reply.payloads == Self.others)
        // The uid travels in JSON only.
        let whoami = Payload.learner(user: "alice", uid: 1000, profile: nil)
        let back = try #require(roundTrip([whoami], format)).payloads
        #expect(back == [format == .json ? whoami : .learner(user: "alice", uid: nil, profile: nil)])
    }

    @Test func aFinishedCurrentLessonReadsBackFinishedInTextMode() throws {
        let row = Turn.toc(number: 2, total: 10, id: "descriptors", icon: "🎭", title: "The Descriptor Protocol", isDone: true, isCurrent: true)
        #expect(try #require(roundTrip([.turn(row)], .json)).turns == [row])
        #expect(try #require(roundTrip([.turn(row)], .text)).turns == [row.textCarried])
        #expect(row.textCarried != row)
    }

    @Test func valuesOfTheWrongFormAreUnrecognisedNotGuessed() {
        for (key, text) in [("lesson", "one of ten"), ("xp", "+five total 10"), ("toc", "? 1/10 gil The GIL"),
                            ("progress", "score 1/2"), ("verdict", "maybe"), ("expect", "dance"), ("streak", "3 weeks"),
                            ("check", "1/3 java prints hello"), ("check", "first python it fails"), ("runner", "python"),
                            ("changed", "weather"), ("elapsed", "a while"), ("missed", "3 forgotten Why?"),
                            ("standing", "tiny score 0/1 xp 0 lessons 0/1 first-try 0/0 answers 0 accuracy 0% | 1/2 Too many lessons")] {
            #expect(Payload(ReplyLine(key: key, text: text)) == .unrecognised(key: key, text: text), "\(key): \(text)")
        }
    }
}
