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

    /// As ``randomWalk(seed:)``, with time passing (up to three days a step) and `review` in
    /// the vocabulary, so cards are graded and reviewed for XP too.
    @Test(arguments: [6, 7, 8] as [UInt64])
    func randomWalkWithReviews(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        let course = Fixtures.cpythonCourse
        var conversation = Conversation(course: course, seed: seed)
        var now: Int64 = 1_800_000_000
        _ = conversation.open()
        var reviewed = 0
        for _ in 0..<1500 {
            let input = (Self.vocabulary + ["review", "review", "review", "1", "2"]).randomElement(using: &generator)!
            now += Int64.random(in: 0...(3 * 86_400), using: &generator)
            let reply = conversation.respond(to: input, at: now)
            reviewed += reply.events.filter { if case .cardReviewed(let card) = $0 { card.isReview } else { false } }.count
            #expect(conversation.summary == conversation.progress.summary(for: course))
            // The standing line, made once and handed out while nothing in it changes, is
            // always the line a standing made now would have.
            let shown = reply.turns.compactMap { if case .standing(let standing) = $0 { standing.text } else { nil } }
            #expect(shown == [conversation.standing(at: now).text])
        }
        #expect(reviewed > 0, "the walk reviewed no card")
    }

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
            guard case .expect(let expectation, _)? = reply.turns.last else {
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
