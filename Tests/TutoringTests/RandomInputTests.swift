import Testing
@testable import Tutoring

/// Thousands of seeded random inputs: the state machine never traps, always replies, and
/// its progress stays consistent.
@Suite struct RandomInputTests {

    static let vocabulary = [
        "", "", "", "next", "yes", "no", "1", "2", "3", "4", "a", "b", "c", "z", "hint", "skip", "back",
        "repeat", "lessons", "progress", "restart", "goto", "goto 3", "goto 10", "goto 0", "goto gc", "help",
        "reference counting", "__prepare__", "dis", "None", "?", "goto 99999999999999999999", "\u{0}\u{1B}[2J",
        "é\u{301}", "🔒", String(repeating: "x", count: 5000),
    ]

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomWalk(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        let course = Fixtures.cpythonCourse
        var conversation = Conversation(course: course, seed: seed)
        var progress = LearnerProgress()
        let maxXP = course.questions.map(\.xp).reduce(0, +)
        var lastXP = 0
        for event in conversation.open().events { progress.apply(event) }
        for _ in 0..<1500 {
            let input = Self.vocabulary.randomElement(using: &generator)!
            let reply = conversation.respond(to: input)
            guard case .expect(let expectation)? = reply.turns.last else {
                Issue.record("no expect after \(input.debugDescription)")
                return
            }
            #expect(expectation == conversation.expectation)
            for event in reply.events { progress.apply(event) }
            #expect(progress == conversation.progress)
            // The summary the standing carries is kept, not recomputed: it must always be the
            // one the progress gives.
            #expect(conversation.summary == conversation.progress.summary(for: course))
            #expect(conversation.progress.xp >= lastXP && conversation.progress.xp <= maxXP)
            lastXP = conversation.progress.xp
        }
    }
}
