import Dialogue
import Foundation
import LineProtocol
import ProgressStore
import SpacedReview
import TestThreads
import Testing
import Tutoring

/// Spaced review through the real daemon, its clock fixed by `TUTORD_NOW` and moved on
/// by restarting it: what is due after a day and after a week is exactly what the FSRS
/// schedule says, in order; `kill -9` loses no acknowledged review; `review all` goes to the
/// most overdue course.
@Suite(.serialized, .blockingThreads) struct ReviewEndToEndTests {
    static let start: Int64 = 1_796_115_600  // 2026-12-01T09:00:00Z
    static let day: Int64 = 86_400

    static func iso(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static let course: Course = {
        let path = DaemonProcess.packageRoot.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        return DialogueParser().parse((try? String(contentsOfFile: path, encoding: .utf8)) ?? "", file: path).course!
    }()

    /// The quiz id, what to type to answer it right (the number of its right option as shown,
    /// since options are shuffled in review; a free-text question's first accepted answer) and
    /// what to type to answer it wrong.
    static func rightOption(_ reply: Reply) throws -> (id: String, right: String, wrong: String) {
        let id = try #require(reply.turns.lazy.compactMap { turn -> String? in
            if case .quiz(let id, _, _) = turn { return id }
            return nil
        }.first)
        let question = try #require(course.question(id: id)?.question)
        if case .freeText(let accepted) = question.answers { return (id, try #require(accepted.first), "surely not this") }
        let right = try #require(question.options.first(where: \.isCorrect)?.text)
        let number = try #require(reply.turns.lazy.compactMap { turn -> Int? in
            if case .option(let number, let text) = turn, text == right { return number }
            return nil
        }.first)
        return (id, "\(number)", "\(number % question.options.count + 1)")
    }

    /// Goes to lesson `lesson`'s first question and answers it: right at once (`good`), wrong
    /// first (`again`), or right after a hint (`hard`).
    static func answerFirstQuestion(of lesson: Int, _ rating: Rating, _ client: TestClient) throws -> String {
        _ = try client.request("goto \(lesson)")
        let quiz = try client.request("skip")
        let (id, right, wrong) = try rightOption(quiz)
        switch rating {
        case .again: _ = try client.request(wrong)
        case .hard: _ = try client.request("hint")
        case .good, .easy: break
        }
        #expect(try client.request("\(right)").turns.contains(.verdict(.correct)))
        return id
    }

    /// A learner's three first answers at `start`: what the schedule is made of.
    static let firstAnswers: [(lesson: Int, rating: Rating)] = [(1, .good), (4, .hard), (6, .again)]

    func answeredDaemon() throws -> (DaemonProcess, [String: CardState]) {
        let daemon = try DaemonProcess(environment: ["TUTORD_NOW": Self.iso(Self.start)])
        let client = try daemon.connect()
        _ = try client.request("format json")
        _ = try client.request("start cpython-internals")
        var cards: [String: CardState] = [:]
        for (lesson, rating) in Self.firstAnswers {
            let id = try Self.answerFirstQuestion(of: lesson, rating, client)
            cards[id] = LearnerProgress.scheduler.review(CardState(due: Self.start), rating: rating, at: Self.start)
        }
        return (daemon, cards)
    }

    /// The ids of the due cards as a review session asks them, revealing each (one pass).
    func reviewOrder(_ client: TestClient) throws -> [String] {
        var reply = try client.request("review")
        var ids: [String] = []
        while !reply.values("review").isEmpty {
            ids.append(try Self.rightOption(reply).id)
            _ = try client.request("skip")
            reply = try client.request("")
        }
        return ids
    }

    @Test func afterADayAndAWeekTheDueCardsAreWhatTheScheduleSays() throws {
        var (daemon, cards) = try answeredDaemon()
        let scheduler = LearnerProgress.scheduler
        func expectedDue(at now: Int64) -> [String] {
            cards.filter { $0.value.due <= now }.sorted { ($0.value.due, $0.key) < ($1.value.due, $1.key) }.map(\.key)
        }

        // A day later: all three are due, most overdue first, and opening the course says so.
        let oneDay = Self.start + Self.day
        #expect(daemon.stop() == 0)
        try daemon.restart(setting: ["TUTORD_NOW": Self.iso(oneDay)])
        var client = try daemon.connect()
        let opened = try client.request("resume")
        #expect(opened.turns.contains(.due(count: 3)))
        #expect(opened.turns.contains { if case .standing(let standing) = $0 { standing.due == 3 } else { false } })
        let order = expectedDue(at: oneDay)
        #expect(order.count == 3)
        // Review them: the first right, the others revealed (graded again).
        _ = try client.request("format json")
        var reply = try client.request("review")
        #expect(reply.turns.contains(.review(number: 1, total: 3)))
        var asked: [String] = []
        for index in 0..<3 {
            let (id, right, _) = try Self.rightOption(reply)
            asked.append(id)
            let rating: Rating = index == 0 ? .good : .again
            if index == 0 {
                #expect(try client.request("\(right)").turns.contains { if case .xp(2, _) = $0 { true } else { false } })
            } else {
                #expect(try client.request("skip").turns.contains(.verdict(.revealed)))
            }
            cards[id] = scheduler.review(cards[id]!, rating: rating, at: oneDay)
            reply = try client.request("")
        }
        #expect(asked == order)
        #expect(reply.values("tutor").contains("Review done: 1 of 3 right."))

        // A week after the start: exactly the cards whose new due time has passed, in order.
        let oneWeek = Self.start + 7 * Self.day
        #expect(daemon.stop() == 0)
        try daemon.restart(setting: ["TUTORD_NOW": Self.iso(oneWeek)])
        client = try daemon.connect()
        _ = try client.request("format json")
        _ = try client.request("resume")
        let expected = expectedDue(at: oneWeek)
        #expect(!expected.isEmpty)
        let reviewed = try reviewOrder(client)
        #expect(reviewed == expected, "cards: \(cards)")
        // And progress counts what the reviews measured.
        let progress = try client.request("progress")
        let reviews = try #require(progress.turns.lazy.compactMap { turn -> ReviewSummary? in
            if case .reviews(let summary) = turn { return summary }
            return nil
        }.first)
        #expect(reviews.reviewed == 3 + expected.count && reviews.right == 1)
    }

    @Test func killNineDuringAReviewLosesNoAcknowledgedReview() throws {
        let (daemon, _) = try answeredDaemon()
        #expect(daemon.stop() == 0)
        let later = Self.start + Self.day
        try daemon.restart(setting: ["TUTORD_NOW": Self.iso(later)])
        let client = try daemon.connect()
        _ = try client.request("format json")
        _ = try client.request("resume")
        let first = try client.request("review")
        let (id, right, _) = try Self.rightOption(first)
        let answered = try client.request("\(right)")
        #expect(answered.status == .ok && answered.turns.contains(.verdict(.correct)))
        daemon.kill9()

        let store = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite", readOnly: true)
        let progress = try #require(try store.progress(for: LearnerID(uid: getuid()), course: "cpython-internals"))
        #expect(progress.reviewed == 1 && progress.reviewedRight == 1)
        #expect(try store.integrityCheck() == "ok")
        // Back up at the same moment: the reviewed card is no longer due, the other two are.
        try daemon.restart()
        let again = try daemon.connect()
        _ = try again.request("format json")
        _ = try again.request("resume")
        let resumed = try again.request("review")
        #expect(resumed.turns.contains(.review(number: 1, total: 2)))
        #expect(try Self.rightOption(resumed).id != id)
    }

    @Test func reviewAllGoesToTheMostOverdueCourse() throws {
        let daemon = try DaemonProcess(environment: ["TUTORD_NOW": Self.iso(Self.start)], start: false)
        try daemon.addTinyCourse()
        try daemon.start()
        do {
            let client = try daemon.connect()
            _ = try client.request("start tiny")
            _ = try client.request("skip")
            _ = try client.request("2")  // right at once: due in ten minutes
        }
        #expect(daemon.stop() == 0)
        try daemon.restart(setting: ["TUTORD_NOW": Self.iso(Self.start + 60)])
        do {
            let client = try daemon.connect()
            _ = try client.request("start cpython-internals")
            _ = try client.request("skip")
            _ = try client.request("2")  // right at once too, a minute later: due after tiny's
        }
        #expect(daemon.stop() == 0)
        try daemon.restart(setting: ["TUTORD_NOW": Self.iso(Self.start + Self.day)])
        let client = try daemon.connect()
        let all = try client.request("review all")
        #expect(all.values("tutor").first == "Due for review: tiny 1, cpython-internals 1. Starting with tiny.", "\(all.lines)")
        #expect(try client.request("status").values("current") == ["tiny"])
        _ = try client.request("skip")
        #expect(try client.request("").values("tutor").contains("Review done: 0 of 1 right."))
        let next = try client.request("review all")
        #expect(next.values("tutor").first == "Due for review: cpython-internals 1. Starting with cpython-internals.")
        #expect(next.values("review") == ["1/1"])
        _ = try client.request("stop")
        #expect(try client.request("review all").values("tutor").first == "Due for review: cpython-internals 1. Here in cpython-internals.")
        _ = try client.request("skip")
        _ = try client.request("")
        #expect(try client.request("review all").values("tutor") == ["Nothing is due for review in any course."])
        #expect(try client.request("review everything").status == .error(ProtocolError(.badArgument, "usage: review [all]")))
    }

    @Test func aBadClockIsRefusedAtStartUp() throws {
        let daemon = try DaemonProcess(environment: ["TUTORD_NOW": "next tuesday"], start: false)
        #expect(throws: (any Error).self) { try daemon.start() }
        #expect(daemon.stderrText().contains("TUTORD_NOW=next tuesday is not an ISO 8601 time with a zone, such as 2026-12-24T09:00:00Z"))
    }
}
