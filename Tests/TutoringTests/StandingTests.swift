import LineProtocol
import Dialogue
import Testing
@testable import Tutoring

/// The standing every reply carries, and the end of a course.
@Suite struct StandingTests {
    @Test func everyReplyEndsWithTheStandingThenExpect() {
        var conversation = Conversation(course: tinyCourse)
        var replies = [conversation.open()]
        for input in ["", "no", "", "lessons", "b", "", "", "hint", "goto 1", "progress"] {
            replies.append(conversation.respond(to: input))
        }
        for reply in replies {
            let keys = reply.turns.suffix(2).map(\.key)
            #expect(keys == ["standing", "expect"], "\(texts(reply))")
        }
        // After b (right, 12 XP) and moving into lesson two.
        guard case .standing(let standing)? = replies[6].turns.dropLast().last else {
            Issue.record("no standing")
            return
        }
        #expect(standing == Standing(course: "tiny", lesson: 2, icon: nil, title: "Two", summary: ProgressSummary(
            lessonsDone: 1, lessons: 2, xp: 12, questions: 2, correct: 1, firstTry: 1, tried: 1, answers: 1)))
    }

    @Test func aStoredProgressGivesTheSameStandingAsItsConversation() {
        var conversation = Conversation(course: tinyCourse)
        for input in ["", "no", "", "b", "", ""] { _ = conversation.respond(to: input) }
        #expect(conversation.progress.standing(in: tinyCourse) == conversation.standing)
        #expect(LearnerProgress().standing(in: tinyCourse).lesson == 1)
    }

    @Test func theEndSaysHowLongItTookAndWhatToRevisit() {
        var conversation = Conversation(course: tinyCourse)
        _ = conversation.open(at: 1_000)
        for input in ["", "no", "", "a", "", "b", "", "", ""] { _ = conversation.respond(to: input, at: 2_000) }
        let end = conversation.respond(to: "skip", at: 4_600)  // reveal q2
        let finished = conversation.respond(to: "", at: 4_700)
        let turns = end.turns + finished.turns
        #expect(turns.contains(.tutor("Course complete: Tiny.")))
        #expect(turns.contains(.elapsed(seconds: 3_700)))
        #expect(turns.filter { if case .missed = $0 { true } else { false } } == [
            .missed(lesson: 1, question: "q1", miss: .retried, prompt: "Pick b."),
            .missed(lesson: 2, question: "q2", miss: .revealed, prompt: "Name the module."),
        ])
        // Seen again later, the time is still the time it took, not the time since.
        let again = conversation.respond(to: "repeat", at: 90_000)
        #expect(again.turns.contains(.elapsed(seconds: 3_700)))
    }

    @Test func withoutAClockThereIsNoElapsedLine() {
        var conversation = Conversation(course: tinyCourse)
        _ = conversation.open()
        var turns: [Turn] = []
        for input in ["", "no", "", "b", "", "", "", "dis", ""] { turns += conversation.respond(to: input).turns }
        #expect(turns.contains(.tutor("Course complete: Tiny.")))
        #expect(!turns.contains { if case .elapsed = $0 { true } else { false } })
        #expect(!turns.contains { if case .missed = $0 { true } else { false } })
    }
}
