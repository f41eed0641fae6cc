import Foundation
import LineProtocol
import TestPostgres
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What one learner's answers may add to the store: a class's daemon limits their rate and
/// their stored volume, and stores every answer cut to 256 characters; a user's own daemon
/// limits nothing unless told to. The daemon's clock stands still (`TUTORD_NOW`), so a
/// learner's token bucket never refills during a test: the counts are exact.
@Suite(.serialized, .blockingThreads) struct WriteLimitsEndToEndTests {
    static let now = ["TUTORD_NOW": "2026-12-01T09:00:00Z"]

    /// A daemon with a one-question course `free` (free text, accepts `yes`; a wrong answer
    /// asks again, without a detour), started with `arguments`.
    func daemon(_ arguments: [String]) throws -> DaemonProcess {
        let daemon = try DaemonProcess(arguments: arguments, environment: Self.now, start: false)
        try """
            course free
            title: Free
            level: beginner
            summary: One free-text question.

            lesson one
            title: One
            > A beat.
            question f1
            ask: Say yes.
            accept: yes
            explain: Because yes.
            hint: It is yes.
            takeaway: Say yes.
            """.write(toFile: daemon.dialogues + "/free.dialogue", atomically: true, encoding: .utf8)
        try daemon.start()
        return daemon
    }

    /// A connection at the quiz `f1`.
    func atTheQuiz(_ daemon: DaemonProcess) throws -> TestClient {
        let client = try daemon.connect()
        #expect(try client.request("start free").status == .ok)
        let quiz = try client.request("")
        #expect(quiz.expectation == .answer, "not at the quiz: \(quiz.lines) \(quiz.statusLine)")
        return client
    }

    /// Sends `lines` at once (a script's flood: pipelined, nothing waits for a reply), then
    /// reads their replies.
    func flood(_ lines: [String], on client: TestClient) throws -> [Reply] {
        try client.send(lines.map { $0 + "\n" }.joined())
        return try lines.map { _ in try client.readReply() }
    }

    /// The learner's stored answers in `free` (their text), from `export`.
    func exportedAnswers(_ client: TestClient) throws -> (answers: [String], reviews: [String?]) {
        let export = try client.request("export")
        let json = try #require(export.values("export").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let courses = try #require(object["courses"] as? [[String: Any]])
        guard let free = courses.first(where: { $0["course"] as? String == "free" }) else { return ([], []) }
        let answers = (free["answers"] as? [[String: Any]] ?? []).map { $0["given"] as? String ?? "" }
        let reviews = (free["reviews"] as? [[String: Any]] ?? []).map { $0["given"] as? String }
        return (answers, reviews)
    }

    /// The name of the group the tests run in, for a classroom socket they may connect to.
    static var ownGroup: String {
        guard let group = getgrgid(getgid()) else { return "root" }
        return String(cString: group.pointee.gr_name)
    }

    /// A classroom daemon with its defaults: a flood of 40 answers from one connection gets
    /// exactly the burst (30) answered and recorded, and the rest `ERR rate-limited`, saying
    /// when to try again. The refused ones are nowhere (export, the standing's count), the quiz
    /// is still open, and what does not grow the store (a hint) still works.
    @Test func aClassroomTakesABurstOfAnswersThenRefusesTheFlood() throws {
        let daemon = try daemon(["--classroom", "--socket-group", Self.ownGroup])
        let client = try atTheQuiz(daemon)
        let replies = try flood((0..<40).map { "answer f1 wrong-\($0)" }, on: client)
        #expect(replies.prefix(30).allSatisfy { $0.status == .ok && $0.values("verdict") == ["incorrect"] })
        for reply in replies.dropFirst(30) {
            #expect(reply.status == .error(ProtocolError(.rateLimited, "too many answers at once: this tutor takes 30 in a row, then 120 a minute; nothing was recorded, send it again in 1 s")))
            #expect(reply.lines.isEmpty)
        }
        // Chat lines are answers too when a quiz is open, and `skip` would grade the card.
        #expect(try client.request("wrong-again").status.isError(.rateLimited))
        #expect(try client.request("skip").status.isError(.rateLimited))
        // Nothing moved: the same quiz, answers as counted.
        let status = try client.request("status")
        #expect(status.expectation == .answer)
        #expect(status.values("standing").first?.contains("answers 30 ") == true)
        #expect(try client.request("hint").values("hint").count == 1)
        let stored = try exportedAnswers(client)
        #expect(stored.answers == (0..<30).map { "wrong-\($0)" })
        #expect(stored.reviews == ["wrong-0"])  // the card's first grading
    }

    /// A user's own daemon, without flags, limits nothing: 300 answers at once are all stored.
    @Test func aUsersDaemonWithoutFlagsHasNoLimits() throws {
        let daemon = try daemon([])
        let client = try atTheQuiz(daemon)
        let replies = try flood((0..<300).map { "answer f1 wrong-\($0)" }, on: client)
        #expect(replies.allSatisfy { $0.status == .ok })
        #expect(try exportedAnswers(client).answers.count == 300)
    }

    /// Flags set the rate either way: here a burst of 3, then one a second.
    @Test func theFlagsSetTheRate() throws {
        let daemon = try daemon(["--answer-burst", "3", "--max-answers-per-minute", "60"])
        let client = try atTheQuiz(daemon)
        let statuses = try flood((0..<5).map { "answer f1 wrong-\($0)" }, on: client).map(\.status)
        #expect(statuses.prefix(3).allSatisfy { $0 == .ok })
        #expect(statuses.dropFirst(3).allSatisfy { $0.isError(.rateLimited) })
        #expect(try exportedAnswers(client).answers.count == 3)
    }

    /// A 4 KB answer is judged (and here refused) on all of it, and stored cut: its first 255
    /// characters and `…`, as `export` shows, in the answers and in the card's first grading.
    @Test func aLongAnswerIsStoredCut() throws {
        let daemon = try daemon([])
        let client = try atTheQuiz(daemon)
        let long = String(repeating: "😀", count: 1000)  // 4,000 bytes: a line within --max-line-bytes
        #expect(try client.request("answer f1 " + long).values("verdict") == ["incorrect"])
        #expect(try client.request("answer f1 short").status == .ok)
        let stored = try exportedAnswers(client)
        let cut = String(repeating: "😀", count: 255) + "…"
        #expect(stored.answers == [cut, "short"])
        #expect(stored.reviews == [cut])
    }

    /// At the cap on stored answers and gradings, an answer gets `ERR quota` saying the limit
    /// and what frees room; nothing is recorded and the quiz stays open. `reset` frees the
    /// course's room, and after a restart the count is read back from the store.
    @Test func atTheVolumeCapAnswersGetQuotaUntilAResetFreesRoom() throws {
        let daemon = try daemon(["--max-stored-answers", "5"])
        var client = try atTheQuiz(daemon)
        // The first answer stores an answer and the card's grading; each later one an answer.
        for index in 0..<4 { #expect(try client.request("answer f1 wrong-\(index)").status == .ok) }
        let refused = try client.request("answer f1 yes")
        #expect(refused.status == .error(ProtocolError(.quota, "you have 5 answers and review gradings stored, this tutor's limit (5), so nothing was recorded; `reset <course> confirm` forgets a course's progress and frees its room (most are in free: 5)")))
        #expect(try client.request("status").expectation == .answer)
        #expect(try exportedAnswers(client).answers == (0..<4).map { "wrong-\($0)" })
        // Steps and reads still work at the cap.
        #expect(try client.request("hint").status == .ok)
        #expect(try client.request("reset free confirm").status == .ok)
        client = try atTheQuiz(daemon)
        #expect(try client.request("answer f1 wrong").status == .ok)  // 2 rows stored now
        #expect(try exportedAnswers(client).answers == ["wrong"])
        #expect(daemon.stop() == 0)
        try daemon.restart()
        client = try atTheQuiz(daemon)
        for index in 0..<3 { #expect(try client.request("answer f1 again-\(index)").status == .ok) }
        #expect(try client.request("answer f1 yes").status.isError(.quota))
        #expect(try exportedAnswers(client).answers == ["wrong", "again-0", "again-1", "again-2"])
    }

    /// The same cap with progress in PostgreSQL: the count a restarted daemon reads back is
    /// PostgreSQL's, and a reset frees room there too.
    @Test func theCapCountsWhatPostgreSQLHolds() throws {
        let server = PostgresServer.shared
        let daemon = try daemon(["--database", server.address(of: try server.makeDatabase()), "--max-stored-answers", "3"])
        var client = try atTheQuiz(daemon)
        for index in 0..<2 { #expect(try client.request("answer f1 wrong-\(index)").status == .ok) }  // 3 rows
        #expect(try client.request("answer f1 yes").status.isError(.quota))
        #expect(daemon.stop() == 0)
        try daemon.restart()
        client = try atTheQuiz(daemon)
        #expect(try client.request("answer f1 yes").status.isError(.quota))
        #expect(try exportedAnswers(client).answers == ["wrong-0", "wrong-1"])
        #expect(try client.request("reset free confirm").status == .ok)
        client = try atTheQuiz(daemon)
        #expect(try client.request("answer f1 yes").values("verdict") == ["correct"])
    }
}
