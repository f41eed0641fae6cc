import Foundation
import LineProtocol
import TestThreads
import Testing

/// A retry question through a real daemon, as `nc` sends it: a wrong answer plays the node
/// and asks the node's question instead of the missed one; a restart while it is open resumes
/// at it; once it is answered the lesson goes on after the missed question.
@Suite(.serialized, .blockingThreads) struct RetryEndToEndTests {
    /// The course, from Tests/Fixtures (RetryStoreTests reads it too).
    static let courseText: String = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/retry-course.dialogue").path
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }()

    /// Text replies carry a quiz's prompt; its id is in the `expect:` line.
    static let retryQuiz = Turn.quiz(id: nil, prompt: "Pick e.", isFreeText: nil)
    static let missedQuiz = Turn.quiz(id: nil, prompt: "Pick b.", isFreeText: nil)

    @Test func aWrongAnswerLeadsToTheRetryQuestionWhichSurvivesARestart() throws {
        let daemon = try DaemonProcess(start: false)
        try Self.courseText.write(toFile: daemon.dialogues + "/rt.dialogue", atomically: true, encoding: .utf8)
        try daemon.start()
        do {
            let client = try daemon.connect()
            _ = try client.request("start rt")
            _ = try client.request("")
            #expect(try client.request("").turns.contains(Self.missedQuiz))
            let wrong = try client.request("a")
            #expect(wrong.turns.contains(.verdict(.incorrect)))
            #expect(wrong.turns.contains(.tutor("Here is why.")))
            let retry = try client.request("")
            #expect(retry.turns.contains(Self.retryQuiz), "\(retry.lines)")
            #expect(!retry.turns.contains(Self.missedQuiz))
            #expect(retry.values("tutor").contains { $0.contains("new question on the same idea") }, "\(retry.lines)")
            #expect(retry.turns.last == .expect(.answer, quiz: "r1"))
            #expect(try client.request("1").turns.contains(.verdict(.incorrect)))
        }
        #expect(daemon.stop() == 0)
        try daemon.restart()
        let client = try daemon.connect()
        let resumed = try client.request("resume")
        #expect(resumed.turns.contains(Self.retryQuiz), "\(resumed.lines)")
        #expect(!resumed.turns.contains(Self.missedQuiz))
        let right = try client.request("answer r1 2")
        #expect(right.turns.contains(.verdict(.correct)), "\(right.lines)")
        #expect(right.values("tutor").contains("Back to the question you missed: Pick b. Its answer: b"))
        let on = try client.request("")
        #expect(on.turns.contains(.tutor("After the quiz.")), "\(on.lines)")
        #expect(!on.turns.contains(Self.missedQuiz))
        // The score counts q1 only (missed); r1's XP (half: its second try) is in the total.
        let progress = try client.request("progress")
        #expect(progress.values("progress") == ["score 0/1 xp 5 lessons 0/1 first-try 0/1 answers 1 accuracy 0%"], "\(progress.lines)")
    }
}
